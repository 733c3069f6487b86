"""The staff blueprint object and the helpers every staff template uses."""

from flask import Blueprint

from smasweb import codelists

bp = Blueprint("staff", __name__, url_prefix="/staff")


@bp.context_processor
def _template_helpers() -> dict:
    return {"label": codelists.label, "labels": codelists.labels}
