"""The health checks (cân đo) blueprint object, shared by its route modules."""

from flask import Blueprint

bp = Blueprint("health_checks", __name__, url_prefix="/health")
