"""Pupils: list, search, detail, forms (stub, being built)."""

from smasweb.rendering import render

from .blueprint import bp


@bp.get("/")
def index():
    return render("students/index.html")
