"""The audit blueprint object, shared by its route modules."""

from flask import Blueprint

bp = Blueprint("audit", __name__, url_prefix="/audit")
