"""Public check of an official document by its verification code (mã xác thực):
no login; it shows what the document is about and its checksum, nothing personal."""

from flask import redirect, request, url_for

from smasweb.rendering import render
from smasweb.services.reports import documents

from .blueprint import bp


@bp.get("/")
def index():
    """A form to type a code; a well-formed code goes to its page."""
    typed = request.args.get("code")
    if typed is None:
        return render("verify/index.html", typed="", error=None)
    code = documents.normalize_code(typed)
    if code is None:
        error = "Mã xác thực gồm 12 chữ và số, dạng XXXX-XXXX-XXXX."
        return render("verify/index.html", status=422, typed=typed, error=error)
    return redirect(url_for(".show", code=code), 303)


@bp.get("/<code>")
def show(code: str):
    """Văn bản hợp lệ, or 404 "Không tìm thấy văn bản với mã …"."""
    return render("verify/show.html", doc=documents.verify(code))
