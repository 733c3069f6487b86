"""Template globals and filters: the same policy predicates the services enforce,
and numbers and dates written by smasweb.text as in the Excel files and PDF reports."""

import hashlib
from functools import cache
from pathlib import Path

from flask import Flask, url_for
from flask_login import current_user

from smasweb import clock, codelists
from smasweb.closed_window import unlock_url, write_closed
from smasweb.models.accounts import ROLE_LABELS
from smasweb.models.schools import year_label
from smasweb.models.units import KIND_LABELS
from smasweb.services import policy
from smasweb.services import years as school_years
from smasweb.text import vn_date, vn_day_month, vn_decimal, vn_number


def can(action: str, **target) -> bool:
    return current_user.is_authenticated and policy.can(current_user, action, **target)


def reads_field(field: str) -> bool:
    return current_user.is_authenticated and policy.reads_field(current_user, field)


def subtree_root():
    """The office bounding the user's view (district officers), else None."""
    return current_user.is_authenticated and policy.subtree_root(current_user)


def school_year() -> str:
    """The current school year, "2026-2027" (the banner of every page)."""
    return year_label(school_years.current_year())


def personal(value: str | None, unit) -> str:
    return policy.personal(current_user, value, unit)


def url_parts(endpoint: str, arg: str) -> tuple[str, str]:
    """The endpoint's URL before and after its `arg`, so that a table builds each
    row's link by joining strings instead of one url_for per row:
    {% set pre, post = url_parts('students.detail', 'student_id') %}
    <a href="{{ pre }}{{ s.id }}{{ post }}">"""
    marker = "8086420975"
    before, _, after = url_for(endpoint, **{arg: int(marker)}).partition(marker)
    return before, after


def init_app(app: Flask) -> None:
    static_root = Path(app.static_folder or "")

    @cache
    def _digest(filename: str) -> str:
        return hashlib.sha256((static_root / filename).read_bytes()).hexdigest()[:10]

    def static_url(filename: str) -> str:
        """Fingerprinted URL so static files can be cached for a year."""
        return url_for("static", filename=filename, v=_digest(filename))

    app.jinja_env.globals.update(
        can=can,
        personal=personal,
        reads_field=reads_field,
        subtree_root=subtree_root,
        school_year=school_year,
        vn_decimal=vn_decimal,
        static_url=static_url,
        url_parts=url_parts,
        label_map=codelists.label_map,
        pinned_today=clock.pinned_date,
        write_closed=write_closed,
        unlock_url=unlock_url,
        ROLE_LABELS=ROLE_LABELS,
        KIND_LABELS=KIND_LABELS,
    )
    app.jinja_env.filters.update(
        vn_date=vn_date,
        vn_day_month=vn_day_month,
        vn_number=vn_number,
        vn_decimal=vn_decimal,
    )
    app.jinja_env.trim_blocks = True
    app.jinja_env.lstrip_blocks = True
