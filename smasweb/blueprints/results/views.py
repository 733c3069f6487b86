"""A class's results of the year (/results/<class id>): semester I, semester II
and year tabs as plain links, the year's lists, and Chốt kết quả (POST)."""

from flask import g, request, url_for
from flask_login import current_user

from smasweb.blueprints.forms_common import EmptyForm
from smasweb.models.assessment import (
    CONDUCT_TERMS,
    OUTSTANDING_REASON_LENGTH,
    PRIMARY_TERMS,
    RESULT_TERMS,
)
from smasweb.rendering import done, render
from smasweb.services.assessment import (
    class_results,
    conduct_entry,
    outstanding,
    qualities,
    results_changes,
    results_confirm,
)
from smasweb.services.assessment import results_text as text
from smasweb.services.errors import ValidationFailed

from .blueprint import bp

TABS = ("hk1", "hk2", "cn")


def page(results, error=None, code=200, entries=None, errors=None):
    """The results page; `entries`, `errors`: a refused Học sinh tiêu biểu form."""
    tab = request.args.get("tab", "cn")
    access = results.access
    g.write_closed = conduct_entry.notice(access) if access.may_confirm else None
    return render(
        "results/class.html",
        None,
        code,
        results=results,
        tab="cn" if results.primary or tab not in TABS else tab,
        tabs=TABS,
        terms=RESULT_TERMS,
        conduct_terms=CONDUCT_TERMS,
        primary_terms=PRIMARY_TERMS,
        items=qualities,
        confirm_terms=results_confirm.terms(results),
        changes=results_changes.changes(results),
        outstanding_rows=outstanding.rows(results, entries),
        outstanding_errors=errors or {},
        reason_length=OUTSTANDING_REASON_LENGTH,
        form=EmptyForm(),
        error=error,
        text=text,
    )


@bp.get("/<int:class_id>")
def class_page(class_id: int):
    return page(class_results.class_results(current_user, class_id))


@bp.post("/<int:class_id>/confirm/<term>")
def confirm(class_id: int, term: str):
    form = EmptyForm()
    if not form.validate_on_submit():
        return page(class_results.class_results(current_user, class_id), None, 422)
    try:
        n = results_confirm.confirm(current_user, class_id, term)
    except ValidationFailed as exc:
        results = class_results.class_results(current_user, class_id)
        return page(results, exc.message, 422)
    tab = term if term in TABS else "cn"
    target = url_for("results.class_page", class_id=class_id, tab=tab)
    return done(target, f"Đã chốt kết quả {text.TERM_PHRASES[term]} của {n} học sinh.")
