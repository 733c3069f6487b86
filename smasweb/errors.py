"""Error handlers: domain errors, 404/405/500 and CSRF failures, per the status contract.

Database races and timeouts (409/503) are answered in db_errors.py.
"""

import logging

from flask import Flask, Response, current_app, render_template
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException

from smasweb import db_errors
from smasweb.extensions import db, htmx
from smasweb.request_log import request_id
from smasweb.services.errors import DomainError

TITLES = {
    400: "Yêu cầu không hợp lệ",
    403: "Không có quyền",
    404: "Không tìm thấy",
    405: "Phương thức không được hỗ trợ",
    409: "Dữ liệu đã bị người khác thay đổi",
    413: "Tệp quá lớn",
    422: "Dữ liệu chưa hợp lệ",
    423: "Đã khóa số liệu",
    500: "Lỗi hệ thống",
    503: "Tạm thời chưa phục vụ được",
}
MESSAGES = {
    400: "Yêu cầu không hợp lệ. Hãy tải lại trang rồi thử lại.",
    404: "Không tìm thấy trang hoặc dữ liệu bạn yêu cầu.",
    405: "Thao tác này không được hỗ trợ tại địa chỉ này.",
    413: "Tệp quá lớn: tối đa {mb} MB.",  # {mb}: SMAS_MAX_UPLOAD_MB (smasweb.limits)
    500: "Đã có lỗi xảy ra. Vui lòng thử lại sau ít phút.",
}


log = logging.getLogger("smasweb.errors")


def error_response(
    status: int, message: str, reload_url: str | None = None
) -> Response:
    """Any htmx request gets an alert retargeted to #alerts; others an error page.

    A server error names the request id ("Mã lỗi") the user can quote; a conflict
    may offer a link to reload the page."""
    rid = request_id() if status >= 500 else None
    if htmx:
        if rid:
            message = f"{message} Mã lỗi: {rid}."
        body = render_template(
            "_alert.html", message=message, level="error", reload_url=reload_url
        )
        resp = Response(body, status)
        resp.headers["HX-Retarget"] = "#alerts"
        resp.headers["HX-Reswap"] = "innerHTML"
    else:
        title = TITLES.get(status, "Lỗi")
        body = render_template(
            "errors/error.html",
            status=status,
            title=title,
            message=message,
            request_id=rid,
            reload_url=reload_url,
        )
        resp = Response(body, status)
    resp.vary.add("HX-Request")
    return resp


def _domain_error(exc: DomainError) -> Response:
    db.session.rollback()
    return error_response(exc.status, exc.message or TITLES.get(exc.status, ""))


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


def _propagates() -> bool:
    """Flask's own rule: tests and the debugger see the exception itself."""
    propagate = current_app.config.get("PROPAGATE_EXCEPTIONS")
    return current_app.testing or current_app.debug if propagate is None else propagate


def server_error(exc: Exception) -> Response:
    """An unexpected error: logged with its traceback and the request id (which the
    page shows), rolled back, answered 500."""
    if _propagates():
        raise exc
    db.session.rollback()
    log.error("unhandled %s: %s", type(exc).__name__, exc, exc_info=exc)
    return error_response(500, MESSAGES[500])


def init_app(app: Flask) -> None:
    app.register_error_handler(DomainError, _domain_error)
    app.register_error_handler(CSRFError, _csrf_error)
    app.register_error_handler(HTTPException, _http_error)
    db_errors.init_app(app)
    app.register_error_handler(Exception, server_error)
