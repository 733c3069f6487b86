"""The gradebook (sổ điểm) blueprint object, shared by its route modules."""

from flask import Blueprint

bp = Blueprint("grades", __name__, url_prefix="/grades")
