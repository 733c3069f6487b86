"""Tổng kết năm học: the term report (see the package doc) registered for the period
kind "school_year"."""

from smasweb.services.reports import ReportDefinition, register, workbook
from smasweb.services.reports.scope import ReportScope
from smasweb.services.reports.tables import ReportData
from smasweb.services.reports.term import build as build_term
from smasweb.services.reports.term import derive

CODE = "school_year"
TITLE = "Báo cáo tổng kết năm học"


def build(scope: ReportScope) -> ReportData:
    return build_term(CODE, TITLE, scope)


DEFINITION = register(
    ReportDefinition(
        code=CODE,
        title=TITLE,
        period_kinds=("school_year",),
        unit_levels=("school", "district", "province"),
        fields=("grades", "results"),
        build=build,
        template="reports/print/report.html",
        excel=workbook.excel,
        derive=derive,
    )
)
