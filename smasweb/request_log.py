"""Structured request logs: a request id per request, one access line per request.

Format: logfmt (`key=value` pairs, values with spaces quoted), chosen over JSON so a
line stays readable in a terminal or `journalctl` and still parses with any logfmt
reader; a traceback follows its line as plain text. Every record of the `smasweb`
logger carries the request id (`request_id=-` outside a request). Lines go to the
WSGI error stream (gunicorn's error log) or stderr.
"""

import logging
import re
import secrets
import time

from flask import Flask, Response, g, has_request_context, request
from flask.logging import default_handler, wsgi_errors_stream

LOGGER = "smasweb"
access_log = logging.getLogger("smasweb.access")
# A client-sent id is kept only when it is short and plain (it ends up in logs).
_SANE_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._:-]{0,63}")


def request_id() -> str | None:
    """The current request's id (None outside a request)."""
    return g.get("request_id") if has_request_context() else None


def _quote(value) -> str:
    text = str(value)
    if text and not re.search(r'[\s"=]', text):
        return text
    # escaped so that a crafted path cannot forge a second log line
    text = text.replace("\\", "\\\\").replace('"', '\\"')
    return '"' + text.replace("\n", "\\n").replace("\r", "\\r") + '"'


def _install_record_factory() -> None:
    """Every log record made during a request carries its id (also those of
    libraries and the ones pytest's caplog sees)."""
    base = logging.getLogRecordFactory()
    if getattr(base, "smas", False):
        return

    def factory(*args, **kwargs) -> logging.LogRecord:
        record = base(*args, **kwargs)
        record.request_id = request_id() or "-"
        return record

    factory.smas = True
    logging.setLogRecordFactory(factory)


class LogfmtFormatter(logging.Formatter):
    """`ts=… level=… logger=… request_id=… msg=…` plus the record's `fields`."""

    def format(self, record: logging.LogRecord) -> str:
        pairs = {
            "ts": self.formatTime(record, "%Y-%m-%dT%H:%M:%S%z"),
            "level": record.levelname,
            "logger": record.name,
            "request_id": getattr(record, "request_id", "-"),
            "msg": record.getMessage(),
            **getattr(record, "fields", {}),
        }
        line = " ".join(f"{k}={_quote(v)}" for k, v in pairs.items())
        if record.exc_info:
            line += "\n" + self.formatException(record.exc_info)
        return line


def configure_logging(app: Flask) -> None:
    """One logfmt handler on the `smasweb` logger (once per process)."""
    _install_record_factory()
    logger = logging.getLogger(LOGGER)
    logger.setLevel(app.config.get("LOG_LEVEL") or "INFO")
    logger.removeHandler(default_handler)  # ours replaces Flask's plain one
    if any(getattr(h, "smas", False) for h in logger.handlers):
        return
    handler = logging.StreamHandler(wsgi_errors_stream)
    handler.smas = True
    handler.setFormatter(LogfmtFormatter())
    logger.addHandler(handler)


def _start() -> None:
    incoming = request.headers.get("X-Request-ID", "")
    g.request_id = incoming if _SANE_ID.fullmatch(incoming) else secrets.token_hex(8)
    g.request_started = time.perf_counter()


def _user_id() -> str:
    # Only a user already loaded: the log line must not cost a query.
    user = g.get("_login_user")
    return str(user.id) if user is not None and user.is_authenticated else "-"


def _finish(resp: Response) -> Response:
    rid = g.get("request_id")
    if rid is None:  # not through full_dispatch_request (e.g. a routing redirect)
        return resp
    resp.headers["X-Request-ID"] = rid
    duration = time.perf_counter() - g.request_started
    fields = {
        "method": request.method,
        "path": request.path,
        "status": resp.status_code,
        "duration_ms": round(duration * 1000, 1),
        "user_id": _user_id(),
        "endpoint": request.endpoint or "-",
    }
    access_log.info("request", extra={"fields": fields})
    return resp


def init_app(app: Flask) -> None:
    """The id is made before any other hook (CSRF's may refuse the request) and the
    access line is written after all of them (after_request runs in reverse)."""
    configure_logging(app)
    app.before_request_funcs.setdefault(None, []).insert(0, _start)
    app.after_request_funcs.setdefault(None, []).insert(0, _finish)
