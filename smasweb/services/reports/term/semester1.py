"""Sơ kết học kỳ I: the term report (see the package doc) registered for the period
kind "semester_1"."""

from smasweb.services.reports import ReportDefinition, register, workbook
from smasweb.services.reports.scope import ReportScope
from smasweb.services.reports.tables import ReportData
from smasweb.services.reports.term import build as build_term
from smasweb.services.reports.term import derive

CODE = "semester1"
TITLE = "Báo cáo sơ kết học kỳ I"


def build(scope: ReportScope) -> ReportData:
    return build_term(CODE, TITLE, scope)


DEFINITION = register(
    ReportDefinition(
        code=CODE,
        title=TITLE,
        period_kinds=("semester_1",),
        unit_levels=("school", "district", "province"),
        fields=("grades", "results"),
        build=build,
        template="reports/print/report.html",
        excel=workbook.excel,
        derive=derive,
    )
)
