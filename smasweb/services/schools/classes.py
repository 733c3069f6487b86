"""Classes (lớp, nhóm trẻ) of a school per year: rules, bulk creation and roll over."""

import re
from dataclasses import dataclass

from sqlalchemy import select

from smasweb import codelists
from smasweb.extensions import db
from smasweb.models import Campus, ClassGroup, StaffMember, Unit, User
from smasweb.models.schools import year_label
from smasweb.services import checks, school_data
from smasweb.services import years as school_years
from smasweb.services.errors import ValidationFailed
from smasweb.text import fold

FIELD = ClassGroup.__field__
FINAL_GRADES = frozenset({"05", "09", "12", "15"})
# Preschool grades and the age groups each may hold.
PRESCHOOL_AGE_GROUPS = {"16": ("01", "02", "03"), "17": ("04", "05", "06")}
# The Ministry's class-size limits by level (cấp học); preschool by age group.
LEVEL_LIMITS = {"02": 35, "03": 45, "04": 45, "05": 45}


@dataclass
class ClassData:
    grade: str = ""
    name: str = ""
    campus_id: int | None = None
    homeroom_teacher: str | None = None
    homeroom_staff_id: int | None = None
    session_pattern: str | None = None
    sessions_per_week: int | None = None
    is_combined: bool = False
    combined_grades: tuple[str, ...] = ()
    semi_boarding: bool = False
    foreign_language_1: str | None = None
    foreign_language_2: str | None = None
    age_group: str | None = None
    mixed_age: bool = False
    planned_size: int | None = None


def grades_of(school: Unit) -> dict[str, str]:
    """{code: label} of the grades taught at the school's levels."""
    levels = set(school.level_codes)
    return {
        r["code"]: r["label"] for r in codelists.rows("grades") if r["level"] in levels
    }


def size_limit(cls: ClassGroup) -> int | None:
    if cls.grade in PRESCHOOL_AGE_GROUPS:
        row = codelists.row("age_groups", cls.age_group)
        return int(row["max_size"]) if row else None
    grade = codelists.row("grades", cls.grade)
    return LEVEL_LIMITS.get(grade["level"]) if grade else None


def size_warning(cls: ClassGroup) -> str | None:
    """A warning (not an error) when the planned size is above the Ministry's limit."""
    limit = size_limit(cls)
    if limit is None or not cls.planned_size or cls.planned_size <= limit:
        return None
    return (
        f"Lớp {cls.name}: sĩ số {cls.planned_size} vượt quá quy định "
        f"(tối đa {limit} học sinh/lớp)."
    )


def _sort_key(cls: ClassGroup):
    parts = re.split(r"(\d+)", fold(cls.name))
    return cls.grade, [int(p) if p.isdigit() else p for p in parts]


def list_classes(
    actor: User,
    school: Unit,
    year: int,
    q: str = "",
    grade: str | None = None,
    campus_id: int | None = None,
) -> list[ClassGroup]:
    """The school's classes of the year, by grade then name; name search ignores accents."""
    school_data.get_school(actor, school.id, FIELD)
    stmt = select(ClassGroup).where(
        ClassGroup.school_id == school.id, ClassGroup.year == year
    )
    if grade:
        stmt = stmt.where(ClassGroup.grade == grade)
    if campus_id:
        stmt = stmt.where(ClassGroup.campus_id == campus_id)
    rows = list(db.session.scalars(stmt))
    words = fold(q).split()
    rows = [r for r in rows if all(w in fold(r.name) for w in words)]
    return sorted(rows, key=_sort_key)


def search_classes(
    actor: User,
    school: Unit,
    year: int,
    q: str = "",
    grade: str | None = None,
    campus_id: int | None = None,
    page: int = 1,
    per_page: int = 25,
) -> tuple[list[ClassGroup], int]:
    """One page of the filtered classes, and how many there are."""
    rows = list_classes(actor, school, year, q, grade, campus_id)
    start = (max(page, 1) - 1) * per_page
    return rows[start : start + per_page], len(rows)


def class_for_edit(actor: User, class_id: int) -> ClassGroup:
    """A class the actor may change (404 outside the scope, then 403)."""
    cls = get_class(actor, class_id)
    school_data.require_write(actor, db.session.get(Unit, cls.school_id), FIELD)
    return cls


def summary_by_grade(actor: User, school: Unit, year: int) -> list[tuple]:
    """(grade label, number of classes, planned size) per grade."""
    out: dict[str, list] = {}
    for cls in list_classes(actor, school, year):
        row = out.setdefault(cls.grade, [codelists.label("grades", cls.grade), 0, 0])
        row[1] += 1
        row[2] += cls.planned_size or 0
    return [tuple(v) for v in out.values()]


def get_class(actor: User, class_id: int) -> ClassGroup:
    return school_data.get_row(actor, ClassGroup, class_id)


def _check_name(school: Unit, year: int, name: str, cls: ClassGroup | None) -> None:
    stmt = select(ClassGroup.id, ClassGroup.name).where(
        ClassGroup.school_id == school.id, ClassGroup.year == year
    )
    for row_id, other in db.session.execute(stmt):
        if other.casefold() == name.casefold() and (cls is None or row_id != cls.id):
            raise ValidationFailed(
                f"Lớp {name} đã có trong năm học {year_label(year)}.", "name"
            )


def _check_campus(school: Unit, campus_id: int | None) -> int | None:
    if not campus_id:
        return None
    campus = db.session.get(Campus, campus_id)
    if campus is None or campus.school_id != school.id:
        raise ValidationFailed("Điểm trường không thuộc trường này.", "campus_id")
    return campus.id


def _check_combined(school: Unit, data: ClassData) -> str | None:
    if not data.is_combined:
        return None
    grades = sorted(set(data.combined_grades))
    if len(grades) < 2:
        raise ValidationFailed(
            "Lớp ghép phải ghép từ 2 khối trở lên.", "combined_grades"
        )
    if not set(grades) <= set(grades_of(school)):
        raise ValidationFailed(
            "Khối ghép không thuộc cấp học của trường.", "combined_grades"
        )
    return ",".join(grades)


def _check_age_group(data: ClassData) -> str | None:
    allowed = PRESCHOOL_AGE_GROUPS.get(data.grade)
    if allowed is None:
        return None
    age = checks.code("age_groups", data.age_group, "age_group", required=True)
    if age not in allowed:
        raise ValidationFailed("Nhóm tuổi không phù hợp với khối đã chọn.", "age_group")
    return age


def _check_homeroom(school: Unit, data: ClassData) -> tuple[int | None, str | None]:
    """(linked staff id, name shown): a teacher or manager of the school, or free text."""
    if not data.homeroom_staff_id:
        return None, checks.text(data.homeroom_teacher)
    member = db.session.get(StaffMember, data.homeroom_staff_id)
    if member is None or member.school_id != school.id or member.group == "02":
        raise ValidationFailed(
            "Giáo viên chủ nhiệm phải là giáo viên của trường.", "homeroom_staff_id"
        )
    return member.id, member.full_name


def clean_class(
    school: Unit, year: int, data: ClassData, cls: ClassGroup | None
) -> dict:
    if data.grade not in grades_of(school):
        raise ValidationFailed("Khối này không thuộc cấp học của trường.", "grade")
    name = checks.required(checks.text(data.name), "name")
    _check_name(school, year, name, cls)
    sessions = data.sessions_per_week
    if sessions is not None and not 1 <= sessions <= 14:
        raise ValidationFailed("Số buổi học/tuần từ 1 đến 14.", "sessions_per_week")
    lang1 = checks.code(
        "foreign_languages", data.foreign_language_1, "foreign_language_1"
    )
    lang2 = checks.code(
        "foreign_languages", data.foreign_language_2, "foreign_language_2"
    )
    if lang2 and lang2 == lang1:
        raise ValidationFailed(
            "Ngoại ngữ 2 phải khác ngoại ngữ 1.", "foreign_language_2"
        )
    preschool = data.grade in PRESCHOOL_AGE_GROUPS
    homeroom_id, homeroom_name = _check_homeroom(school, data)
    return {
        "grade": data.grade,
        "name": name,
        "campus_id": _check_campus(school, data.campus_id),
        "homeroom_teacher": homeroom_name,
        "homeroom_staff_id": homeroom_id,
        "session_pattern": checks.code(
            "session_patterns", data.session_pattern, "session_pattern"
        ),
        "sessions_per_week": sessions,
        "is_combined": bool(data.is_combined),
        "combined_grades": _check_combined(school, data),
        "semi_boarding": bool(data.semi_boarding),
        "foreign_language_1": lang1,
        "foreign_language_2": lang2,
        "age_group": _check_age_group(data),
        "mixed_age": bool(data.mixed_age) and preschool,
        "planned_size": checks.not_negative(data.planned_size, "planned_size"),
    }


def create_class(actor: User, school: Unit, year: int, data: ClassData) -> ClassGroup:
    school_data.require_write(actor, school, FIELD)
    values = clean_class(school, year, data, None)
    school_years.ensure_year(year)
    cls = ClassGroup(school_id=school.id, year=year, **values)
    db.session.add(cls)
    db.session.flush()
    return cls


def update_class(
    actor: User, cls: ClassGroup, data: ClassData, version: int | None
) -> ClassGroup:
    school = db.session.get(Unit, cls.school_id)
    school_data.require_write(actor, school, FIELD)
    school_data.check_version(cls, version)
    for key, value in clean_class(school, cls.year, data, cls).items():
        setattr(cls, key, value)
    db.session.flush()
    return cls


def delete_class(actor: User, cls: ClassGroup) -> None:
    school = db.session.get(Unit, cls.school_id)
    school_data.require_write(actor, school, FIELD)
    db.session.delete(cls)
    db.session.flush()
