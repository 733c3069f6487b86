"""The home page: what the signed-in user is responsible for."""

from flask import url_for
from flask_login import current_user

from smasweb.blueprints.calendar.display import countdown, field_labels
from smasweb.codelists import CALENDAR_FIELDS, FIELDS, LEVELS
from smasweb.rendering import render
from smasweb.services import notices, policy, units
from smasweb.services.accounts import records as accounts
from smasweb.services.attendance import risk
from smasweb.services.calendar import windows as calendar
from smasweb.services.reports import school_status

from .blueprint import bp

# Where a school enters each calendar field ("Nhập dữ liệu …" links).
ENTRY_PAGES = {
    "profile": "schools.index",
    "campuses": "schools.index",
    "classes": "schools.classes_index",
    "students": "students.index",
    "movements": "students.index",
    "staff": "staff.index",
    "facilities": "facilities.index",
    "budget": "finance.index",
    "health": "health_checks.index",
    "attendance": "attendance.index",
    "grades": "grades.index",
    "results": "grades.index",
    "graduation_thcs": "graduation.index",
    "graduation_thpt": "graduation.thpt_list",
}

# The page of each field of responsibility; a field without one is "sắp có" (coming).
FIELD_PAGES = {
    "schools": "schools.index",
    "classes": "schools.index",
    "students": "students.index",
    "staff": "staff.index",
    "facilities": "facilities.index",
    "budget": "finance.index",
    "health": "health_checks.index",
    "attendance": "attendance.index",
    "grades": "grades.index",
    "graduation": "graduation.index",
}


@bp.get("/")
def index():
    user = current_user
    open_now = calendar.open_windows(user.unit) if user.unit.is_school else []
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
        windows=_my_windows(user, open_now),
        countdown=countdown,
        report=school_status.for_school(user),
        entry_links=_entry_links(user, open_now),
        level_labels=LEVELS,
        homeroom=policy.works_on_own_classes(user),
        risks=risk.for_home(user),
    )


def _entry_links(user, open_now) -> list[tuple[str, str]]:
    """(label, URL) of the pages where the school enters the fields open now."""
    out, seen = [], set()
    for w in open_now:
        for code in w.period.field_codes:
            endpoint = ENTRY_PAGES.get(code)
            writes = policy.can(
                user, "data.write", unit=user.unit, field=CALENDAR_FIELDS[code][1]
            )
            if endpoint and writes and endpoint not in seen:
                seen.add(endpoint)
                out.append((CALENDAR_FIELDS[code][0], url_for(endpoint)))
    return out


def _my_windows(user, open_now) -> list[tuple]:
    """(period, last day, fields) open now for what this school user may write."""
    out = []
    for w in open_now:
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
