"""The report calendar: entry windows, locks, unlock requests (stub, being built)."""

from flask import Blueprint

from smasweb.rendering import render

bp = Blueprint("calendar", __name__, url_prefix="/calendar")


@bp.get("/")
def index():
    return render("calendar/index.html")
