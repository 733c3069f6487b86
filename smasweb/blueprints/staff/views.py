"""Staff records: list, search, detail, forms (stub, being built)."""

from flask import Blueprint

from smasweb.rendering import render

bp = Blueprint("staff", __name__, url_prefix="/staff")


@bp.get("/")
def index():
    return render("staff/index.html")
