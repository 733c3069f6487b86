"""The steps the start-of-year summary pages (staff, pupils) share: read the filter
query into a scope and rows, and export those rows to Excel."""

from collections.abc import Callable, Mapping

from flask import Response
from flask_login import current_user

from smasweb import excel
from smasweb.blueprints.query_args import int_arg, year_arg
from smasweb.services import years as school_years
from smasweb.services.summaries import resolve_scope, summary_table


def summary_context(args: Mapping, field: str, build: Callable[..., list]) -> dict:
    """scope, year, years and rows for ?school=&district=&year=: the scope resolved
    for the data field `field`, the rows of build(actor, school_ids, year)."""
    scope = resolve_scope(
        current_user, int_arg(args, "school"), int_arg(args, "district"), field
    )
    year = year_arg(args)
    return {
        "scope": scope,
        "year": year,
        "years": school_years.known_years(),
        "rows": build(current_user, scope.school_ids, year),
    }


def summary_export(ctx: dict, columns: list[str], sheet: str, slug: str) -> Response:
    """The summary's rows as <slug>-<school or district code>-<year>.xlsx."""
    scope, year = ctx["scope"], ctx["year"]
    unit = scope.school or scope.district
    data = excel.workbook(
        sheet, ["Mã số", "Chỉ tiêu", *columns], summary_table(ctx["rows"])
    )
    name = f"{slug}-{unit.code if unit else 'tong-hop'}-{year}.xlsx"
    return excel.xlsx_response(name, data)
