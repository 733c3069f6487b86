"""The students blueprint object, shared by its route modules."""

from flask import Blueprint

bp = Blueprint("students", __name__, url_prefix="/students")
