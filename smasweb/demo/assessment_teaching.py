"""The demo's phân công giảng dạy and môn lựa chọn: who teaches each subject of
each primary and secondary class in both semesters, and the four electives and
three topic clusters (cụm chuyên đề) of every lớp 10–12 class.

A subject goes to the least busy teacher of the class's level whose yearly
assignment names it (StaffYear.subjects, codes of the "subjects" code list), so
one teacher teaches it in several classes; the homeroom teacher takes the primary
class's core subjects and, in secondary, the experiential activity and the local
content; a subject nobody teaches falls to the least busy teacher of the level.
A class keeps its elective combination from year to year (by its letter and
number: 10A1 and 11A1 study the same).
"""

from collections import Counter

from sqlalchemy import select

from smasweb.demo.assessment_common import Writer
from smasweb.demo.staff_plan import LEVEL_OF_GRADE
from smasweb.extensions import db
from smasweb.models import StaffMember, StaffYear
from smasweb.models.assessment import ClassSubject, TeachingAssignment
from smasweb.services.assessment import curriculum

# subjects code list → curriculum codes, by teaching level
TAUGHT = {
    "02": {"06": "am_nhac", "07": "mi_thuat", "10": "gdtc", "11": "ngoai_ngu_1",
           "12": "tin_cong_nghe"},
    "03": {"15": "toan", "16": "khtn", "17": "khtn", "18": "khtn", "19": "ngu_van",
           "20": "ls_dl", "21": "ls_dl", "22": "ngoai_ngu_1", "26": "gdcd",
           "27": "cong_nghe", "28": "gdtc", "29": "nghe_thuat", "30": "nghe_thuat",
           "32": "tin_hoc", "66": "khtn", "67": "ls_dl"},
    "04": {"34": "toan", "35": "vat_li", "36": "hoa_hoc", "37": "sinh_hoc",
           "38": "tin_hoc", "39": "ngu_van", "40": "lich_su", "41": "dia_li",
           "42": "ngoai_ngu_1", "46": "cong_nghe", "47": "gdqp_an", "48": "gdtc",
           "52": "gdktpl"},
}  # fmt: skip
PRIMARY_SPECIALIST = set(TAUGHT["02"].values())
HOMEROOM_SUBJECTS = {"hdtn_hn", "gddp"}
# (electives, topic clusters): natural sciences, social sciences, mixed
COMBINATIONS = (
    (("vat_li", "hoa_hoc", "sinh_hoc", "tin_hoc"), ("toan", "vat_li", "hoa_hoc")),
    (("vat_li", "hoa_hoc", "tin_hoc", "cong_nghe"), ("toan", "vat_li", "hoa_hoc")),
    (("dia_li", "gdktpl", "vat_li", "tin_hoc"), ("toan", "ngu_van", "dia_li")),
    (("dia_li", "gdktpl", "cong_nghe", "mi_thuat"), ("ngu_van", "lich_su", "dia_li")),
    (("hoa_hoc", "sinh_hoc", "dia_li", "gdktpl"), ("toan", "hoa_hoc", "sinh_hoc")),
)
UPPER = ("10", "11", "12")
SEMESTERS = (1, 2)


def combination(class_name: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """A class's electives and topics, the same for 10A1, 11A1 and 12A1."""
    digits = "".join(ch for ch in class_name.split("A", 1)[-1] if ch.isdigit())
    return COMBINATIONS[(int(digits or 1) - 1) % len(COMBINATIONS)]


def class_electives(classes) -> dict[int, frozenset[str]]:
    """Store the electives and topic clusters of the lớp 10–12 classes among
    `classes` (ClassGroup rows); returns {class id: electives}."""
    out: dict[int, frozenset[str]] = {}
    writer = Writer(ClassSubject)
    for c in classes:
        if c.grade not in UPPER:
            continue
        chosen, topics = combination(c.name)
        out[c.id] = frozenset(chosen)
        for kind, codes in (("elective", chosen), ("topic", topics)):
            for code in codes:
                writer.add(
                    {
                        "school_id": c.school_id,
                        "version": 1,
                        "class_id": c.id,
                        "subject_code": code,
                        "kind": kind,
                    }  # fmt: skip
                )
    writer.flush()
    return out


def _teachers(year: int) -> dict[int, list[tuple[int, str, set[str]]]]:
    """{school id: [(staff id, teaching level, curriculum codes)]} of the year."""
    out: dict[int, list] = {}
    for staff_id, school_id, level, codes in db.session.execute(
        select(
            StaffMember.id,
            StaffMember.school_id,
            StaffMember.teaching_level,
            StaffYear.subjects,
        )
        .join(StaffYear, StaffYear.staff_id == StaffMember.id)
        .where(StaffYear.year == year, StaffMember.teaching_level.in_(TAUGHT))
        .order_by(StaffMember.id)
    ):
        taught = {TAUGHT[level].get(c) for c in (codes or "").split(",")} - {None}
        out.setdefault(school_id, []).append((staff_id, level, taught))
    return out


def assign(classes, electives: dict[int, frozenset[str]], year: int, staff_year: int):
    """Store the teaching assignments of `classes` (of school year `year`) from the
    teachers of `staff_year`; returns {(class id, subject code): staff id}."""
    teachers = _teachers(staff_year)
    load: Counter = Counter()
    chosen: dict[tuple[int, str], int] = {}
    writer = Writer(TeachingAssignment)
    for c in classes:
        level = LEVEL_OF_GRADE[c.grade]
        staff = [t for t in teachers.get(c.school_id, []) if t[1] == level]
        if not staff:
            continue
        for subject in curriculum.subjects(c.grade, electives.get(c.id, frozenset())):
            picked = _teacher(c, subject.code, level, staff, load)
            load[picked] += 1
            chosen[(c.id, subject.code)] = picked
            for semester in SEMESTERS:
                writer.add(
                    {
                        "school_id": c.school_id,
                        "version": 1,
                        "year": year,
                        "class_id": c.id,
                        "subject_code": subject.code,
                        "semester": semester,
                        "staff_id": picked,
                    }  # fmt: skip
                )
    writer.flush()
    return chosen


def _teacher(c, code: str, level: str, staff, load: Counter) -> int:
    homeroom = c.homeroom_staff_id
    by_homeroom = code in HOMEROOM_SUBJECTS or (
        level == "02" and code not in PRIMARY_SPECIALIST
    )
    if by_homeroom and homeroom is not None:
        return homeroom
    able = [t[0] for t in staff if code in t[2]] or [t[0] for t in staff]
    return min(able, key=lambda sid: (load[sid], sid))
