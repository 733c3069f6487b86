"""The error answer every handler shares: an alert for htmx, a page otherwise.

Kept apart from errors.py (which registers the handlers) so that the modules whose
handlers need it (db_errors, limits, security) import it without a circle.
"""

import logging

from flask import Response, current_app, render_template

from smasweb.extensions import db, htmx
from smasweb.request_log import request_id

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
    status: int, message: str, reload_url: str | None = None, refusal=None
) -> Response:
    """Any htmx request gets an alert retargeted to #alerts; others an error page.

    A server error names the request id ("Mã lỗi") the user can quote; a conflict
    may offer a link to reload the page; a closed window's refusal (PeriodLocked)
    links to the calendar and the unlock request."""
    rid = request_id() if status >= 500 else None
    if htmx:
        if rid:
            message = f"{message} Mã lỗi: {rid}."
        body = render_template(
            "_alert.html",
            message=message,
            level="error",
            reload_url=reload_url,
            refusal=refusal,
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
            refusal=refusal,
        )
        resp = Response(body, status)
    resp.vary.add("HX-Request")
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
