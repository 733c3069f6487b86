"""The home page: what the signed-in user is responsible for."""

from flask_login import current_user

from smasweb.blueprints.calendar.display import countdown, field_labels
from smasweb.codelists import CALENDAR_FIELDS, FIELDS
from smasweb.rendering import render
from smasweb.services import notices, policy, units
from smasweb.services.accounts import records as accounts
from smasweb.services.calendar import windows as calendar

from .blueprint import bp

# The page of each field of responsibility; a field without one is "sắp có" (coming).
FIELD_PAGES = {
    "schools": "schools.index",
    "classes": "schools.index",
    "students": "students.index",
    "staff": "staff.index",
    "facilities": "facilities.index",
    "budget": "finance.index",
}


@bp.get("/")
def index():
    user = current_user
    return render(
        "home/index.html",
        unit_counts=units.counts_by_kind_and_level(user),
        role_counts=accounts.counts_by_role(user),
        top_units=units.children(user, policy.subtree_root(user)),
        fields=[
            (code, FIELDS[code], FIELD_PAGES.get(code))
            for code in policy.responsible_fields(user)
        ],
        notices=notices.for_user(user),
        notice_day=notices.local_day,
        windows=_my_windows(user),
        countdown=countdown,
    )


def _my_windows(user) -> list[tuple]:
    """(period, last day, fields) open now for what this school user may write."""
    if not user.unit.is_school:
        return []
    out = []
    for w in calendar.open_windows(user.unit):
        mine = [
            code
            for code in w.period.field_codes
            if policy.can(
                user, "data.write", unit=user.unit, field=CALENDAR_FIELDS[code][1]
            )
        ]
        if mine:
            out.append((w.period, w.until, field_labels(mine)))
    return out
