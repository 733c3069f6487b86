"""The report registry: every official report is one module that registers a
ReportDefinition (code, title, period kinds, unit levels, fields, builder, print
template, Excel writer). Adding a report means adding a module to REPORT_MODULES.
"""

from collections.abc import Callable
from dataclasses import dataclass
from importlib import import_module

from smasweb.services.reports.tables import ReportData

UNIT_LEVELS = ("school", "district", "province")  # who a report can be made for
REPORT_MODULES = ("smasweb.services.reports.after_opening",)


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


REPORTS: dict[str, ReportDefinition] = {}


def register(definition: ReportDefinition) -> ReportDefinition:
    if definition.code in REPORTS:
        raise ValueError(f"report {definition.code} is registered twice")
    REPORTS[definition.code] = definition
    return definition


def load_all() -> dict[str, ReportDefinition]:
    """Import every report module (each registers itself) and return the registry."""
    for name in REPORT_MODULES:
        import_module(name)
    return REPORTS


def get(code: str) -> ReportDefinition | None:
    return load_all().get(code)


def for_period(kind: str) -> list[ReportDefinition]:
    return [d for d in load_all().values() if kind in d.period_kinds]
