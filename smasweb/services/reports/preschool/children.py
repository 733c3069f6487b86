"""The preschool children a report counts, and their ages, in two grouped queries.

Who counts: children in their school at the end of the data date (as_of.present_on,
the reports' one answer) enrolled in a nhóm trẻ (grade 16) or lớp mẫu giáo (17) of
the school year.

Ages: nhà trẻ rows count completed months on the data date (the form's "tháng");
mẫu giáo rows and the lunch-support rows count years as the Ministry does for
preschool, the year the school year starts minus the birth year (a child born in
2019 is "5 tuổi" in 2024-2025 all year). Both are birth-date ranges in SQL (no date
arithmetic: the same on SQLite and PostgreSQL), counted as flags (flags()).
"""

from calendar import monthrange
from dataclasses import dataclass
from datetime import date

from sqlalchemy import and_, case, func, or_, select

from smasweb.extensions import db
from smasweb.models import Unit
from smasweb.models.schools import TWO_SESSION_PATTERNS, ClassGroup, SchoolProfile
from smasweb.models.students import Enrollment, Student
from smasweb.services.students.as_of import present_among
from smasweb.services.students.supports import holders
from smasweb.services.summaries import (
    MOUNTAIN_REGIONS,
    NOT_MINORITY,
    flag,
    has_code,
    join_profile,
)

NHA_TRE, MAU_GIAO = "16", "17"
GRADES = (NHA_TRE, MAU_GIAO)
FREE, REDUCED, COSTS, LUNCH = "01", "02", "03", "04"  # student_supports
SUPPORTS = (FREE, REDUCED, COSTS, LUNCH)  # the supports rows 117–122 read
TINY_MINORITY = "11"  # policy category: DTTS rất ít người


@dataclass(frozen=True)
class Kind:
    """One GROUP BY row of section III: children of one grade, school ownership,
    region, sex and ethnicity, and how many of them each row's flag selects."""

    ownership: str | None
    mountain: bool
    grade: str
    female: bool
    minority: bool
    n: int
    counts: dict[str, int]  # {flag (flags()): children}


def months_back(day: date, k: int) -> date:
    """The last birth date with at least `k` completed months at the end of `day`."""
    y, m = divmod(day.year * 12 + day.month - 1 - k, 12)
    return date(y, m + 1, min(day.day, monthrange(y, m + 1)[1]))


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
            present_among(day, school_ids),
        )
    )


def flags(year: int, day: date) -> dict[str, object]:
    """{name: SQL condition} of what section III counts beside the GROUP BY keys:
    2 buổi, bán trú, khuyết tật; the nhà trẻ month bands 1–4 (completed months on
    the day: 3–12, 13–24, 25–36, older; under 3 months in no band); the years
    age2 (2 or less) … age6 (6 or more); each support of SUPPORTS granted on the
    day (one hashed subplan each), lunch by age, and DTTS rất ít người."""
    born = Student.birth_date
    out: dict[str, object] = {
        "two_sessions": or_(
            Enrollment.two_sessions,
            ClassGroup.session_pattern.in_(TWO_SESSION_PATTERNS),
        ),
        "semi_boarding": Enrollment.semi_boarding,
        "disabled": Student.disability.is_not(None),
    }
    m3, m13, m25, m37 = (months_back(day, k) for k in (3, 13, 25, 37))
    for band, (after, until) in enumerate(((m13, m3), (m25, m13), (m37, m25)), 1):
        out[f"band{band}"] = and_(born > after, born <= until)
    out["band4"] = born <= m37
    first_day = {age: date(year - age, 1, 1) for age in range(2, 6)}  # of birth year
    out["age2"] = born >= first_day[2]
    for age in (3, 4, 5):
        out[f"age{age}"] = and_(born >= first_day[age], born < first_day[age - 1])
    out["age6"] = born < first_day[5]
    for code in SUPPORTS:
        out[f"support{code}"] = Student.id.in_(holders(code, day))
    lunch = out[f"support{LUNCH}"]
    out["lunch5"] = and_(lunch, out["age5"])
    out["lunch34"] = and_(lunch, or_(out["age3"], out["age4"]))
    out["tiny_minority"] = has_code(Student.policy_categories, TINY_MINORITY)
    return out


def kinds(school_ids: list[int], year: int, day: date) -> list[Kind]:
    """Section III's children by the GROUP BY keys, with count(*) FILTER of each
    flag: PostgreSQL estimates few groups for few keys and lets each parallel
    worker aggregate its share (with every flag a key, one process grouped them
    all; bench/report_build.py, issue 15)."""
    if not school_ids:
        return []
    conditions = flags(year, day)
    keys = (
        Unit.ownership,
        SchoolProfile.region.in_(MOUNTAIN_REGIONS),
        ClassGroup.grade,
        Student.gender == "02",
        Student.ethnicity.not_in(NOT_MINORITY),
    )
    counts = (func.count().filter(c) for c in conditions.values())
    stmt = _present(select(*keys, func.count(), *counts), school_ids, year, day)
    stmt = join_profile(stmt.join(Unit, Unit.id == Student.school_id), Student, year)
    out = []
    for own, mountain, grade, female, minority, n, *flagged in db.session.execute(
        stmt.group_by(*keys)
    ):
        named = dict(zip(conditions, flagged, strict=True))
        out.append(
            Kind(own, bool(mountain), grade, bool(female), bool(minority), n, named)
        )
    return out


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
