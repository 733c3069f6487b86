"""Preschool health checks: a school's classes, one class's sheet for a day (all rows
saved at once), and a child's checks with the growth chart."""

from datetime import date, datetime

from flask import g, request, url_for
from flask_login import current_user

from smasweb import clock, codelists
from smasweb.blueprints.query_args import int_arg
from smasweb.models.health import CHECK_KINDS
from smasweb.rendering import done, render
from smasweb.services import policy, school_data
from smasweb.services import years as school_years
from smasweb.services.errors import ValidationFailed
from smasweb.services.health import growth
from smasweb.services.health import records as health
from smasweb.services.health.summary import ROW_LABELS, ROWS, by_row, nutrition_counts
from smasweb.text import DATE_FORMAT

from .blueprint import bp
from .chart import weight_chart
from .forms import SheetForm


@bp.context_processor
def _codes() -> dict:
    return {"label": codelists.label, "kinds": CHECK_KINDS}


def day_arg(args) -> date:
    """?date=dd/mm/yyyy (or ISO); today when absent or not a date."""
    text = (args.get("date") or "").strip()
    for fmt in (DATE_FORMAT, "%Y-%m-%d"):
        try:
            return datetime.strptime(text, fmt).date()  # noqa: DTZ007 - a calendar day
        except ValueError:
            continue
    return clock.today()


@bp.get("/")
def index():
    policy.require_reads(current_user, health.FIELD)
    school_id = int_arg(request.args, "school")
    if school_id is None and policy.own_school(current_user) is None:
        schools = health.preschools(current_user)
        return render("health_checks/schools.html", schools=schools)
    school = school_data.readable_school(current_user, health.FIELD, school_id)
    on = day_arg(request.args)
    classes = health.preschool_classes(
        current_user, school, school_years.current_year()
    )
    counts = nutrition_counts([school.id], on)
    return render(
        "health_checks/index.html",
        school=school,
        classes=classes,
        on=on,
        rows=[
            (code, ROW_LABELS[m], by_row(counts)[code]) for (_, m), code in ROWS.items()
        ],
        personal=policy.can_see_personal(current_user, school),
    )


def _may_write(school) -> bool:
    return policy.can(current_user, "data.write", unit=school, field=health.FIELD)


@bp.route("/classes/<int:class_id>", methods=["GET", "POST"])
def class_sheet(class_id: int):
    on = day_arg(request.args)
    form = SheetForm()
    kind = form.kind.data if form.is_submitted() else request.args.get("kind")
    sheet = health.sheet(current_user, class_id, on, kind)
    writable = _may_write(sheet.school)
    if writable:  # the banner and the read-only fields follow the "health" window
        g.write_closed = health.notice(sheet.school)
    form.kind.data = sheet.kind
    errors: dict = {}
    status = 200
    if form.validate_on_submit():
        entries = {
            row.student.id: (
                request.form.get(f"w-{row.student.id}", ""),
                request.form.get(f"h-{row.student.id}", ""),
            )
            for row in sheet.rows
        }
        try:
            saved = health.save_sheet(current_user, sheet, entries)
        except health.SheetErrors as exc:
            errors, status = exc.errors, 422
        except ValidationFailed as exc:
            form.form_errors.append(exc.message)
            status = 422
        else:
            target = url_for(
                "health_checks.class_sheet", class_id=class_id, date=f"{on:%d/%m/%Y}"
            )
            return done(target, f"Đã lưu kết quả cân đo của {len(saved)} trẻ.")
    elif form.is_submitted():
        status = 422
    ctx = {
        "sheet": sheet,
        "form": form,
        "errors": errors,
        "writable": writable,
        "findings": growth.LABELS,
    }
    return render("health_checks/class.html", "sheet_form", status, **ctx)


@bp.get("/children/<int:student_id>")
def child(student_id: int):
    pupil, checks = health.child_checks(current_user, student_id)
    rows = [(c, growth.verdict(c)) for c in checks]
    return render(
        "health_checks/child.html",
        pupil=pupil,
        rows=rows,
        chart=weight_chart(pupil.gender, checks),
        school=school_data.get_school(current_user, pupil.school_id, health.FIELD),
    )
