"""Phân công giảng dạy as an Excel file and back: the school's template for the
year (one row per class and subject, today's teachers filled in, the teachers to
choose from and a notes sheet), and the import of a filled one.

An import is all or nothing: every row is read and checked first (teaching_rows),
each error listed with its row and column; then every class of the file is saved
through teaching.save, the one write path (the "classes" window's guard, the
audit). The caller commits once, or rolls back on any error.
"""

import time
from dataclasses import dataclass

from flask import current_app
from openpyxl.styles import Font
from sqlalchemy import select

from smasweb import excel
from smasweb.extensions import db
from smasweb.models import StaffMember, Unit, User
from smasweb.models.assessment import TeachingAssignment
from smasweb.services import school_data
from smasweb.services import years as school_years
from smasweb.services.assessment import teaching
from smasweb.services.assessment import teaching_rows as rows
from smasweb.services.assessment.access import SEMESTERS
from smasweb.services.assessment.grid_excel import ImportErrors, RowError
from smasweb.services.errors import ValidationFailed
from smasweb.text import vn_number

SHEET, TEACHERS_SHEET, NOTES_SHEET = "Phân công", "Giáo viên", "Hướng dẫn"
MAX_ROWS = 3_000  # a school of 60 classes has about 1,000 rows
BOLD = Font(bold=True)
NOTES = [
    "Mỗi dòng là một môn học của một lớp. Không sửa các cột Lớp, Khối, Mã môn, "
    "Môn học và dòng tiêu đề; có thể xóa các dòng (lớp, môn) không cần thay đổi.",
    "Cột GV học kỳ I, GV học kỳ II: ghi mã cán bộ (Mã CB, xem trang Giáo viên) của "
    "giáo viên dạy môn đó trong học kỳ. Có thể ghi họ và tên khi trường chỉ có một "
    "giáo viên tên đó, hoặc ghi như trang phân công: Họ và tên (Mã CB).",
    "Ô để trống: môn học đó chưa có giáo viên trong học kỳ (bỏ phân công đã lưu). "
    "Giáo viên đã nghỉ việc không được ghi sẵn: ô của họ để trống.",
    f"Lớp 10–12: ghi {rows.CHOSEN} ở cột Môn lựa chọn cho các môn lựa chọn lớp học "
    f"(tối đa {teaching.ELECTIVES_PER_CLASS} môn), để trống cho các môn không học; "
    "môn không học thì không phân công giáo viên.",
    "Chỉ lưu khi mọi dòng của tệp đều hợp lệ; nếu có lỗi, không phân công nào được "
    "lưu và trang nhập liệt kê từng lỗi theo dòng và cột.",
]


def filename(year: int) -> str:
    return f"phan-cong-giang-day-{year}-{year + 1}.xlsx"


def template(actor: User) -> tuple[str, bytes]:
    """(file name, .xlsx) of the actor's school for the current year. Raises
    NotFound, PermissionDenied (teaching.managed_school)."""
    school = teaching.managed_school(actor)
    year = school_years.current_year()
    lookup = rows.Lookup(school, year)
    codes = _staff_codes(school)
    saved = _saved([c.id for c in lookup.classes.values()])
    wb = excel.new_workbook()
    ws = wb.active
    ws.title = SHEET
    excel.append(ws, rows.COLUMNS, font=BOLD)
    for cls in lookup.classes.values():
        chosen = lookup.chosen[cls.id]
        for s in rows.file_subjects(cls, chosen):
            teachers = [
                codes.get(saved.get((cls.id, s.code, sem)), "") for sem in SEMESTERS
            ]
            tick = ""
            if rows.is_upper(cls) and s.elective and s.code in chosen:
                tick = rows.CHOSEN
            grade = rows.grade_label(cls.grade)
            excel.append(ws, [cls.name, grade, s.code, s.name, *teachers, tick])
    _layout(ws)
    _teachers_sheet(wb.create_sheet(TEACHERS_SHEET), school)
    notes = wb.create_sheet(NOTES_SHEET)
    excel.append(notes, [f"{school.name} – năm học {year}-{year + 1}"], font=BOLD)
    for line in NOTES:
        excel.append(notes, [line])
    notes.column_dimensions["A"].width = 120
    return filename(year), excel.to_bytes(wb)


def _staff_codes(school: Unit) -> dict[int, str]:
    """{staff id: code} of the school's working teachers. A teacher no longer
    working is left out, so the cell comes blank and an untouched file imports
    cleanly, dropping that assignment as the class form does on save."""
    working = [int(i) for i in teaching.teacher_choices(school)]
    stmt = select(StaffMember.id, StaffMember.code).where(
        StaffMember.school_id == school.id, StaffMember.id.in_(working)
    )
    return dict(db.session.execute(stmt).all())


def _saved(class_ids: list[int]) -> dict[tuple[int, str, int], int]:
    """{(class id, subject code, semester): staff id} in one query."""
    stmt = select(
        TeachingAssignment.class_id,
        TeachingAssignment.subject_code,
        TeachingAssignment.semester,
        TeachingAssignment.staff_id,
    ).where(TeachingAssignment.class_id.in_(class_ids))
    return {(c, code, sem): staff for c, code, sem, staff in db.session.execute(stmt)}


def _layout(ws) -> None:
    # Not protected (unlike a gradebook's template): the clerk deletes the rows it
    # does not change and may sort or filter them.
    ws.freeze_panes = "A2"
    for letter, size in zip("ABCDEFG", (10, 8, 14, 28, 18, 18, 14), strict=True):
        ws.column_dimensions[letter].width = size


def _teachers_sheet(ws, school: Unit) -> None:
    excel.append(ws, ["Mã CB", "Họ và tên"], font=BOLD)
    stmt = select(StaffMember.id, StaffMember.code, StaffMember.full_name)
    stmt = stmt.where(StaffMember.school_id == school.id)
    found = {str(i): (code, name) for i, code, name in db.session.execute(stmt)}
    for staff_id in teaching.teacher_choices(school):
        excel.append(ws, list(found[staff_id]))
    ws.column_dimensions["A"].width = 14
    ws.column_dimensions["B"].width = 32


@dataclass(frozen=True)
class Imported:
    classes: int  # classes of the file
    changed: int  # (class, subject, semester) whose teacher changed


def import_file(actor: User, stream) -> Imported:
    """Save the teaching assignments of a filled template; nothing unless every
    row is valid. Raises NotFound, PermissionDenied, PeriodLocked (the "classes"
    window is closed), ValidationFailed (field "file": unreadable, a column
    missing, no row), ImportErrors (the rows' errors)."""
    school = teaching.managed_school(actor)
    refusal = school_data.window_notice()
    if refusal is not None:
        raise refusal
    lookup = rows.Lookup(school, school_years.current_year())
    classes, errors = rows.read_rows(lookup, _read(stream))
    if errors:
        raise ImportErrors(errors)
    if not classes:
        raise ValidationFailed("Tệp không có dòng phân công nào.", "file")
    changed = 0
    for found in classes.values():
        changed += _save(actor, lookup, found)
    return Imported(len(classes), changed)


def _save(actor: User, lookup: rows.Lookup, found: rows.ClassRows) -> int:
    """Save one class through teaching.save; how many of its cells changed."""
    current = teaching.plan(actor, found.cls.id)
    before = dict(current.teachers)
    wanted = rows.chosen_electives(lookup, found)
    try:
        saved = teaching.save(actor, current, found.teachers, wanted)
    except ValidationFailed as exc:  # checked before: a row changed meanwhile
        raise ImportErrors([_row_error(found, exc)]) from None
    after = saved.teachers
    return sum(before.get(k) != after.get(k) for k in before.keys() | after.keys())


def _row_error(found: rows.ClassRows, exc: ValidationFailed) -> RowError:
    """The row and column of an error teaching.save names by its form field."""
    if exc.field == "electives":
        return RowError(min(found.rows.values()), rows.ELECTIVE, exc.message)
    code, _, sem = exc.field.removeprefix("t_").rpartition("_")  # t_vat_li_1
    number = found.rows.get(code, min(found.rows.values()))
    return RowError(number, rows.TEACHER.get(int(sem), rows.CLASS), exc.message)


def _read(stream) -> list[tuple[int, dict]]:
    budget = float(current_app.config["IMPORT_TIME_BUDGET_S"])
    try:
        _, found = excel.read_sheet(stream, rows.REQUIRED, time.monotonic() + budget)
    except ValueError as exc:
        raise ValidationFailed(str(exc), "file") from None
    if len(found) > MAX_ROWS:
        message = f"Tệp có quá nhiều dòng: tối đa {vn_number(MAX_ROWS)} dòng."
        raise ValidationFailed(message, "file")
    return found
