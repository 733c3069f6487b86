"""The attendance (điểm danh) blueprint object, shared by its route modules."""

from flask import Blueprint

bp = Blueprint("attendance", __name__, url_prefix="/attendance")
