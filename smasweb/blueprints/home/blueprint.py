"""The home blueprint object, shared by its route modules."""

from flask import Blueprint

bp = Blueprint("home", __name__)
