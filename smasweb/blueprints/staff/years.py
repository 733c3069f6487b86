"""A staff member's assignment and evaluation in one school year."""

from flask import url_for
from flask_login import current_user

from smasweb.blueprints.forms_common import attach_error, form_status, select_choices
from smasweb.blueprints.query_args import to_int
from smasweb.rendering import done, render
from smasweb.services.errors import ValidationFailed
from smasweb.services.staff import records as staff
from smasweb.services.staff import years as staff_years

from .blueprint import bp
from .forms import YearForm


def _form(member, year: int, row) -> YearForm:
    form = YearForm(
        obj=row,
        subjects=list(row.subject_codes) if row else [],
        duties=list(row.duty_codes) if row else [],
    )
    form.subjects.choices = select_choices(staff_years.subjects_of(member.school))
    classes = staff_years.classes_of(member.school, year)
    form.homeroom_class_id.choices = select_choices(
        {str(c.id): c.name for c in classes}, blank="— Không chủ nhiệm —"
    )
    if row is not None and not form.is_submitted():
        form.homeroom_class_id.data = str(row.homeroom_class_id or "")
    return form


def _data(form: YearForm) -> staff_years.YearData:
    return staff_years.YearData(
        subjects=tuple(form.subjects.data or ()),
        classes=form.classes.data,
        homeroom_class_id=to_int(form.homeroom_class_id.data),
        periods_per_week=form.periods_per_week.data,
        duties=tuple(form.duties.data or ()),
        professional_rating=form.professional_rating.data,
        civil_servant_rating=form.civil_servant_rating.data,
        training_result=form.training_result.data,
        excellent_teacher=form.excellent_teacher.data,
        award=form.award.data,
        award_note=form.award_note.data,
        discipline=form.discipline.data,
        discipline_note=form.discipline_note.data,
    )


@bp.route("/<int:staff_id>/years/<int:year>", methods=["GET", "POST"])
def year(staff_id: int, year: int):
    member = staff.staff_for_edit(current_user, staff_id)
    staff_years.check_year(year)
    row = staff_years.year_row(member, year)
    form = _form(member, year, row)
    if form.validate_on_submit():
        try:
            staff_years.save_year(
                current_user, member, year, _data(form), form.version_value
            )
        except ValidationFailed as exc:
            attach_error(form, exc)
        else:
            target = url_for("staff.detail", staff_id=member.id)
            return done(target, f"Đã lưu phân công năm học {year}-{year + 1}.")
    ctx = {"form": form, "member": member, "year": year, "row": row}
    return render("staff/year_form.html", "staff_year_form", form_status(form), **ctx)
