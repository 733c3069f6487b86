"""One class's subject in one semester as a grid, for both gradebooks: the whole
class in one form, saved by one POST. Secondary classes (TT 22/2021) use
services/assessment/gradebook, primary ones (TT 27/2020: levels, test scores and
comments) primary_grid, at the same URL (views.grid chooses)."""

from flask import Response, g, request, url_for
from flask_login import current_user

from smasweb.blueprints.forms_common import EmptyForm
from smasweb.rendering import done, render
from smasweb.services.assessment import gradebook, primary_grid
from smasweb.services.assessment.tt27 import SUBJECT_LABELS

# service, the inputs' name prefix, template, the saved message's noun, extra context
SECONDARY = (gradebook, "m", "grades/grid.html", "sổ điểm", {})
PRIMARY = (
    primary_grid,
    "p",
    "grades/primary_grid.html",
    "sổ đánh giá",
    {"levels": SUBJECT_LABELS},
)


def grid_page(kind: tuple, class_id: int, code: str, semester: int) -> Response:
    service, prefix, template, noun, extra = kind
    sheet = service.grid(current_user, class_id, code, semester)
    g.write_closed = sheet.closed if sheet.access.writable else None
    form, errors, status = EmptyForm(), {}, 200
    if form.validate_on_submit():
        typed = {
            (row.student.id, col.key): request.form.get(
                f"{prefix}{row.student.id}_{col.key}", ""
            )
            for row in sheet.rows
            for col in sheet.columns
        }
        try:
            changed = service.save(current_user, sheet, typed)
        except gradebook.GridErrors as exc:  # both grids raise it
            errors, status = exc.errors, 422
        else:
            target = url_for(
                "grades.grid", class_id=class_id, code=code, semester=semester
            )
            return done(target, f"Đã lưu {noun}: {changed} ô thay đổi.")
    elif form.is_submitted():
        status = 422
    return render(
        template,
        "grade_form",
        status,
        sheet=sheet,
        form=form,
        errors=errors,
        semesters=gradebook.SEMESTER_LABELS,
        **extra,
    )
