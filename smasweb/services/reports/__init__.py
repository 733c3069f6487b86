"""The report registry: every official report is one module that registers a
ReportDefinition (code, title, period kinds, unit levels, fields, builder, print
template, Excel writer). Adding a report means adding a module to REPORT_MODULES.
"""

from collections.abc import Callable
from dataclasses import dataclass
from importlib import import_module

from smasweb.services.reports.tables import ReportData

UNIT_LEVELS = ("school", "district", "province")  # who a report can be made for
REPORT_MODULES = (
    "smasweb.services.reports.after_opening",
    "smasweb.services.reports.monthly",
    "smasweb.services.reports.term.semester1",
    "smasweb.services.reports.term.school_year",
)


@dataclass(frozen=True)
class ReportDefinition:
    """What a report is and how it is built, printed and exported."""

    code: str
    title: str
    period_kinds: tuple[str, ...]  # ReportPeriod.kind values it belongs to
    unit_levels: tuple[str, ...]  # subset of UNIT_LEVELS
    fields: tuple[str, ...]  # calendar fields its numbers come from
    build: Callable[..., ReportData]  # build(scope: ReportScope) -> ReportData
    template: str  # the print template (HTML for WeasyPrint)
    excel: Callable[[ReportData], bytes]
    # recomputes derived rows (rates) from the counts, also after a district's
    # report sums its schools' frozen ones: a rate is never summed
    derive: Callable[[ReportData], ReportData] | None = None


REPORTS: dict[str, ReportDefinition] = {}


def register(definition: ReportDefinition) -> ReportDefinition:
    if definition.code in REPORTS:
        raise ValueError(f"report {definition.code} is registered twice")
    REPORTS[definition.code] = definition
    return definition


def load_all() -> dict[str, ReportDefinition]:
    """Every report (each module registers its DEFINITION when imported), in
    REPORT_MODULES order whatever imported them first: the first is the default."""
    ordered = (import_module(name).DEFINITION for name in REPORT_MODULES)
    return {d.code: d for d in ordered}


def get(code: str) -> ReportDefinition | None:
    return load_all().get(code)


def for_period(kind: str) -> list[ReportDefinition]:
    return [d for d in load_all().values() if kind in d.period_kinds]
