"""A closed entry window as pages show it: the refusal of this request's write target
(looked up once per request) and the links it offers, the calendar page and the
unlock request pre-filled with the school's field and period."""

from flask import g, url_for
from flask_login import current_user

from smasweb.services import policy, school_data
from smasweb.services.errors import PeriodLocked


def write_closed() -> PeriodLocked | None:
    """The refusal a save on this page would get now, or None (open, or no write
    form): the banner says it and the form macros make the form read-only."""
    if "write_closed" not in g:
        g.write_closed = school_data.window_notice()
    return g.write_closed


def unlock_url(refusal: PeriodLocked) -> str | None:
    """The unlock request form pre-filled for this refusal, when the user may send
    one for that school (its own school); None for officers."""
    school = refusal.school
    if school is None or not current_user.is_authenticated:
        return None
    own = policy.own_school(current_user)
    if own is None or own.id != school.id:
        return None
    if not policy.can(current_user, "unlock.request", unit=school):
        return None
    args = {"field": refusal.field}
    if refusal.period is not None:
        args.update(period=refusal.period.id, year=refusal.period.year)
    return url_for("calendar.new_unlock", **args)
