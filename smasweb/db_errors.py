"""Database errors a user can cause by racing others, answered as conflicts, not 500s.

- `StaleDataError`: two saves of one record from the same version; the loser's
  UPDATE matched no row (the `version` column of SchoolOwned). 409, naming the fields
  the other user changed.
- `IntegrityError` on a unique or foreign key: a double-submitted create, two identical
  imports at once, or a parent deleted meanwhile. 409. Other integrity errors (NOT NULL,
  CHECK) are bugs: they stay 500 and are logged.
- `OperationalError` of a statement stopped by the statement timeout: 503 (see
  statement_timeout.py); SQLite's "database is locked" after its busy wait: 503.
"""

import logging
import sys
from urllib.parse import urlsplit

from flask import Flask, Response, has_request_context, request
from flask_wtf import FlaskForm
from sqlalchemy import event, inspect
from sqlalchemy.exc import IntegrityError, OperationalError
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError
from wtforms.fields.core import UnboundField

from smasweb.error_pages import error_response, server_error
from smasweb.extensions import db
from smasweb.security import safe_next

log = logging.getLogger("smasweb.errors")

STALE = (
    "Dữ liệu đã bị người khác thay đổi trong lúc bạn sửa nên chưa lưu thay đổi của "
    "bạn. Hãy tải lại trang để xem bản mới rồi nhập lại thay đổi."
)
GONE = "Bản ghi này vừa bị người khác xóa nên không lưu được thay đổi của bạn."
DUPLICATE = (
    "Dữ liệu này vừa được lưu bởi một thao tác khác (biểu mẫu gửi hai lần hoặc "
    "người khác nhập cùng lúc) nên không lưu thêm lần nữa. Hãy tải lại trang để xem "
    "dữ liệu hiện có."
)
PARENT_GONE = (
    "Dữ liệu liên quan vừa bị người khác xóa hoặc thay đổi nên chưa lưu được. "
    "Hãy tải lại trang rồi thử lại."
)
TIMEOUT = (
    "Truy vấn quá lâu nên đã dừng (giới hạn {seconds} giây). Hãy thu hẹp điều kiện "
    "lọc hoặc thử lại sau; nếu vẫn lỗi, hãy báo quản trị kèm mã lỗi."
)
BUSY = "Hệ thống đang bận ghi dữ liệu khác. Hãy thử lại sau ít phút."

_UNIQUE = {"23505", "SQLITE_CONSTRAINT_UNIQUE", "SQLITE_CONSTRAINT_PRIMARYKEY"}
_FOREIGN_KEY = {"23503", "SQLITE_CONSTRAINT_FOREIGNKEY"}
_IGNORED = {"version", "updated_at", "created_at"}
_ORIGINALS = "smas_versioned_originals"


def _code(exc) -> str:
    """The SQLSTATE (psycopg) or SQLite's extended error name of a DBAPI error."""
    orig = getattr(exc, "orig", None)
    return getattr(orig, "sqlstate", None) or getattr(orig, "sqlite_errorname", "")


def _remember_originals(session: Session, _ctx, _instances) -> None:
    """Before each flush, the loaded values of the versioned rows it updates: a
    failed flush expires them, and the conflict message compares them with the
    winner's values."""
    if not has_request_context():  # only a request answers with the fields
        return
    originals = []
    for obj in (*session.dirty, *session.deleted):
        state = inspect(obj)
        if state.mapper.version_id_col is None or not state.has_identity:
            continue
        values = {**state.dict, **state.committed_state}
        columns = {a.key for a in state.mapper.column_attrs} - _IGNORED
        snapshot = {k: values[k] for k in columns if k in values}
        originals.append((state.class_, state.identity, snapshot))
    session.info[_ORIGINALS] = originals


def _changed_fields() -> tuple[list[str], bool]:
    """(labels of the fields someone else changed, whether a row is gone); the
    session must be rolled back already."""
    names, gone = [], False
    for cls, identity, snapshot in db.session.info.pop(_ORIGINALS, []):
        fresh = db.session.get(cls, identity)
        if fresh is None:
            gone = True
            continue
        names += [k for k, v in snapshot.items() if getattr(fresh, k) != v]
    labels = _form_labels()
    return sorted({labels[n] for n in names if n in labels}), gone


def _form_labels() -> dict[str, str]:
    """Field name → label, from the form of the request's blueprint that best
    matches the fields posted."""
    module = sys.modules.get(f"smasweb.blueprints.{request.blueprint}.forms")
    posted = set(request.form)
    best: dict[str, str] = {}
    for obj in vars(module).values() if module else ():
        if isinstance(obj, type) and issubclass(obj, FlaskForm):
            labels = _labels_of(obj)
            if len(posted & labels.keys()) > len(posted & best.keys()):
                best = labels
    return best


def _labels_of(form_cls: type) -> dict[str, str]:
    out = {}
    for name in dir(form_cls):
        field = getattr(form_cls, name, None)
        if isinstance(field, UnboundField):
            label = field.args[0] if field.args else field.kwargs.get("label")
            if isinstance(label, str):
                out[name] = label
    return out


def reload_url() -> str | None:
    """The page to reload: the one the user is on (same site), else this URL."""
    current = request.headers.get("HX-Current-URL") or request.referrer
    if current:
        parts = urlsplit(current)
        page = safe_next(parts.path + (f"?{parts.query}" if parts.query else ""))
        if parts.netloc == request.host and page:
            return page
    rule = request.url_rule
    if rule is not None and "GET" in (rule.methods or ()):
        return request.full_path.rstrip("?")
    return None


def _stale(exc: StaleDataError) -> Response:

    db.session.rollback()
    changed, gone = _changed_fields()
    db.session.rollback()
    log.info("conflict: stale save on %s", request.endpoint)
    message = GONE if gone and not changed else STALE
    if changed:
        message += " Người khác đã sửa: " + ", ".join(changed) + "."
    return error_response(409, message, reload_url=reload_url())


def _integrity(exc: IntegrityError) -> Response:

    code = _code(exc)
    if code not in _UNIQUE | _FOREIGN_KEY:
        return server_error(exc)
    db.session.rollback()
    db.session.info.pop(_ORIGINALS, None)
    log.info("conflict: %s on %s", code, request.endpoint)
    message = DUPLICATE if code in _UNIQUE else PARENT_GONE
    return error_response(409, message, reload_url=reload_url())


def _operational(exc: OperationalError) -> Response:
    from flask import current_app

    from smasweb.statement_timeout import web_budget

    text = str(getattr(exc, "orig", ""))
    if _code(exc) == "57014" or text == "interrupted":
        db.session.rollback()
        seconds = web_budget(current_app)
        log.warning("statement timeout (%ss) on %s", seconds, request.path)
        return error_response(503, TIMEOUT.format(seconds=f"{seconds:g}"))
    if "database is locked" in text:
        db.session.rollback()
        log.warning("database busy on %s", request.path)
        resp = error_response(503, BUSY)
        resp.headers["Retry-After"] = "30"
        return resp
    return server_error(exc)


def init_app(app: Flask) -> None:
    """Registered in every mode (tests included): these answers are the contract."""
    if not event.contains(Session, "before_flush", _remember_originals):
        event.listen(Session, "before_flush", _remember_originals)
    app.register_error_handler(StaleDataError, _stale)
    app.register_error_handler(IntegrityError, _integrity)
    app.register_error_handler(OperationalError, _operational)
