"""A primary class's subject in one semester (TT 27/2020): the same URL as the
secondary grid (views.grid hands primary classes over), the levels, test scores
and comments of the whole class in one form, saved by one POST."""

from flask import Response, g, request, url_for
from flask_login import current_user

from smasweb.blueprints.forms_common import EmptyForm
from smasweb.rendering import done, render
from smasweb.services.assessment import gradebook, primary_grid
from smasweb.services.assessment.tt27 import SUBJECT_LABELS


def _entries(sheet: primary_grid.Grid) -> dict:
    form = request.form
    return {
        (row.student.id, col.key): form.get(f"p{row.student.id}_{col.key}", "")
        for row in sheet.rows
        for col in sheet.columns
    }


def grid_page(class_id: int, code: str, semester: int) -> Response:
    sheet = primary_grid.grid(current_user, class_id, code, semester)
    g.write_closed = sheet.closed if sheet.access.writable else None
    form, errors, status = EmptyForm(), {}, 200
    if form.validate_on_submit():
        try:
            changed = primary_grid.save(current_user, sheet, _entries(sheet))
        except primary_grid.GridErrors as exc:
            errors, status = exc.errors, 422
        else:
            target = url_for(
                "grades.grid", class_id=class_id, code=code, semester=semester
            )
            return done(target, f"Đã lưu sổ đánh giá: {changed} ô thay đổi.")
    elif form.is_submitted():
        status = 422
    return render(
        "grades/primary_grid.html",
        "grade_form",
        status,
        sheet=sheet,
        form=form,
        errors=errors,
        semesters=gradebook.SEMESTER_LABELS,
        levels=SUBJECT_LABELS,
    )
