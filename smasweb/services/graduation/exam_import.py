"""The THPT exam results file: its template, the dry run ("Kiểm tra": unmatched
rows and cell errors, each with its row number) and the all-or-nothing import
("Nhập dữ liệu") that replaces the school's results of the school year.

A row is matched to a candidate (thpt.candidates) by the personal ID, else by the
registration number of an earlier import of the year. Rows go through the ORM
session: the calendar guard (graduation_thpt window) and the audit trail apply.
"""

from dataclasses import dataclass
from functools import partial

from sqlalchemy import select

from smasweb.extensions import db
from smasweb.models import Unit, User
from smasweb.models.graduation_thpt import ExamResult
from smasweb.services import school_data
from smasweb.services import years as school_years
from smasweb.services.calendar import windows as calendar
from smasweb.services.graduation import thpt
from smasweb.services.graduation.exam_rows import (
    COLUMNS,
    EXAMPLE,
    REQUIRED,
    SCORES,
    ExamCells,
)
from smasweb.services.graduation.thpt_score import exam_set
from smasweb.services.imports.cells import read_file
from smasweb.services.imports.pipeline import ImportReport, save_checked, unique_rows
from smasweb.services.imports.template import template_workbook

GUIDE = (
    "Tệp kết quả thi tốt nghiệp THPT: mỗi dòng một thí sinh của trường.",
    "Số báo danh, Họ và tên, Toán, Ngữ văn: bắt buộc. Số định danh cá nhân: 12 chữ "
    "số, dùng để tìm học sinh lớp 12 của trường (nếu trống: tìm theo số báo danh "
    "đã nhập trước).",
    "Điểm mỗi môn từ 0 đến 10, tối đa hai chữ số thập phân (dấu phẩy hoặc chấm); "
    "để trống môn không thi.",
    "Từ năm 2025: Toán, Ngữ văn và 2 môn tự chọn. Trước năm 2025: Toán, Ngữ văn, "
    "Ngoại ngữ và bài thi tổ hợp (Vật lí, Hóa học, Sinh học hoặc Lịch sử, Địa lí, "
    "Giáo dục công dân).",
    "Điểm khuyến khích từ 0 đến 4, điểm ưu tiên từ 0 đến 1; để trống nếu không có.",
    "Nhập lại tệp sẽ thay toàn bộ kết quả thi của trường trong năm học.",
    "Xóa dòng ví dụ (số báo danh VIDU01) trước khi nhập.",
)


def template() -> bytes:
    return template_workbook("Ket qua thi", COLUMNS, REQUIRED, EXAMPLE, GUIDE)


@dataclass
class ExamRow:
    number: int
    values: dict
    failed: set[str]
    student_id: int | None = None
    existing: ExamResult | None = None


def _unmatched(values: dict) -> str:
    pid, sbd = values.get("personal_id"), values.get("registration_no")
    what = f"số định danh {pid}" if pid else f"số báo danh {sbd}"
    return f"Không tìm thấy học sinh lớp 12 của trường có {what}."


def _match(report, row: ExamRow, by_pid, by_sbd, year) -> None:
    values = row.values
    pid = values.get("personal_id")
    if pid and (not pid.isdigit() or len(pid) != 12):
        report.add_error(
            row.number, COLUMNS["personal_id"].header, "Phải có 12 chữ số."
        )
        row.failed.add("personal_id")
        return
    student = by_pid.get(pid) if pid else None
    if student is None and not pid:
        student = by_sbd.get(values.get("registration_no"))
    if student is None:
        header = COLUMNS["personal_id" if pid else "registration_no"].header
        report.add_error(row.number, header, _unmatched(values))
        row.failed.add("personal_id")
        return
    row.student_id = student.id
    birth = values.get("birth_date")
    if birth and student.birth_date and birth != student.birth_date:
        shown = student.birth_date.strftime("%d/%m/%Y")
        header = COLUMNS["birth_date"].header
        report.add_error(row.number, header, f"Khác ngày sinh trong hồ sơ ({shown}).")
        row.failed.add("birth_date")
    if not row.failed.intersection(SCORES):
        try:
            exam_set(thpt.exam_year(year), {c: values.get(c) for c in SCORES})
        except ValueError as exc:
            report.add_error(row.number, COLUMNS["toan"].header, str(exc))
            row.failed.add("toan")


def check_results(actor: User, school: Unit, stream) -> ImportReport:
    """Dry run: every row read and matched, nothing saved; items are ExamRow.

    Raises PermissionDenied, ValidationFailed (field "file")."""
    school_data.require_write(actor, school, thpt.FIELD)
    year = school_years.current_year()
    report, parsed = read_file(stream, ExamCells)
    rows = [ExamRow(p.number, p.values, p.failed) for p in parsed]
    unique_rows(report, rows, ("registration_no", "personal_id"), COLUMNS)
    pupils = [s for s, _ in thpt.candidates(school, year)]
    by_pid = {s.personal_id: s for s in pupils if s.personal_id}
    by_id = {s.id: s for s in pupils}
    existing = {e.student_id: e for e in _school_rows(school, year)}
    by_sbd = {
        e.registration_no: by_id[e.student_id]
        for e in existing.values()
        if e.student_id in by_id
    }
    for row in rows:
        if "personal_id" not in row.failed:
            _match(report, row, by_pid, by_sbd, year)
        row.existing = existing.get(row.student_id)
        if not row.failed:
            report.items.append(row)
    return report.all_or_nothing()


def import_results(actor: User, school: Unit, stream) -> ImportReport:
    """Replace the school's results of the year with the file's rows, or save none.

    Raises PermissionDenied, PeriodLocked (before the file is read), ValidationFailed.
    """
    school_data.require_write(actor, school, thpt.FIELD)
    year = school_years.current_year()
    calendar.require_open(school, ExamResult.calendar_field(), year=year)
    report = check_results(actor, school, stream)
    return save_checked(report, partial(_save, school, year))


def _school_rows(school: Unit, year: int) -> list[ExamResult]:
    stmt = select(ExamResult).where(
        ExamResult.school_id == school.id, ExamResult.year == year
    )
    return list(db.session.scalars(stmt))


def _save(school: Unit, year: int, rows: list[ExamRow]) -> None:
    kept = {r.student_id for r in rows}
    for old in _school_rows(school, year):
        if old.student_id not in kept:
            db.session.delete(old)
    db.session.flush()
    for row in rows:
        exam = row.existing or ExamResult(
            school_id=school.id, year=year, student_id=row.student_id
        )
        for name in COLUMNS:
            setattr(exam, name, row.values.get(name))
        db.session.add(exam)


def counts(report: ImportReport) -> tuple[int, int]:
    """(new candidates' results, replaced ones) of a report's rows."""
    new = sum(1 for row in report.items if row.existing is None)
    return new, len(report.items) - new
