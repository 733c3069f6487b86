"""The reports blueprint object, shared by its route modules."""

from flask import Blueprint

bp = Blueprint("reports", __name__, url_prefix="/reports")
