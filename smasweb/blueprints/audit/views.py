"""The audit trail: a record's history, the admins' search (stub, being built)."""

from flask import Blueprint

from smasweb.rendering import render

bp = Blueprint("audit", __name__, url_prefix="/audit")


@bp.get("/")
def index():
    return render("audit/index.html")
