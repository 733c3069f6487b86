"""State budget lines."""

from flask import Blueprint

bp = Blueprint("finance", __name__, url_prefix="/finance")
