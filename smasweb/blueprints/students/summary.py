"""Section III of the start-of-year forms: the pupils' summary page and its Excel."""

from flask import request

from smasweb.blueprints.summary_common import summary_context, summary_export
from smasweb.rendering import render
from smasweb.services.students import summary as students_summary

from .blueprint import bp


@bp.get("/summary")
def summary():
    """Section III for one school, a district's schools or every school in scope."""
    ctx = summary_context(request.args, students_summary.FIELD, students_summary.build)
    return render("students/summary.html", "students_summary", **ctx)


@bp.get("/summary.xlsx")
def summary_xlsx():
    ctx = summary_context(request.args, students_summary.FIELD, students_summary.build)
    return summary_export(ctx, students_summary.COLUMNS, "Muc III Hoc sinh", "hoc-sinh")
