"""Health check for load balancers and monitoring."""

from flask import jsonify
from sqlalchemy import text

from smasweb.extensions import db

from .blueprint import bp


@bp.get("/healthz")
def healthz():
    try:
        db.session.execute(text("SELECT 1"))
    except Exception:  # any driver error means the database is not usable
        db.session.rollback()
        return jsonify(status="error", database="unavailable"), 503
    return jsonify(status="ok", database="ok")
