"""Section III of the start-of-year forms: the pupils' summary page and its Excel."""

from flask import request
from flask_login import current_user

from smasweb import excel
from smasweb.blueprints.query_args import int_arg, year_arg
from smasweb.rendering import render
from smasweb.services import school_data, students_summary
from smasweb.services.staff_summary_scope import resolve_scope

from .blueprint import bp


def _summary_context(args) -> dict:
    scope = resolve_scope(
        current_user,
        int_arg(args, "school"),
        int_arg(args, "district"),
        students_summary.FIELD,
    )
    year = year_arg(args)
    return {
        "scope": scope,
        "year": year,
        "years": school_data.known_years(),
        "rows": students_summary.build(current_user, scope.school_ids, year),
    }


@bp.get("/summary")
def summary():
    """Section III for one school, a district's schools or every school in scope."""
    ctx = _summary_context(request.args)
    return render("students/summary.html", "students_summary", **ctx)


@bp.get("/summary.xlsx")
def summary_xlsx():
    ctx = _summary_context(request.args)
    scope, year = ctx["scope"], ctx["year"]
    unit = scope.school or scope.district
    data = excel.workbook(
        "Muc III Hoc sinh",
        ["Mã số", "Chỉ tiêu", *students_summary.COLUMNS],
        students_summary.summary_table(ctx["rows"]),
    )
    name = f"hoc-sinh-{unit.code if unit else 'tong-hop'}-{year}.xlsx"
    return excel.xlsx_response(name, data)
