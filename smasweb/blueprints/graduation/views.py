"""THCS graduation (/graduation/): a school's candidate list by round with the
reason for each pupil not eligible, the dossier flags and the council's decision
form; an officer's list of its schools with their counts, each opening the
school's list read-only (?school=). Plain links and POST forms (303 after them,
the page again with the error, 422 or 409); the 423 of a closed window is the
app's."""

from flask import g, redirect, request, url_for
from flask_login import current_user

from smasweb.blueprints.forms_common import EmptyForm
from smasweb.blueprints.query_args import int_arg
from smasweb.extensions import db
from smasweb.models import User
from smasweb.models.graduation import CALENDAR_FIELD, FIELD, ROUNDS
from smasweb.rendering import done, render
from smasweb.services import policy, school_data
from smasweb.services import years as school_years
from smasweb.services.calendar import windows
from smasweb.services.errors import Conflict, ValidationFailed
from smasweb.services.graduation import thcs, thcs_record

from .blueprint import bp
from .thcs_forms import DecisionForm

UPPER_LEVELS = {"04", "05"}  # THPT, GDTX: the THPT exam


def _year() -> int:
    year = int_arg(request.args, "year")
    return year if year and 2000 <= year <= 2100 else thcs.default_year()


def _round() -> int:
    return 2 if request.args.get("round") == "2" else 1


def _years() -> list[int]:
    return [y for y in school_years.known_years() if y <= thcs.default_year()]


def school_page(school, year, round_, form=None, error=None, status=200):
    grad = thcs.load([school], year)[school.id]
    may_record = thcs.may_record(current_user, school)
    if may_record:
        school_data.require_write(current_user, school, FIELD)
        if not windows.allowed(school, CALENDAR_FIELD, year=year):
            g.write_closed = windows.refusal(school, CALENDAR_FIELD, year=year)
    return render(
        "graduation/school.html",
        status=status,
        school=school,
        grad=grad,
        year=year,
        round=round_,
        rounds=ROUNDS,
        rows=grad.rows(round_),
        decision=grad.decisions.get(round_),
        names=thcs.sees_names(current_user, school),
        may_record=may_record,
        own=policy.own_school(current_user) is not None,
        form=form or DecisionForm(),
        empty=EmptyForm(),
        error=error,
        years=_years(),
    )


def _officer(user: User) -> bool:
    return policy.own_school(user) is None


@bp.get("/")
def index():
    policy.require_reads(current_user, FIELD)
    year, school_id = _year(), int_arg(request.args, "school")
    if school_id is None and _officer(current_user):
        return render(
            "graduation/overview.html",
            year=year,
            years=_years(),
            schools=thcs.overview(current_user, year),
        )
    own = policy.own_school(current_user)
    if school_id is None and own is not None and not thcs.offers_thcs(own):
        # the field's link from the home page: a THPT's graduation is the exam's
        if set(own.level_codes) & UPPER_LEVELS:
            return redirect(url_for("graduation.thpt_list"))
        return render("graduation/none.html", school=own)
    school = thcs.school_for(current_user, school_id)
    return school_page(school, year, _round())


def _writable():
    """The actor's own school with lớp 9, which it may write (404, 403)."""
    school = thcs.school_for(current_user, None)
    school_data.require_write(current_user, school, FIELD)
    return school


def _target(school, year, round_) -> str:
    return url_for("graduation.index", school=school.id, year=year, round=round_)


@bp.post("/decision")
def record_decision():
    year, round_ = _year(), _round()
    school = _writable()
    form = DecisionForm()
    if not form.validate_on_submit():
        return school_page(school, year, round_, form, status=422)
    data = thcs_record.DecisionInput(
        form.number.data, form.signed_on.data, form.signer_name.data,
        form.signer_title.data,
    )  # fmt: skip
    try:
        decision = thcs_record.record_decision(current_user, school, year, round_, data)
    except thcs_record.DecisionErrors as exc:
        db.session.rollback()
        for name, message in exc.errors.items():
            getattr(form, name).errors = [message]
        return school_page(school, year, round_, form, status=422)
    except (ValidationFailed, Conflict) as exc:
        db.session.rollback()
        return school_page(school, year, round_, form, exc.message, exc.status)
    n = db.session.scalar(thcs.graduates_count(decision))
    message = (
        f"Đã ghi quyết định số {decision.number}: công nhận tốt nghiệp {n} học sinh."
    )
    return done(_target(school, year, round_), message)


@bp.post("/dossier/<int:student_id>")
def dossier(student_id: int):
    year, round_ = _year(), _round()
    school = _writable()
    if not EmptyForm().validate_on_submit():
        return school_page(school, year, round_, status=422)
    complete = request.form.get("complete") == "1"
    try:
        thcs_record.set_dossier(
            current_user, school, year, student_id, complete, request.form.get("note")
        )
    except (ValidationFailed, Conflict) as exc:
        db.session.rollback()
        return school_page(school, year, round_, error=exc.message, status=exc.status)
    state = "đầy đủ" if complete else "chưa đầy đủ"
    return done(_target(school, year, round_), f"Đã ghi hồ sơ {state}.")
