"""Qualities and competences of a primary class at one term
(/results/<class id>/qualities/<gk1|ck1|gk2|ck2>), saved by one POST."""

from flask import g, request, url_for
from flask_login import current_user

from smasweb.blueprints.forms_common import EmptyForm
from smasweb.models.assessment import PRIMARY_TERMS
from smasweb.rendering import done, render
from smasweb.services.assessment import qualities as items
from smasweb.services.assessment import qualities_entry
from smasweb.services.assessment.results_access import EntryErrors

from .blueprint import bp


def _entries(sheet: qualities_entry.TraitSheet) -> dict:
    form = request.form
    return {
        (row.student.id, item): form.get(f"q{row.student.id}_{item}", "")
        for row in sheet.rows
        for item in items.ITEMS
    }


@bp.route("/<int:class_id>/qualities/<term>", methods=["GET", "POST"])
def qualities(class_id: int, term: str):
    sheet = qualities_entry.sheet(current_user, class_id, term)
    g.write_closed = sheet.closed if sheet.access.may_enter else None
    form, errors, code = EmptyForm(), {}, 200
    if form.validate_on_submit():
        try:
            changed = qualities_entry.save(current_user, sheet, _entries(sheet))
        except EntryErrors as exc:
            errors, code = exc.errors, 422
        else:
            target = url_for("results.qualities", class_id=class_id, term=term)
            return done(target, f"Đã lưu phẩm chất, năng lực: {changed} mức thay đổi.")
    elif form.is_submitted():
        code = 422
    return render(
        "results/qualities.html",
        "qualities_form",
        code,
        sheet=sheet,
        form=form,
        errors=errors,
        terms=PRIMARY_TERMS,
        items=items,
    )
