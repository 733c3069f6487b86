"""Typed report tables: what a report builder returns, a snapshot freezes, the
preview, the PDF and the Excel writer print.

A table is rows of integer cells under a column header given as label paths
(("Công lập", "Nữ") …): the print templates merge equal neighbours into spanning
header cells, the Excel writer joins them with " – ". Everything here turns into
plain JSON and back, so a snapshot holds exactly what was printed, and its checksum
is a SHA-256 of that canonical JSON.
"""

import hashlib
import json
from dataclasses import dataclass, field, fields
from datetime import date


@dataclass
class Row:
    """One indicator row. `indicator` is the form's Mã số ("" where it has none)."""

    indicator: str
    number: str  # the form's TT column: "1.1.", "3.4." …
    label: str
    unit: str = ""  # đơn vị tính
    indent: int = 0
    heading: str = ""  # a caption printed above the row ("Chia ra theo vùng:")
    cells: list[int] = field(default_factory=list)  # empty: printed blank, not 0
    note: str = ""  # how the row is classified, or why it is blank (form's note)

    @property
    def total(self) -> int:
        return self.cells[0] if self.cells else 0


@dataclass(frozen=True)
class Footnote:
    """One note under a table: its number, the Mã số of the rows it explains."""

    number: int
    text: str
    indicators: list[str]

    @property
    def line(self) -> str:
        """ "81, 90, 97: text" as printed under the table."""
        codes = ", ".join(self.indicators)
        return f"{codes}: {self.text}" if codes else self.text


@dataclass
class Table:
    """One section of a report (I Trường, II Lớp, III Học sinh …)."""

    key: str
    title: str
    columns: list[tuple[str, ...]]
    rows: list[Row]
    wide: bool = False  # printed on landscape pages

    def row(self, indicator: str) -> Row:
        return next(r for r in self.rows if r.indicator == indicator)

    def header_rows(self) -> list[list[tuple[str, int, int]]]:
        """The column header as printed: per level, (label, colspan, rowspan).

        Shorter paths span the remaining levels downwards; equal neighbours under the
        same parent merge across.
        """
        depth = max((len(c) for c in self.columns), default=0)
        out: list[list[tuple[str, int, int]]] = []
        for level in range(depth):
            cells: list[tuple[str, int, int]] = []
            prev = None
            for col in self.columns:
                if len(col) <= level:
                    prev = None
                    continue
                key = col[: level + 1]
                rowspan = depth - level if len(col) == level + 1 else 1
                if key == prev and cells:
                    label, span, rs = cells[-1]
                    cells[-1] = (label, span + 1, rs)
                else:
                    cells.append((col[level], 1, rowspan))
                prev = key
            out.append(cells)
        return out

    def flat_columns(self) -> list[str]:
        return [" – ".join(c) for c in self.columns]

    def footnotes(self) -> list[Footnote]:
        """The rows' notes as footnotes: each text once, with the rows it explains,
        numbered 1, 2 … in the order first met. The preview and the PDF both print
        these numbers, so a signed copy and the screen refer to the same notes."""
        out: dict[str, list[Row]] = {}
        for row in self.rows:
            if row.note:
                out.setdefault(row.note, []).append(row)
        return [
            Footnote(number, text, [r.indicator for r in rows if r.indicator])
            for number, (text, rows) in enumerate(out.items(), start=1)
        ]

    def footnote_marks(self) -> dict[str, int]:
        """Each note's footnote number, for the mark after a row's label."""
        return {f.text: f.number for f in self.footnotes()}


@dataclass
class ReportData:
    """A built report: what it is about and its tables."""

    code: str
    title: str
    level: str  # education level (cấp học) 01–05
    level_label: str
    unit_id: int
    unit_name: str
    unit_kind: str  # school, district, department
    year: int
    period_id: int | None
    period_title: str
    school_count: int
    tables: list[Table]
    data_date: str = ""  # ngày chốt số liệu, ISO (empty in snapshots made before it)

    def table(self, key: str) -> Table:
        return next(t for t in self.tables if t.key == key)

    @property
    def data_day(self) -> date | None:
        return date.fromisoformat(self.data_date) if self.data_date else None

    @property
    def as_of_line(self) -> str:
        """The line every page, PDF and Excel of the report prints under its title."""
        day = self.data_day
        return f"Số liệu tính đến ngày {day:%d/%m/%Y}" if day else ""

    def to_json(self) -> str:
        # asdict() deep-copies every cell: 10 ms a report, most of a demo's
        # snapshot freezing; the same dict built by hand (same JSON, same checksum)
        raw = _fields(self)
        if not raw["data_date"]:
            del raw["data_date"]  # older snapshots keep their checksum
        tables = raw["tables"] = [_fields(t) for t in self.tables]
        for table in tables:
            rows = table["rows"] = [_fields(r) for r in table["rows"]]
            for row in rows:
                if not row["note"]:
                    del row["note"]  # likewise for rows without a note
        return json.dumps(raw, ensure_ascii=False, sort_keys=True)

    @classmethod
    def from_json(cls, text: str) -> "ReportData":
        raw = json.loads(text)
        tables = []
        for t in raw.pop("tables"):
            rows = [Row(**r) for r in t.pop("rows")]
            columns = [tuple(c) for c in t.pop("columns")]
            tables.append(Table(rows=rows, columns=columns, **t))
        return cls(tables=tables, **raw)

    def checksum(self) -> str:
        """SHA-256 of the canonical JSON: equal numbers, equal checksum."""
        return hashlib.sha256(self.to_json().encode("utf-8")).hexdigest()


def _fields(obj) -> dict:
    """A dataclass's fields as a dict, one level deep (asdict without the copies)."""
    return {f.name: getattr(obj, f.name) for f in fields(obj)}


def cell_changes(old: "ReportData", new: "ReportData") -> list[dict]:
    """Cells that differ between two builds of the same report, in print order."""
    changes = []
    for table in new.tables:
        try:
            was_rows = old.table(table.key).rows
        except StopIteration:
            was_rows = []
        before = dict(zip(row_keys(was_rows), was_rows, strict=True))
        cols = table.flat_columns()
        for key, row in zip(row_keys(table.rows), table.rows, strict=True):
            was = before.get(key)
            for i, value in enumerate(row.cells):
                prev = was.cells[i] if was and i < len(was.cells) else 0
                if prev != value:
                    changes.append(
                        {
                            "table": table.title,
                            "indicator": row.indicator,
                            "label": row.label,
                            "column": cols[i] if i < len(cols) else str(i + 1),
                            "old": prev,
                            "new": value,
                        }
                    )
    return changes


def row_keys(rows: list[Row]) -> list[str]:
    """Keys matching rows across builds of one report: the Mã số, else TT and label,
    numbered from the second time they recur (a report without Mã số repeats
    "Thạc sĩ" under each staff group)."""
    seen: dict[str, int] = {}
    out = []
    for row in rows:
        key = row.indicator or f"{row.number}|{row.label}"
        seen[key] = seen.get(key, 0) + 1
        out.append(key if seen[key] == 1 else f"{key}#{seen[key]}")
    return out


def sum_reports(parts: list[ReportData], into: ReportData) -> ReportData:
    """Add the tables of `parts` (reports of single schools) into `into`, a report
    with the same tables and zero cells: a district's report from its schools'
    frozen ones. Rows are matched by Mã số (or number and label)."""
    for table in into.tables:
        rows = dict(zip(row_keys(table.rows), table.rows, strict=True))
        for part in parts:
            try:
                source = part.table(table.key)
            except StopIteration:
                continue
            for key, row in zip(row_keys(source.rows), source.rows, strict=True):
                target = rows.get(key)
                if target is None:  # a row only some schools have: keep it
                    target = Row(**{**row.__dict__, "cells": [0] * len(row.cells)})
                    table.rows.append(target)
                    rows[key] = target
                for i, value in enumerate(row.cells):
                    target.cells[i] += value
    return into
