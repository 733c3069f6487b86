"""Section IV of the start-of-year form: the staff summary page and its Excel export."""

from flask import request

from smasweb.blueprints.summary_common import summary_context, summary_export
from smasweb.rendering import render
from smasweb.services.staff import summary as staff_summary

from .blueprint import bp


@bp.get("/summary")
def summary():
    """Section IV for one school, a district's schools or every school the actor reads."""
    ctx = summary_context(request.args, staff_summary.FIELD, staff_summary.build)
    return render("staff/summary.html", "staff_summary", **ctx)


@bp.get("/summary.xlsx")
def summary_xlsx():
    ctx = summary_context(request.args, staff_summary.FIELD, staff_summary.build)
    return summary_export(ctx, staff_summary.COLUMNS, "Muc IV Doi ngu", "doi-ngu")
