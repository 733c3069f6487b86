"""The rows of a teaching-assignment file read against the school: which class,
which subject, which teacher each cell names, and why a cell names none (its row
and column, in Vietnamese). Nothing here writes; teaching_excel saves the classes
through teaching.save.

A teacher is named by its staff code (Mã CB), by its full name when no other
working teacher of the school has it, or as the class form shows it, "name (code)"
(then the code decides).
"""

import re
import unicodedata
from dataclasses import dataclass, field

from sqlalchemy import func, select

from smasweb.extensions import db
from smasweb.models import ClassGroup, StaffMember, Unit
from smasweb.services.assessment import curriculum, teaching
from smasweb.services.assessment.access import GRADEBOOK_GRADES, electives
from smasweb.services.assessment.grid_excel import RowError

CLASS, GRADE, CODE, SUBJECT = "Lớp", "Khối", "Mã môn", "Môn học"
TEACHER = {1: "GV học kỳ I", 2: "GV học kỳ II"}
ELECTIVE = "Môn lựa chọn"
COLUMNS = [CLASS, GRADE, CODE, SUBJECT, TEACHER[1], TEACHER[2], ELECTIVE]
REQUIRED = [CLASS, CODE, TEACHER[1], TEACHER[2]]
CHOSEN = "x"  # an elective row the class studies
CHOSEN_TEXTS = {"x", "có"}
LABELLED = re.compile(r"^(.*)\(([^()]+)\)$")  # "Phan Văn Toán (GV0001)"


def key(value) -> str:
    """A cell as compared: NFC, case and runs of spaces aside."""
    text = "" if value is None else str(value)
    if isinstance(value, float) and value.is_integer():
        text = str(int(value))  # a code typed as a number
    return " ".join(unicodedata.normalize("NFC", text).split()).casefold()


def grade_label(grade: str) -> str:
    """Khối as the clerk reads it: 6, 10; GDTX 10 for continuing education."""
    if grade in curriculum.GDTX_GRADES:
        return f"GDTX {int(curriculum.GDTX_GRADES[grade])}"
    return str(int(grade))


def is_upper(cls: ClassGroup) -> bool:
    """A class whose electives the file (like the form) chooses."""
    return cls.grade in teaching.UPPER_GRADES


def file_subjects(cls: ClassGroup, chosen: frozenset[str]) -> list[curriculum.Subject]:
    """A class's rows in the file: every subject of its grade for an upper-secondary
    class (the electives to tick among them), else the subjects it studies."""
    if is_upper(cls):
        return curriculum.subjects(cls.grade)
    return curriculum.subjects(cls.grade, chosen)


@dataclass
class ClassRows:
    """What the file says of one class: {(code, semester): staff id or None},
    {elective code: ticked}, the row of each subject."""

    cls: ClassGroup
    teachers: dict[tuple[str, int], int | None] = field(default_factory=dict)
    ticked: dict[str, bool] = field(default_factory=dict)
    rows: dict[str, int] = field(default_factory=dict)


class Lookup:
    """The school's classes of the year and its staff, loaded once per file."""

    def __init__(self, school: Unit, year: int):
        self.school, self.year = school, year
        found = teaching.classes(school, year)
        self.classes = {key(c.name): c for c in found}
        self.chosen = electives([c.id for c in found])
        working = {int(i) for i in teaching.teacher_choices(school)}
        stmt = select(StaffMember.id, StaffMember.code, StaffMember.full_name).where(
            StaffMember.school_id == school.id
        )
        self.by_code, self.by_name = {}, {}
        for staff_id, code, name in db.session.execute(stmt):
            entry = (staff_id, staff_id in working)
            self.by_code[key(code)] = entry
            self.by_name.setdefault(key(name), []).append(entry)
        self.codes = {s.code for g in GRADEBOOK_GRADES for s in curriculum.subjects(g)}

    def teacher(self, text: str) -> int:
        """The staff id a teacher cell names. Raises ValueError (the message)."""
        labelled = LABELLED.match(text)
        code = key(labelled.group(2) if labelled else text)
        found = self.by_code.get(code)
        if found is None and not labelled:
            named = self.by_name.get(code, [])
            working = [n for n in named if n[1]]
            if len(working) > 1:
                raise ValueError(
                    f"Có {len(working)} giáo viên tên {text}: hãy ghi mã CB."
                )
            found = (working or named or [None])[0]
        if found is None:
            if self._elsewhere(code):
                raise ValueError(f"Cán bộ mã {text} không thuộc trường.")
            raise ValueError(f"Trường không có giáo viên mã hoặc tên {text}.")
        if not found[1]:
            raise ValueError(f"{text} không phải giáo viên đang làm việc tại trường.")
        return found[0]

    def _elsewhere(self, code: str) -> bool:
        stmt = select(StaffMember.id).where(
            func.lower(StaffMember.code) == code,
            StaffMember.school_id != self.school.id,
        )
        return db.session.scalar(stmt.limit(1)) is not None

    def subject(self, cls: ClassGroup, code: str, name: str) -> curriculum.Subject:
        """The subject a row names (its code, else its name) among the class's
        rows. Raises ValueError."""
        offered = file_subjects(cls, self.chosen[cls.id])
        if not code:
            found = next((s for s in offered if key(s.name) == key(name)), None)
            if found is None:
                missing = f"Lớp {cls.name} không học môn {name}." if name else ""
                raise ValueError(missing or "Thiếu mã môn.")
            return found
        found = next((s for s in offered if s.code == code.casefold()), None)
        if found is not None:
            return found
        if code.casefold() not in self.codes:
            raise ValueError(f"Không có môn học mã {code}.")
        grade = grade_label(cls.grade)
        raise ValueError(f"Lớp {cls.name} (khối {grade}) không học môn mã {code}.")


def read_rows(lookup: Lookup, rows: list[tuple[int, dict]]) -> tuple[dict, list]:
    """({class id: ClassRows}, [RowError]) of the file's data rows."""
    out: dict[int, ClassRows] = {}
    errors: list[RowError] = []
    for number, values in rows:
        cells = {k: _text(v) for k, v in values.items()}
        found = _row(lookup, out, number, cells, errors)
        if found is None:
            continue
        cls, subject = found
        plan = out.setdefault(cls.id, ClassRows(cls))
        plan.rows[subject.code] = number
        ticked = _ticked(cls, subject, cells.get(ELECTIVE, ""), number, errors)
        if ticked is not None:
            plan.ticked[subject.code] = ticked
        for sem, column in TEACHER.items():
            try:
                staff_id = _teacher(lookup, cls, subject, cells.get(column, ""), ticked)
            except ValueError as exc:
                errors.append(RowError(number, column, str(exc)))
            else:
                plan.teachers[subject.code, sem] = staff_id
    errors.extend(_too_many_electives(lookup, out))
    return out, errors


def _teacher(lookup: Lookup, cls, subject, text: str, ticked) -> int | None:
    """The staff id a teacher cell names (None: empty). Raises ValueError."""
    staff_id = lookup.teacher(text) if text else None
    if staff_id is not None and ticked is False:
        raise ValueError(
            f"Lớp {cls.name} chưa chọn môn {subject.name}: ghi {CHOSEN} ở cột "
            f"{ELECTIVE} hoặc để trống ô này."
        )
    return staff_id


def _row(lookup, out, number, cells, errors):
    """(class, subject) of a row, or None with its error listed."""
    name = cells.get(CLASS, "")
    cls = lookup.classes.get(key(name))
    if cls is None:
        message = (
            f"Trường không có lớp {name} (tiểu học, trung học) trong năm học "
            f"{lookup.year}-{lookup.year + 1}."
            if name
            else "Thiếu tên lớp."
        )
        errors.append(RowError(number, CLASS, message))
        return None
    try:
        subject = lookup.subject(cls, cells.get(CODE, ""), cells.get(SUBJECT, ""))
    except ValueError as exc:
        errors.append(RowError(number, CODE, str(exc)))
        return None
    earlier = out.get(cls.id, ClassRows(cls)).rows.get(subject.code)
    if earlier is not None:
        message = f"Lớp {cls.name}, môn {subject.name} đã có ở dòng {earlier}."
        errors.append(RowError(number, CODE, message))
        return None
    return cls, subject


def _ticked(cls, subject, text: str, number: int, errors: list) -> bool | None:
    """Does an upper-secondary class study this elective (None: not an elective
    row, or an unreadable cell, listed)."""
    if not (is_upper(cls) and subject.elective):
        return None
    if key(text) in CHOSEN_TEXTS or not text:
        return bool(text)
    message = f"Ghi {CHOSEN} nếu lớp học môn lựa chọn này, để trống nếu không."
    errors.append(RowError(number, ELECTIVE, message))
    return None


def chosen_electives(lookup: Lookup, plan: ClassRows) -> set[str] | None:
    """The electives a class will study: its rows' ticks over the saved choice
    (a row the file leaves out keeps it); None when the file has no elective row
    of the class."""
    if not plan.ticked:
        return None
    kept = set(lookup.chosen[plan.cls.id])
    return {c for c in kept if plan.ticked.get(c, True)} | {
        c for c, on in plan.ticked.items() if on
    }


def _too_many_electives(lookup: Lookup, out: dict) -> list[RowError]:
    errors = []
    for plan in out.values():
        chosen = chosen_electives(lookup, plan) or set()
        if len(chosen) > teaching.ELECTIVES_PER_CLASS:
            first = min(plan.rows[c] for c, on in plan.ticked.items() if on)
            message = (
                f"Lớp {plan.cls.name} chọn {len(chosen)} môn lựa chọn: mỗi lớp "
                f"chọn tối đa {teaching.ELECTIVES_PER_CLASS} môn."
            )
            errors.append(RowError(first, ELECTIVE, message))
    return errors


def _text(value) -> str:
    """A cell as typed: spaces collapsed, NFC; a whole number without ".0"."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return " ".join(unicodedata.normalize("NFC", str(value)).split())
