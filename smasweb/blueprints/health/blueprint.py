"""The health blueprint object, shared by its route modules."""

from flask import Blueprint

bp = Blueprint("health", __name__)
