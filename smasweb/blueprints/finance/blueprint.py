"""The finance blueprint object, shared by its route modules."""

from flask import Blueprint

bp = Blueprint("finance", __name__, url_prefix="/finance")
