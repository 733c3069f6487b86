"""The units blueprint object, shared by its route modules."""

from flask import Blueprint

bp = Blueprint("units", __name__, url_prefix="/units")
