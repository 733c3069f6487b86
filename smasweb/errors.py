"""Error handlers: domain errors, 404/405/500 and CSRF failures, per the status contract.

Database races and timeouts (409/503) are answered in db_errors.py.
"""

from flask import Flask, Response
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException

from smasweb import db_errors
from smasweb.error_pages import (
    MESSAGES,
    TITLES,
    error_response,
    server_error,
)
from smasweb.extensions import db, htmx
from smasweb.services.errors import DomainError, PeriodLocked


def _domain_error(exc: DomainError) -> Response:
    db.session.rollback()
    refusal = exc if isinstance(exc, PeriodLocked) else None
    return error_response(
        exc.status, exc.message or TITLES.get(exc.status, ""), refusal=refusal
    )


def _csrf_error(exc: CSRFError) -> Response:
    db.session.rollback()
    resp = error_response(
        400,
        "Phiên làm việc đã hết hạn hoặc biểu mẫu không hợp lệ. "
        "Hãy tải lại trang rồi thử lại.",
    )
    if htmx:
        resp.headers["HX-Refresh"] = "true"
    return resp


def _http_error(exc: HTTPException) -> Response:
    status = exc.code or 500
    if status >= 500:
        db.session.rollback()
    resp = error_response(status, MESSAGES.get(status, exc.description or ""))
    if status == 405 and exc.valid_methods:
        resp.headers["Allow"] = ", ".join(exc.valid_methods)
    return resp


def init_app(app: Flask) -> None:
    app.register_error_handler(DomainError, _domain_error)
    app.register_error_handler(CSRFError, _csrf_error)
    app.register_error_handler(HTTPException, _http_error)
    db_errors.init_app(app)
    app.register_error_handler(Exception, server_error)
