"""The report calendar for everyone: open windows, what comes next, the year at a
glance, and a school's unlock requests (gửi yêu cầu mở khóa)."""

from flask import request, url_for
from flask_login import current_user
from sqlalchemy import select

from smasweb import clock
from smasweb.blueprints.forms_common import EmptyForm, attach_error, form_status
from smasweb.blueprints.query_args import int_arg
from smasweb.codelists import CALENDAR_FIELDS
from smasweb.extensions import db
from smasweb.models import ReportPeriod
from smasweb.rendering import done, render
from smasweb.services import policy
from smasweb.services import years as school_years
from smasweb.services.calendar import unlocks
from smasweb.services.calendar import windows as calendar
from smasweb.services.errors import NotFound, ValidationFailed

from . import display
from .blueprint import bp
from .forms import UnlockRequestForm, period_choices


@bp.context_processor
def _helpers() -> dict:
    return display.HELPERS


def calendar_year(args) -> int:
    """?year= (a school year by its first calendar year), else today's."""
    year = int_arg(args, "year")
    if year and 2000 <= year <= 2100:
        return year
    return school_years.period_year(clock.today())


def known_years(year: int) -> list[int]:
    stored = db.session.scalars(select(ReportPeriod.year).distinct())
    current = school_years.period_year(clock.today())
    return sorted({*stored, year, current - 1, current, current + 1}, reverse=True)


def home_school():
    unit = current_user.unit
    return unit if unit is not None and unit.is_school else None


def _year_context(year: int) -> dict:
    periods = calendar.year_periods(year)
    school = home_school()
    if school is not None:
        periods = [p for p in periods if p.applies_to(school.level_codes)]
    return {
        "year": year,
        "years": known_years(year),
        "periods": periods,
        "stored": any(p.id is not None for p in periods),
        "now": clock.now(),
        "action_form": EmptyForm(),
    }


def _school_context(school) -> dict:
    if school is None:
        return {"school": None}
    now = clock.now()
    return {
        "school": school,
        "windows": calendar.open_windows(school, now),
        "active": calendar.active_unlocks(school.id, now),
        "upcoming": display.upcoming(school, now.date()),
        "requests": unlocks.school_requests(school),
        "status_of": unlocks.status_of,
        "status_labels": unlocks.STATUS_LABELS,
    }


@bp.get("/")
def index():
    ctx = _year_context(calendar_year(request.args))
    ctx.update(_school_context(home_school()))
    return render("calendar/index.html", "calendar_year", **ctx)


def request_periods(school, year: int) -> list[ReportPeriod]:
    """The stored, non-milestone periods of the year that concern the school."""
    return [
        p
        for p in calendar.year_periods(year)
        if p.id is not None and not p.is_milestone and p.applies_to(school.level_codes)
    ]


@bp.route("/unlocks/new", methods=["GET", "POST"])
def new_unlock():
    school = home_school()
    if school is None:
        raise NotFound()
    policy.require(current_user, "unlock.request", unit=school)
    periods = request_periods(school, calendar_year(request.args))
    form = UnlockRequestForm()
    form.period.choices = period_choices(periods)
    if not form.is_submitted():
        prefill(form, request.args)
    if form.validate_on_submit():
        period = next((p for p in periods if str(p.id) == form.period.data), None)
        try:
            unlocks.request_unlock(
                current_user, school, period, form.fields.data, form.reason.data
            )
        except ValidationFailed as exc:
            attach_error(form, exc)
        else:
            return done(url_for("calendar.index"), "Đã gửi yêu cầu mở khóa.")
    return render(
        "calendar/unlock_new.html",
        "unlock_request_form",
        form_status(form),
        form=form,
        school=school,
        year=int_arg(request.args, "year"),
    )


def prefill(form: UnlockRequestForm, args) -> None:
    """The request a refused save links to: ?field= (a calendar field) and ?period=
    (an id among the form's choices) chosen in advance."""
    field = args.get("field", "")
    if field in CALENDAR_FIELDS:
        form.fields.data = [field]
    period = args.get("period", "")
    if any(choice.value == period for choice in form.period.choices if period):
        form.period.data = period
