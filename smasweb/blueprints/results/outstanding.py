"""Học sinh tiêu biểu of a primary class (/results/<class id>/outstanding): the
form on the results page, one POST for the whole class; a refusal re-renders the
page (422) with each error by its field."""

from flask import request, url_for
from flask_login import current_user

from smasweb.blueprints.forms_common import EmptyForm
from smasweb.rendering import done
from smasweb.services.assessment import class_results, outstanding
from smasweb.services.assessment.results_access import EntryErrors

from .blueprint import bp
from .views import page


def _entries(results: class_results.ClassResults) -> outstanding.Entries:
    form = request.form
    return {
        r.student.id: (f"o{r.student.id}" in form, form.get(f"r{r.student.id}", ""))
        for r in results.rows
    }


@bp.post("/<int:class_id>/outstanding")
def outstanding_pupils(class_id: int):
    results = class_results.class_results(current_user, class_id)
    if not EmptyForm().validate_on_submit():
        return page(results, code=422)
    entries = _entries(results)
    try:
        n = outstanding.save(current_user, class_id, entries)
    except EntryErrors as exc:
        return page(results, code=422, entries=entries, errors=exc.errors)
    target = url_for("results.class_page", class_id=class_id, tab="cn")
    return done(target + "#outstanding", f"Đã lưu học sinh tiêu biểu: {n} thay đổi.")
