"""Sections V and VI (Tiến độ nhập điểm) of the monthly report: the share of the
regular assessments (ĐĐGtx, TT 22/2021) a secondary level's gradebooks hold by the
data date, per subject (V) and per school, lowest first (VI).

- Semester: the one the data date falls in (September–December: I; from January:
  II, as the gradebook dates them: assessment.gradebook.SEMESTER_STARTS).
- Pupils: those in their school at the end of the data date (as_of.present_on,
  the one answer every report uses) whose class of the year is of the level.
- Số ĐĐGtx đã nhập: their Mark rows of kind "tx" of that semester dated on or
  before the data date, by the mark's subject and the school and class it was
  entered in (the class of the level: a pupil's marks stay with the class that
  gave them, as the gradebook reads them).
- Số ĐĐGtx cần có: for each such pupil, over the subjects of the pupil's class
  (the grade's compulsory ones and the electives chosen for the class,
  models.assessment.ClassSubject), tt22.regular_count(periods, comment_only).
  Continuing-education classes (lớp 10–12 GDTX) follow the lớp 10–12 rows.
- Tỉ lệ (%) = đã nhập / cần có, a derived cell (derive()), never summed.

VI has one row per school (Mã số: the school's code). A school's own report holds
its single row too, so a district's report added up from its schools' frozen
snapshots (tables.sum_reports) lists every school; derive() then sorts them.

Primary (TT 27/2020) and preschool levels get neither section: TT 27 has no
regular marks to enter month by month, only the evaluations at the middle and the
end of each semester, which the semester reports count.
"""

from collections import Counter
from datetime import date
from functools import cache

from sqlalchemy import func, select

from smasweb.extensions import db
from smasweb.models.assessment import ClassSubject, Mark
from smasweb.models.schools import ClassGroup
from smasweb.models.students import Enrollment, Student
from smasweb.models.units import Unit
from smasweb.services.assessment import curriculum, tt22
from smasweb.services.reports.monthly.pupils import Month
from smasweb.services.reports.tables import Row, Table
from smasweb.services.students.as_of import present_among

LEVELS = ("03", "04", "05")  # THCS, THPT, GDTX: TT 22/2021
COLUMNS = [("Số ĐĐGtx đã nhập",), ("Số ĐĐGtx cần có",), ("Tỉ lệ (%)",)]
ENTERED, REQUIRED, RATE = range(3)  # the cells of a row
SUBJECTS, SCHOOLS = "mark_progress", "mark_progress_schools"
MARKS = "đầu điểm"
SEMESTER_NAMES = {1: "I", 2: "II"}
NOTE = (
    "Đã nhập: ĐĐGtx của học kỳ có ngày đánh giá đến hết ngày chốt số liệu, của "
    "học sinh đang học ngày đó; cần có: với mỗi học sinh, tổng số ĐĐGtx các môn "
    "của lớp (môn lựa chọn: các môn lớp đã chọn) theo Điều 6 Thông tư 22/2021."
)


def semester_of(month: Month) -> int:
    return 1 if month.end < date(month.year + 1, 1, 1) else 2


def level_subjects(grades: list[str]) -> list[curriculum.Subject]:
    """The subjects of the grades (compulsory and elective), each code once, in
    the curriculum's order."""
    seen: dict[str, curriculum.Subject] = {}
    for grade in grades:
        for s in curriculum.subjects(grade):
            seen.setdefault(s.code, s)
    return list(seen.values())


@cache
def _required_per_pupil(grade: str, chosen: frozenset[str]) -> dict[str, int]:
    """{subject code: ĐĐGtx due} for one pupil of a class of this grade."""
    return {
        s.code: tt22.regular_count(s.periods, s.comment_only)
        for s in curriculum.subjects(grade, chosen)
    }


def _away(school_ids: list[int], month: Month):
    """SELECT of the scope's pupil records NOT in their school at the end of the
    data date: a few thousand ids a province, read once as a hashed subplan."""
    present = present_among(month.end, school_ids)
    return select(Student.id).where(Student.school_id.in_(school_ids), ~present)


def entered(school_ids: list[int], grades: list[str], month: Month) -> Counter:
    """{(school id, subject code): ĐĐGtx entered} (see module doc): one scan of
    the semester's marks, by the class each was entered in, minus the away
    pupils' (joining every mark to its pupil costs 3× more for a province)."""
    stmt = (
        select(Mark.school_id, Mark.subject_code, func.count())
        .join(ClassGroup, ClassGroup.id == Mark.class_id)
        .where(
            Mark.school_id.in_(school_ids),
            Mark.year == month.year,
            Mark.semester == semester_of(month),
            Mark.kind == "tx",
            Mark.day <= month.end,
            ClassGroup.grade.in_(grades),
            Mark.student_id.not_in(_away(school_ids, month)),
        )
        .group_by(Mark.school_id, Mark.subject_code)
    )
    return Counter({(s, code): n for s, code, n in db.session.execute(stmt)})


def required(school_ids: list[int], grades: list[str], month: Month) -> Counter:
    """{(school id, subject code): ĐĐGtx due} from the pupils of each class and
    the class's chosen electives (two grouped queries)."""
    keys = (Enrollment.school_id, ClassGroup.id, ClassGroup.grade)
    stmt = (
        select(*keys, func.count())
        .join(ClassGroup, ClassGroup.id == Enrollment.class_id)
        .where(
            Enrollment.school_id.in_(school_ids),
            Enrollment.year == month.year,
            ClassGroup.grade.in_(grades),
            Enrollment.student_id.not_in(_away(school_ids, month)),
        )
        .group_by(*keys)
    )
    classes = list(db.session.execute(stmt))
    chosen: dict[int, set[str]] = {}
    if any(s.elective for s in level_subjects(grades)):
        picked = (
            select(ClassSubject.class_id, ClassSubject.subject_code)
            .join(ClassGroup, ClassGroup.id == ClassSubject.class_id)
            .where(
                ClassSubject.school_id.in_(school_ids),
                ClassSubject.kind == "elective",
                ClassGroup.year == month.year,
                ClassGroup.grade.in_(grades),
            )
        )
        for class_id, code in db.session.execute(picked):
            chosen.setdefault(class_id, set()).add(code)
    out: Counter = Counter()
    for school_id, class_id, grade, pupils in classes:
        electives = frozenset(chosen.get(class_id, ()))
        for code, due in _required_per_pupil(grade, electives).items():
            out[school_id, code] += pupils * due
    return out


def _cells(done: Counter, due: Counter, want) -> list:
    """[entered, required, rate] over the (school, subject) keys `want` accepts."""
    return [
        sum(n for k, n in done.items() if want(*k)),
        sum(n for k, n in due.items() if want(*k)),
        0.0,
    ]


def tables(
    grades: list[str],
    month: Month,
    schools: list[Unit],
    done: Counter,
    due: Counter,
) -> list[Table]:
    """V by subject and VI by school, rates left to derive()."""
    subjects = level_subjects(grades)
    codes = {s.code for s in subjects}
    rows = [
        Row("", "", "Tổng số", MARKS, cells=_cells(done, due, lambda _, c: c in codes),
            note=NOTE),
        *(Row("", "", s.name, MARKS, 1,
              cells=_cells(done, due, lambda _, c, code=s.code: c == code))
          for s in subjects),
    ]  # fmt: skip
    semester = SEMESTER_NAMES[semester_of(month)]
    title = f"V. Tiến độ nhập điểm đánh giá thường xuyên, học kỳ {semester}"
    by_school = [
        Row(school.code or "", "", school.name, MARKS,
            cells=_cells(done, due, lambda s, c, sid=school.id: s == sid and c in codes))
        for school in schools
    ]  # fmt: skip
    school_title = "VI. Tiến độ nhập điểm theo trường (tỉ lệ thấp nhất trước)"
    return [
        Table(SUBJECTS, title, COLUMNS, rows),
        Table(SCHOOLS, school_title, COLUMNS, by_school),
    ]


def rate(row: Row) -> float:
    due = row.cells[REQUIRED]
    return round(100 * row.cells[ENTERED] / due, 2) if due else 0.0


def derive(tables_by_key: dict[str, Table]) -> None:
    """The rates from the counts; VI's schools by rate, lowest first (those with
    nothing due last), so an officer sees first who is behind."""
    for key in (SUBJECTS, SCHOOLS):
        for row in tables_by_key[key].rows if key in tables_by_key else []:
            row.cells[RATE] = rate(row)
    if SCHOOLS in tables_by_key:
        tables_by_key[SCHOOLS].rows.sort(
            key=lambda r: (not r.cells[REQUIRED], r.cells[RATE], r.indicator, r.label)
        )
