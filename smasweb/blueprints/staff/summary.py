"""Section IV of the start-of-year form: the staff summary page and its Excel export."""

from flask import request
from flask_login import current_user

from smasweb import excel
from smasweb.blueprints.query_args import int_arg, year_arg
from smasweb.rendering import render
from smasweb.services import school_data, staff_summary
from smasweb.services.staff_summary_scope import resolve_scope

from .views import bp


def _summary_context(args) -> dict:
    scope = resolve_scope(
        current_user, int_arg(args, "school"), int_arg(args, "district")
    )
    year = year_arg(args)
    return {
        "scope": scope,
        "year": year,
        "years": school_data.known_years(),
        "rows": staff_summary.build(current_user, scope.school_ids, year),
        "columns": staff_summary.COLUMNS,
    }


@bp.get("/summary")
def summary():
    """Section IV for one school, a district's schools or every school the actor reads."""
    ctx = _summary_context(request.args)
    return render("staff/summary.html", "staff_summary", **ctx)


@bp.get("/summary.xlsx")
def summary_xlsx():
    ctx = _summary_context(request.args)
    scope, year = ctx["scope"], ctx["year"]
    unit = scope.school or scope.district
    data = excel.workbook(
        "Muc IV Doi ngu",
        ["Mã số", "Chỉ tiêu", *staff_summary.COLUMNS],
        staff_summary.summary_table(ctx["rows"]),
    )
    name = f"doi-ngu-{unit.code if unit else 'tong-hop'}-{year}.xlsx"
    return excel.xlsx_response(name, data)
