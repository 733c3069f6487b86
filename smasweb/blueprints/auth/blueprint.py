"""The auth blueprint object, shared by its route modules."""

from flask import Blueprint

bp = Blueprint("auth", __name__)
