"""The facilities blueprint object, shared by its route modules."""

from flask import Blueprint

bp = Blueprint("facilities", __name__, url_prefix="/facilities")
