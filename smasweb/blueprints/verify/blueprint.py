"""The verify blueprint object, shared by its route modules."""

from flask import Blueprint

bp = Blueprint("verify", __name__, url_prefix="/verify")
