"""A gradebook grid as an Excel file and back: the template of a class's subject
in a semester (its pupils and saved marks), and the import of a filled one through
the grid's own save (gradebook.save), so validation, the calendar guard and the
audit are the grid's. An import is all or nothing; an empty cell keeps the saved
mark (a file may carry only the marks of one assessment).
"""

import time
from dataclasses import dataclass

from flask import current_app
from openpyxl.styles import Alignment, Font, Protection

from smasweb import excel, xlsx_guard
from smasweb.models import User
from smasweb.models.assessment import MARK_KINDS
from smasweb.services import school_data
from smasweb.services.assessment import gradebook, mark_input
from smasweb.services.assessment.access import FIELD
from smasweb.services.errors import PermissionDenied, ValidationFailed

CODE = "Mã học sinh"
NAME = "Họ và tên"
# The block on top names the grid; the reader checks it when a file has it.
SUBJECT, CLASS, SEMESTER = "Môn học", "Lớp", "Học kỳ"
SEMESTER_NAMES = {1: "I", 2: "II"}
HEADER_SEARCH_ROWS = 20  # the header row is looked for in this many first rows
MAX_ROWS = 500  # rows looked at past the header (a class has at most ~50 pupils)
EMPTY_KEEPS = "Ô để trống giữ nguyên điểm đã lưu (không xóa điểm)."
BOLD = Font(bold=True)


def header(col: gradebook.Column) -> str:
    """The column's header in the file: ĐĐGtx1…, ĐĐGgk, ĐĐGck."""
    name = MARK_KINDS[col.kind]
    return f"{name}{col.position}" if col.kind == "tx" else name


def result_header(grid: gradebook.Grid) -> str:
    return "Kết quả HK" if grid.comment_only else "ĐTBmhk"


def filename(grid: gradebook.Grid) -> str:
    a = grid.access
    return f"so-diem-{a.subject.code}-lop-{a.cls.name}-hk{a.semester}.xlsx"


def _guide(grid: gradebook.Grid) -> str:
    typed = (
        "Nhập Đ (Đạt) hoặc CĐ (Chưa đạt)."
        if grid.comment_only
        else "Nhập điểm từ 0 đến 10, một chữ số thập phân (8,5 hoặc 8.5)."
    )
    return (
        f"{typed} {EMPTY_KEEPS} Không sửa cột {CODE} và dòng tiêu đề; "
        f"cột {result_header(grid)} chỉ để xem."
    )


def _score_cell(grid: gradebook.Grid, text: str):
    """A saved mark as a cell: a number (shown with one decimal) or Đ / CĐ."""
    if not text or grid.comment_only:
        return text
    return float(mark_input.read_score(text))


def template(grid: gradebook.Grid) -> bytes:
    """The .xlsx: the school, class, subject and semester on top, then one row per
    pupil (code, name, the marks saved, the semester result). Only the mark cells
    are unlocked; officers get numbered rows without codes or names (as the grid)."""
    a = grid.access
    wb = excel.new_workbook()
    ws = wb.active
    ws.title = f"Sổ điểm {a.cls.name}"[:31]
    sem = SEMESTER_NAMES[a.semester]
    year = f"{a.cls.year}-{a.cls.year + 1}"
    excel.append(ws, [a.school.name], font=BOLD)
    title = f"Sổ điểm môn {a.subject.name} – lớp {a.cls.name} – học kỳ {sem}"
    excel.append(ws, [f"{title} – năm học {year}".upper()], font=BOLD)
    excel.append(ws, [SUBJECT, a.subject.name, CLASS, a.cls.name, SEMESTER, sem])
    excel.append(ws, [_guide(grid)])
    excel.append(ws, [])
    headers = ["STT", CODE, NAME, *map(header, grid.columns), result_header(grid)]
    excel.append(ws, headers, font=BOLD)
    for n, row in enumerate(grid.rows, 1):
        who = [row.student.school_code, row.student.full_name]
        if not a.personal:
            who = ["", f"Học sinh {n}"]
        marks = [_score_cell(grid, row.cells.get(c.key, "")) for c in grid.columns]
        excel.append(ws, [n, *who, *marks, _score_cell(grid, row.average)])
    _layout(ws, grid, len(headers))
    return excel.to_bytes(wb)


def _layout(ws, grid: gradebook.Grid, width: int) -> None:
    first_mark, last_mark = 4, 3 + len(grid.columns)
    for line in ws.iter_rows(min_row=7, max_row=ws.max_row):
        for c in line:
            if first_mark <= c.column <= width:
                c.number_format = "0.0"
                c.alignment = Alignment(horizontal="center")
            if first_mark <= c.column <= last_mark:
                c.protection = Protection(locked=False)
    ws.protection.sheet = True  # no password: it only guards against slips
    ws.freeze_panes = "D7"
    for letter, size in (("A", 6), ("B", 16), ("C", 28)):
        ws.column_dimensions[letter].width = size


@dataclass
class RowError:
    row: int
    column: str
    message: str

    def __str__(self) -> str:
        return f"Dòng {self.row}, cột {self.column}: {self.message}"


class ImportErrors(Exception):
    """Why a file was refused: its row/column errors, in the sheet's order."""

    def __init__(self, errors: list[RowError]):
        super().__init__(f"{len(errors)} lỗi")
        self.errors = sorted(errors, key=lambda e: e.row)


def require_import(actor: User, grid: gradebook.Grid) -> None:
    """Raises PermissionDenied unless the actor may save the grid."""
    school_data.require_write(actor, grid.access.school, FIELD)
    if not grid.access.writable:
        raise PermissionDenied()


def import_file(actor: User, grid: gradebook.Grid, stream) -> int:
    """Save the marks of a filled template through the grid's save; returns how
    many cells changed. Nothing is saved unless every row and cell is valid.

    Raises PermissionDenied, PeriodLocked, ValidationFailed (field "file": the file
    is unreadable, lacks a column, is another grid's), ImportErrors.
    """
    require_import(actor, grid)
    refusal = gradebook.notice(grid.access)
    if refusal is not None:
        raise refusal
    lines, top = _read(grid, stream)
    entries, where = _entries(grid, lines, top)
    try:
        return gradebook.save(actor, grid, entries)
    except gradebook.GridErrors as exc:
        labels = {c.key: header(c) for c in grid.columns}
        raise ImportErrors(
            [
                RowError(where[sid], labels[key], message)
                for (sid, key), message in exc.errors.items()
            ]
        ) from None


def _read(grid: gradebook.Grid, stream) -> tuple[list, list]:
    """(rows after the header as (row number, {header: value}), rows above it)."""
    budget = float(current_app.config["IMPORT_TIME_BUDGET_S"])
    try:
        with xlsx_guard.open_workbook(stream, time.monotonic() + budget) as (wb, g):
            ws = wb.worksheets[0]
            ws.reset_dimensions()
            lines = ws.iter_rows(max_col=excel.MAX_IMPORT_COLUMNS, values_only=True)
            return _split(grid, lines, g)
    except ValueError as exc:
        raise ValidationFailed(str(exc), "file") from None


def _split(grid, lines, guard) -> tuple[list, list]:
    top, headers, rows = [], None, []
    for number, values in enumerate(lines, start=1):
        guard.row_read()
        texts = [_text(v) for v in values]
        if headers is None:
            if _key(CODE) in map(_key, texts):
                headers = texts
            elif number >= HEADER_SEARCH_ROWS:
                break
            else:
                top.append(texts)
            continue
        if number - len(top) > MAX_ROWS:
            raise ValueError(f"Tệp có quá nhiều dòng: tối đa {MAX_ROWS} học sinh.")
        if any(t for t in texts):
            rows.append((number, dict(zip(headers, values, strict=False))))
    wanted = [CODE, *map(header, grid.columns)]
    have = {_key(h) for h in headers or []}
    missing = [h for h in wanted if _key(h) not in have]
    if missing:
        raise ValueError("Tệp thiếu cột: " + ", ".join(missing) + ".")
    return rows, top


def _key(text: str) -> str:
    """A header as compared: case and spaces aside ("ĐĐGtx 1" is ĐĐGtx1)."""
    return "".join(text.split()).casefold()


def _text(value) -> str:
    """A cell as the text the grid would have been typed: 8.5 as "8.5"."""
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:.10g}"  # 7.300000000000001 (a sum's rounding) is 7.3
    if hasattr(value, "strftime"):
        return value.strftime("%d/%m/%Y")
    return " ".join(str(value).split())


def _check_identity(grid: gradebook.Grid, top: list[list[str]]) -> None:
    """Refuse another grid's template (the block on top names it; a file without
    the block is taken as this grid's)."""
    a = grid.access
    expected = {
        SUBJECT: a.subject.name,
        CLASS: a.cls.name,
        SEMESTER: SEMESTER_NAMES[a.semester],
    }
    for texts in top:
        pairs = dict(zip(texts[::2], texts[1::2], strict=False))
        named = {k: pairs[k] for k in expected if pairs.get(k)}
        if named and any(_key(v) != _key(expected[k]) for k, v in named.items()):
            found = ", ".join(f"{k.lower()} {v}" for k, v in named.items())
            raise ValidationFailed(
                f"Tệp là sổ điểm {found}, không phải sổ điểm môn "
                f"{a.subject.name} lớp {a.cls.name} học kỳ "
                f"{SEMESTER_NAMES[a.semester]}.",
                "file",
            )


def _entries(grid: gradebook.Grid, lines: list, top: list) -> tuple[dict, dict]:
    """({(student id, column key): text} for the save, {student id: row number}).

    The grid's saved texts stand for every cell the file leaves empty. Raises
    ValidationFailed (another grid's file, no pupil row), ImportErrors.
    """
    _check_identity(grid, top)
    by_code = {r.student.school_code.upper(): r for r in grid.rows}
    entries = {
        (r.student.id, c.key): r.cells.get(c.key, "")
        for r in grid.rows
        for c in grid.columns
    }
    keys = {_key(header(c)): c.key for c in grid.columns}
    errors, where = [], {}
    for number, values in lines:
        cells = {_key(str(h)): v for h, v in values.items() if h}
        code = _text(cells.get(_key(CODE))).upper()
        row = by_code.get(code)
        if row is None or row.student.id in where:
            message = (
                f"Học sinh mã {code} đã có ở dòng {where[row.student.id]}."
                if row is not None
                else f"Lớp {grid.access.cls.name} không có học sinh mã {code}."
                if code
                else "Thiếu mã học sinh."
            )
            errors.append(RowError(number, CODE, message))
            continue
        where[row.student.id] = number
        for name, key in keys.items():
            text = _text(cells.get(name))
            if text:
                entries[(row.student.id, key)] = text
    if errors:
        raise ImportErrors(errors)
    if not where:
        raise ValidationFailed("Tệp không có dòng học sinh nào.", "file")
    return entries, where
