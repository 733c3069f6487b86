"""The Ministry's official report forms as versioned data (smasweb/data/forms/).

Each circular version is a folder: `forms.toml` names its forms per education level
and the school year from which the version applies; one CSV per form lists its
rows in print order (section, TT, Mã số, label, unit, indent, caption, note). A
report takes its rows, labels and Mã số from here, so it can never print a Mã số
that means something else in the form, and a later circular is a new folder, chosen
by the period's school year, not a code change.
"""

import csv
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from smasweb.services.reports.tables import Row

FORMS_DIR = Path(__file__).resolve().parents[2] / "data" / "forms"


@dataclass(frozen=True)
class FormRow:
    section: str  # schools, classes, pupils, staff, rooms, budget
    number: str  # TT: "1.1.", "3.4.", "" for the dash and plus items
    code: str  # Mã số, "" for a caption row ("3.2. Quy mô chia theo vùng:")
    label: str
    unit: str
    indent: int
    heading: str  # a caption printed above the row ("Trong đó:")
    note: str  # how the app classifies into this row, where the form leaves a choice


@dataclass(frozen=True)
class OfficialForm:
    level: str  # cấp học 01–05
    code: str  # "01-MN-ĐN"
    circular: str
    first_year: int
    ownerships: tuple[str, ...]  # the column groups after "Tổng số"
    rows: tuple[FormRow, ...]

    @property
    def title(self) -> str:
        return f"Biểu {self.code}"

    def section(self, key: str) -> list[FormRow]:
        return [r for r in self.rows if r.section == key]

    def row(self, section: str, code: str) -> FormRow:
        return next(r for r in self.rows if r.section == section and r.code == code)

    def codes(self, section: str) -> list[str]:
        return [r.code for r in self.rows if r.section == section and r.code]


def _read_rows(path: Path) -> tuple[FormRow, ...]:
    with path.open(encoding="utf-8", newline="") as f:
        return tuple(
            FormRow(**{**r, "indent": int(r["indent"] or 0)}) for r in csv.DictReader(f)
        )


@cache
def versions() -> tuple[tuple[int, dict[str, OfficialForm]], ...]:
    """Every shipped version, oldest first: (first school year, forms by level)."""
    found = []
    for folder in sorted(p for p in FORMS_DIR.iterdir() if p.is_dir()):
        meta = tomllib.loads((folder / "forms.toml").read_text(encoding="utf-8"))
        forms = {
            level: OfficialForm(
                level=level,
                code=spec["code"],
                circular=meta["circular"],
                first_year=meta["first_year"],
                ownerships=tuple(spec["ownerships"]),
                rows=_read_rows(folder / spec["file"]),
            )
            for level, spec in meta["forms"].items()
        }
        found.append((meta["first_year"], forms))
    return tuple(sorted(found, key=lambda v: v[0]))


def for_level(level: str, year: int) -> OfficialForm | None:
    """The form of this education level in force for the school year starting in
    `year`: the newest version not later than it (None: no official row list is
    shipped for the level, and the report prints no Mã số)."""
    chosen = None
    for first_year, forms in versions():
        if first_year <= year and level in forms:
            chosen = forms[level]
    return chosen


def layout(
    form: OfficialForm, section: str, values: Mapping[str, list[int]]
) -> list[Row]:
    """The section's rows exactly as the form prints them, cells from `values` by
    Mã số. A row the app does not count (no entry in `values`) keeps empty cells:
    printed blank, never as a zero the school did not report."""
    return [
        Row(
            r.code,
            r.number,
            r.label,
            r.unit,
            r.indent,
            r.heading,
            list(values.get(r.code, [])) if r.code else [],
            r.note,
        )
        for r in form.section(section)
    ]


def misprinted(form: OfficialForm, section: str, rows: list[Row]) -> list[str]:
    """Rows whose Mã số the form does not have in this section or gives another
    label: each a line saying which (empty: the rows agree with the form)."""
    labels = {r.code: r.label for r in form.section(section) if r.code}
    wrong = []
    for row in rows:
        if not row.indicator:
            continue
        expected = labels.get(row.indicator)
        if expected is None:
            wrong.append(f"{section} {row.indicator}: không có trong {form.title}")
        elif _plain(expected) != _plain(row.label):
            wrong.append(f"{section} {row.indicator}: {row.label!r} ≠ {expected!r}")
    return wrong


def _plain(label: str) -> str:
    # the 2020 workbook spells the degree with "sỹ"; the app writes "sĩ" everywhere
    text = label.casefold().replace(",", " ").replace("sỹ", "sĩ")
    return " ".join(text.rstrip(".:").split())
