"""The accounts blueprint object, shared by its route modules."""

from flask import Blueprint

bp = Blueprint("accounts", __name__, url_prefix="/accounts")
