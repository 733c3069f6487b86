"""The preschool children a report counts, and their ages, in one grouped query.

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
    has_code,
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


AGE_GROUPS = ("01", "02", "03", "04", "05", "06")  # codelist age_groups


@dataclass(frozen=True)
class Group:
    """One GROUP BY row of the census: children of one class (and pupil-record
    school), sex and ethnicity, and how many of them each flag selects."""

    class_id: int
    school_id: int
    female: bool
    minority: bool
    n: int
    counts: dict[str, int]  # {flag (flags() and group01…06): children}


def census(school_ids: list[int], year: int, day: date) -> list[Group]:
    """Sections II and III's children in ONE grouped scan: by class, sex and
    ethnicity, with count(*) FILTER of each flag and of each age group (a class's
    spread of ages). The class gives the grade, the school its ownership and
    region, in Python (kinds()): one pass over a province's 130,000 children
    instead of one per section, and no school or profile join in it (issue 15)."""
    if not school_ids:
        return []
    ages = age_group(day, year)
    conditions = flags(year, day) | {f"group{g}": ages == g for g in AGE_GROUPS}
    keys = (
        Enrollment.class_id,
        Student.school_id,
        Student.gender == "02",
        Student.ethnicity.not_in(NOT_MINORITY),
    )
    counts = (func.count().filter(c) for c in conditions.values())
    stmt = _present(select(*keys, func.count(), *counts), school_ids, year, day)
    return [
        Group(cid, sid, bool(f), bool(m), n, dict(zip(conditions, rest, strict=True)))
        for cid, sid, f, m, n, *rest in db.session.execute(stmt.group_by(*keys))
    ]


def places(school_ids: list[int], year: int) -> dict[int, tuple[str | None, bool]]:
    """{school id: (ownership, in a mountain region that year?)}."""
    mountain = SchoolProfile.region.in_(MOUNTAIN_REGIONS)
    stmt = (
        select(Unit.id, Unit.ownership, mountain)
        .outerjoin(
            SchoolProfile,
            and_(SchoolProfile.school_id == Unit.id, SchoolProfile.year == year),
        )
        .where(Unit.id.in_(school_ids))
    )
    return {uid: (own, bool(m)) for uid, own, m in db.session.execute(stmt)}


def kinds(
    groups: list[Group],
    grades: dict[int, str],
    schools: dict[int, tuple[str | None, bool]],
) -> list[Kind]:
    """The census folded into section III's kinds: grade of the class, ownership
    and region of the pupil record's school, sex, ethnicity."""
    folded: dict[tuple, tuple[int, dict[str, int]]] = {}
    for g in groups:
        own, mountain = schools.get(g.school_id, (None, False))
        key = (own, mountain, grades[g.class_id], g.female, g.minority)
        n, counts = folded.get(key, (0, dict.fromkeys(g.counts, 0)))
        folded[key] = (n + g.n, {k: v + g.counts[k] for k, v in counts.items()})
    return [Kind(*key, n, counts) for key, (n, counts) in folded.items()]
