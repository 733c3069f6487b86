"""The promotion (xếp lớp năm học mới) blueprint object, shared by its route modules."""

from flask import Blueprint

bp = Blueprint("promotion", __name__, url_prefix="/promotion")
