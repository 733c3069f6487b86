"""The graduation (tốt nghiệp) blueprint object, shared by its route modules."""

from flask import Blueprint

bp = Blueprint("graduation", __name__, url_prefix="/graduation")
