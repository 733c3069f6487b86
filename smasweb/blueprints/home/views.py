"""The home page: what the signed-in user is responsible for."""

from flask import Blueprint
from flask_login import current_user

from smasweb.codelists import FIELDS
from smasweb.rendering import render
from smasweb.services import accounts, notices, policy, units

bp = Blueprint("home", __name__)


@bp.get("/")
def index():
    user = current_user
    return render(
        "home/index.html",
        unit_counts=units.counts_by_kind_and_level(user),
        role_counts=accounts.counts_by_role(user),
        top_units=units.children(user, None if user.role != "district" else user.unit),
        field_labels=[FIELDS[f] for f in policy.responsible_fields(user)],
        notices=notices.for_user(user),
        notice_day=notices.local_day,
    )
