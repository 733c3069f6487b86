"""The preschool children a report counts, and their ages, in two grouped queries.

Who counts: children in their school at the end of the data date (as_of.present_on,
the reports' one answer) enrolled in a nhóm trẻ (grade 16) or lớp mẫu giáo (17) of
the school year.

Ages: nhà trẻ rows count completed months on the data date (the form's "tháng");
mẫu giáo rows and the lunch-support rows count years as the Ministry does for
preschool, the year the school year starts minus the birth year (a child born in
2019 is "5 tuổi" in 2024-2025 all year). Both are computed in SQL, so children of
the same kind share a GROUP BY row whatever their birthday.
"""

from calendar import monthrange
from dataclasses import dataclass
from datetime import date

from sqlalchemy import case, func, or_, select

from smasweb.extensions import db
from smasweb.models import Unit
from smasweb.models.schools import ClassGroup, SchoolProfile
from smasweb.models.students import Enrollment, Student
from smasweb.services.students.as_of import present_on
from smasweb.services.students.supports import held_codes
from smasweb.services.summaries import (
    MOUNTAIN_REGIONS,
    NOT_MINORITY,
    flag,
    join_profile,
)

NHA_TRE, MAU_GIAO = "16", "17"
GRADES = (NHA_TRE, MAU_GIAO)
SUPPORTS = ("01", "02", "03", "04")  # the supports rows 117–122 read (pupils.py)
TWO_SESSION_PATTERNS = ("4", "5", "6", "7")  # sáng chiều, sáng tối, chiều tối, cả ba


@dataclass(frozen=True)
class Kind:
    """One GROUP BY row of section III: a kind of child and how many there are."""

    ownership: str | None
    mountain: bool
    grade: str
    month_band: int  # nhà trẻ: 0 under 3 months, 1 3–12, 2 13–24, 3 25–36, 4 older
    age: int  # years (school year minus birth year), 2 (or less) to 6 (or more)
    female: bool
    minority: bool
    two_sessions: bool
    semi_boarding: bool
    disabled: bool
    supports: tuple[str, ...]  # the codes of SUPPORTS granted on the day
    policies: str | None
    n: int


def months_back(day: date, k: int) -> date:
    """The last birth date with at least `k` completed months at the end of `day`."""
    y, m = divmod(day.year * 12 + day.month - 1 - k, 12)
    return date(y, m + 1, min(day.day, monthrange(y, m + 1)[1]))


def month_band(day: date):
    """SQL: 0 under 3 months, 1 3–12, 2 13–24, 3 25–36, 4 older (birth-date
    comparisons: no date arithmetic in SQL, the same on SQLite and PostgreSQL)."""
    born = Student.birth_date
    cuts = [(born > months_back(day, k), i) for i, k in enumerate((3, 13, 25, 37))]
    return case(*cuts, else_=4)


def age_years(year: int):
    """SQL: the school year's first year minus the birth year, clamped to 2–6."""
    born = Student.birth_date
    return case(*((born >= date(year - y, 1, 1), y) for y in (2, 3, 4, 5)), else_=6)


def age_group(day: date, year: int):
    """SQL: the age group (codelist age_groups 01–06) a child's age falls in,
    clamped to the groups of the child's grade."""
    born = Student.birth_date
    nursery = case(
        (born > months_back(day, 13), "01"),
        (born > months_back(day, 25), "02"),
        else_="03",
    )
    older = case(
        (born >= date(year - 3, 1, 1), "04"),
        (born >= date(year - 4, 1, 1), "05"),
        else_="06",
    )
    return case((ClassGroup.grade == NHA_TRE, nursery), else_=older)


def _present(stmt, school_ids: list[int], year: int, day: date):
    return (
        stmt.select_from(Enrollment)
        .join(Student, Student.id == Enrollment.student_id)
        .join(ClassGroup, ClassGroup.id == Enrollment.class_id)
        .where(
            Enrollment.year == year,
            ClassGroup.grade.in_(GRADES),
            Student.school_id.in_(school_ids),
            Enrollment.school_id.in_(school_ids),  # its index: not every enrolment
            present_on(day),
        )
    )


def kinds(school_ids: list[int], year: int, day: date) -> list[Kind]:
    """Section III's children, grouped by everything its rows and columns read."""
    if not school_ids:
        return []
    held = held_codes(SUPPORTS, day)  # one hash join, not an EXISTS per code and child
    # The school's keys (ownership, region) join the per-school groups, not each
    # child, as section III of the other levels does (students/summary.py)
    pupil_keys = (
        ClassGroup.grade,
        month_band(day),
        age_years(year),
        flag(Student.gender == "02"),
        flag(Student.ethnicity.not_in(NOT_MINORITY)),
        flag(
            or_(
                Enrollment.two_sessions,
                ClassGroup.session_pattern.in_(TWO_SESSION_PATTERNS),
            )
        ),
        flag(Enrollment.semi_boarding),
        flag(Student.disability.is_not(None)),
        *(func.coalesce(held.c[f"c{code}"], 0) for code in SUPPORTS),
        Student.policy_categories,
    )
    labelled = [k.label(f"k{i}") for i, k in enumerate(pupil_keys)]
    inner = _present(
        select(Student.school_id, *labelled, func.count().label("n")),
        school_ids,
        year,
        day,
    ).outerjoin(held, held.c.student_id == Student.id)
    per_school = inner.group_by(Student.school_id, *labelled).subquery("per_school")
    c = per_school.c
    keys = (
        Unit.ownership,
        flag(SchoolProfile.region.in_(MOUNTAIN_REGIONS)),
        *(c[f"k{i}"] for i in range(len(pupil_keys))),
    )
    stmt = select(*keys, func.sum(c.n)).select_from(per_school)
    stmt = join_profile(stmt.join(Unit, Unit.id == c.school_id), c, year)
    stmt = stmt.group_by(*keys)
    return [
        Kind(own, bool(mt), g, int(band), int(age), bool(f), bool(m), bool(two),
             bool(semi), bool(dis), granted(sup), pol, int(n))
        for own, mt, g, band, age, f, m, two, semi, dis, *sup, pol, n
        in db.session.execute(stmt)
    ]  # fmt: skip


def granted(flags) -> tuple[str, ...]:
    return tuple(c for c, on in zip(SUPPORTS, flags, strict=True) if on)


def by_class(school_ids: list[int], year: int, day: date) -> list[tuple]:
    """(class id, age group of the child's age, disabled?, children) rows."""
    if not school_ids:
        return []
    keys = (
        Enrollment.class_id,
        age_group(day, year),
        flag(Student.disability.is_not(None)),
    )
    stmt = _present(select(*keys, func.count()), school_ids, year, day)
    return [tuple(r) for r in db.session.execute(stmt.group_by(*keys))]
