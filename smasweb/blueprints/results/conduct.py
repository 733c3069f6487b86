"""Conduct entry of a class for a semester (/results/<class id>/conduct/<1|2|3>):
the whole class in one form, saved by one POST."""

from flask import g, request, url_for
from flask_login import current_user

from smasweb.blueprints.forms_common import EmptyForm
from smasweb.models.assessment import COMMENT_LENGTH, CONDUCT_TERMS
from smasweb.rendering import done, render
from smasweb.services.assessment import conduct_entry, tt22
from smasweb.services.assessment.results_access import EntryErrors

from .blueprint import bp


def _entries(sheet: conduct_entry.ConductSheet) -> dict:
    form = request.form
    return {
        row.student.id: (
            form.get(f"l{row.student.id}", ""),
            form.get(f"c{row.student.id}", ""),
        )
        for row in sheet.rows
    }


@bp.route("/<int:class_id>/conduct/<int:semester>", methods=["GET", "POST"])
def conduct(class_id: int, semester: int):
    sheet = conduct_entry.sheet(current_user, class_id, semester)
    g.write_closed = sheet.closed if sheet.access.may_enter else None
    form, errors, code = EmptyForm(), {}, 200
    if form.validate_on_submit():
        try:
            changed = conduct_entry.save(current_user, sheet, _entries(sheet))
        except EntryErrors as exc:
            errors, code = exc.errors, 422
        else:
            target = url_for("results.conduct", class_id=class_id, semester=semester)
            return done(
                target, f"Đã lưu kết quả rèn luyện: {changed} học sinh thay đổi."
            )
    elif form.is_submitted():
        code = 422
    return render(
        "results/conduct.html",
        "conduct_form",
        code,
        sheet=sheet,
        form=form,
        errors=errors,
        terms=CONDUCT_TERMS,
        levels=tt22.LEARNING_LABELS,
        comment_length=COMMENT_LENGTH,
    )
