"""What a school has not entered yet, read from its live data: the progress board's
per-school list ("12 học sinh thiếu số định danh", "Chưa nhập phòng học" …).

`for_schools` answers for any number of schools in five grouped queries (pupils,
classes, school-year profiles, staff, rooms), whatever their number: the board of a
province costs the same number of statements as the board of one district.

What counts:
- pupils: active records (Student.active); "thiếu số định danh" = no personal ID;
- classes of the school year; "chưa có học sinh" = no active pupil enrolled in it;
- the school-year profile (hồ sơ trường năm học) of the year;
- staff with a working status (as in the staff summary); "giáo viên thiếu trình độ
  đào tạo" = a teacher (group 03) without a qualification or whose training standard
  cannot be placed (no standard computed and none recorded by hand);
- rooms: "Chưa nhập phòng học" = no room of kind classroom.
A school with none of these has not started (chưa bắt đầu).
"""

from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache

from sqlalchemy import Select, and_, bindparam, case, exists, func, or_, select

from smasweb.extensions import db
from smasweb.models import ClassGroup, Room, SchoolProfile, StaffMember
from smasweb.models.students import Enrollment, Student
from smasweb.services.staff.summary import WORKING
from smasweb.text import vn_number

TEACHERS = "03"  # staff group: giáo viên


@dataclass
class Completeness:
    students: int = 0
    students_without_id: int = 0
    classes: int = 0
    empty_classes: int = 0
    has_profile: bool = False
    staff: int = 0
    teachers_without_training: int = 0
    rooms: int = 0
    classrooms: int = 0

    @property
    def started(self) -> bool:
        """Has the school entered anything for the year?"""
        return bool(
            self.students
            or self.classes
            or self.has_profile
            or self.staff
            or self.rooms
        )

    def messages(self) -> list[str]:
        """What is missing, in Vietnamese, most important first."""
        if not self.started:
            return ["Chưa nhập dữ liệu"]
        out = []
        if not self.has_profile:
            out.append("Chưa có hồ sơ trường năm học")
        if not self.classes:
            out.append("Chưa nhập lớp học")
        elif self.empty_classes:
            out.append(f"{vn_number(self.empty_classes)} lớp chưa có học sinh")
        if not self.students:
            out.append("Chưa nhập học sinh")
        elif self.students_without_id:
            out.append(
                f"{vn_number(self.students_without_id)} học sinh thiếu số định danh"
            )
        if not self.staff:
            out.append("Chưa nhập cán bộ, giáo viên")
        elif self.teachers_without_training:
            n = vn_number(self.teachers_without_training)
            out.append(f"{n} giáo viên thiếu trình độ đào tạo")
        if not self.classrooms:
            out.append("Chưa nhập phòng học")
        return out


def _flag(condition):
    return func.sum(case((condition, 1), else_=0))


def for_schools(
    school_ids: Select | Iterable[int], year: int
) -> dict[int, Completeness]:
    """Completeness of each school (ids, or a SELECT of ids) for the school year."""
    if isinstance(school_ids, Select):
        stmts, params = _statements(school_ids, year), {}
    else:  # the home page's and the board row's case: statements built once
        stmts = _bound_statements()
        params = {"ids": list(school_ids), "year": year}
    students, classes, profiles, staff, rooms = (
        db.session.execute(stmt, params).all() for stmt in stmts
    )
    found: dict[int, Completeness] = {}

    def get(school_id: int) -> Completeness:
        return found.setdefault(school_id, Completeness())

    for school_id, count, no_id in students:
        get(school_id).students, get(school_id).students_without_id = count, no_id or 0
    for school_id, count, empty in classes:
        get(school_id).classes, get(school_id).empty_classes = count, empty or 0
    for (school_id,) in profiles:
        get(school_id).has_profile = True
    for school_id, count, untrained in staff:
        get(school_id).staff, get(school_id).teachers_without_training = (
            count,
            untrained or 0,
        )
    for school_id, count, classrooms in rooms:
        get(school_id).rooms, get(school_id).classrooms = count or 0, classrooms or 0
    return found


def _statements(ids, year) -> tuple[Select, ...]:
    return (
        _students(ids),
        _classes(ids, year),
        _profiles(ids, year),
        _staff(ids),
        _rooms(ids),
    )


@cache
def _bound_statements() -> tuple[Select, ...]:
    """The five statements with the school ids and the year as parameters: building
    them costs more than running them for one school (the home page)."""
    return _statements(bindparam("ids", expanding=True), bindparam("year"))


def _students(ids) -> Select:
    no_id = or_(Student.personal_id.is_(None), Student.personal_id == "")
    return (
        select(Student.school_id, func.count(), _flag(no_id))
        .where(Student.active.is_(True), Student.school_id.in_(ids))
        .group_by(Student.school_id)
    )


def _classes(ids, year: int) -> Select:
    has_student = exists(
        select(Enrollment.id)
        .join(Student, Student.id == Enrollment.student_id)
        .where(Enrollment.class_id == ClassGroup.id, Student.active.is_(True))
    )
    return (
        select(ClassGroup.school_id, func.count(), _flag(~has_student))
        .where(ClassGroup.year == year, ClassGroup.school_id.in_(ids))
        .group_by(ClassGroup.school_id)
    )


def _profiles(ids, year: int) -> Select:
    return select(SchoolProfile.school_id).where(
        SchoolProfile.year == year, SchoolProfile.school_id.in_(ids)
    )


def _staff(ids) -> Select:
    untrained = and_(
        StaffMember.group == TEACHERS,
        or_(
            StaffMember.qualification.is_(None),
            StaffMember.qualification == "",
            and_(
                StaffMember.training_standard.is_(None),
                StaffMember.standard_override.is_(None),
            ),
        ),
    )
    return (
        select(StaffMember.school_id, func.count(), _flag(untrained))
        .where(StaffMember.status.in_(WORKING), StaffMember.school_id.in_(ids))
        .group_by(StaffMember.school_id)
    )


def _rooms(ids) -> Select:
    classroom = case((Room.kind == "classroom", Room.quantity), else_=0)
    return (
        select(Room.school_id, func.sum(Room.quantity), func.sum(classroom))
        .where(Room.school_id.in_(ids))
        .group_by(Room.school_id)
    )
