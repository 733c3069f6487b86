"""Sections I (Trường) and II (Nhóm, lớp) of form 01-MN-ĐN.

School type (1.1 nhà trẻ, 1.2 mẫu giáo, 1.3 mầm non): the nhóm cấp học of the
school's profile of the year, else of the unit (03 nhà trẻ, 02 mẫu giáo, 01 mầm
non); a school with another group counts by the classes it has this year (only nhóm
trẻ: nhà trẻ, only lớp mẫu giáo: mẫu giáo, else mầm non). Vùng: the profile's region
(01 biên giới, hải đảo and 04 miền núi, vùng sâu: miền núi); size: the school's
nhóm and lớp of the year (9 or more in the plains, 6 or more in the mountains).

Groups and classes: size is the children present on the data date (children.py)
against the age group's limit (codelist age_groups: 15, 20, 25 / 25, 30, 35, the
form's bands); a mixed-age group (ghép) counts in ghép 2 or 3 độ tuổi by how many
age groups its children's ages span (one or two: ghép 2), not in the size rows.
"""

from collections import Counter as Tally
from collections import defaultdict
from datetime import date

from sqlalchemy import select

from smasweb import codelists
from smasweb.extensions import db
from smasweb.models import Unit
from smasweb.models.schools import (
    TWO_SESSION_PATTERNS,
    Campus,
    ClassGroup,
    SchoolProfile,
)
from smasweb.services.accreditation.standard import standard_code, standard_codes_on
from smasweb.services.reports.preschool.children import (
    GRADES,
    MAU_GIAO,
    NHA_TRE,
    by_class,
)
from smasweb.services.reports.preschool.columns import Counter, group_of
from smasweb.services.summaries import MOUNTAIN_REGIONS

NHA_TRE_SCHOOL, MAU_GIAO_SCHOOL, MAM_NON_SCHOOL = "03", "02", "01"
STANDARD_1, STANDARD_2 = "02", "03"
# type → (total, plains, < 9, ≥ 9, mountains, < 6, ≥ 6)
TYPE_ROWS = {
    NHA_TRE_SCHOOL: ("2", "3", "4", "5", "6", "7", "8"),
    MAU_GIAO_SCHOOL: ("15", "16", "17", "18", "19", "20", "21"),
    MAM_NON_SCHOOL: ("33", "34", "35", "36", "37", "38", "39"),
}
# type → the "Trong đó" rows: standard 1, standard 2, ≥ 5 campuses, then the flags
FLAGS = (
    "computers_for_teaching",
    "internet_for_teaching",
    "has_electricity",
    "has_clean_water",
    "has_toilets",
    "handwashing_programme",
    "life_skills_programme",
    "disaster_plan",
)
AMONG_ROWS = {
    NHA_TRE_SCHOOL: (None, None, "9", *map(str, range(10, 15))),
    MAU_GIAO_SCHOOL: ("22", "23", "24", *map(str, range(25, 33))),
    MAM_NON_SCHOOL: ("40", "41", "42", *map(str, range(43, 51))),
}
# grade → (total, 2 buổi, bán trú, 1 khuyết tật, 2 khuyết tật, ghép 2, ghép 3)
CLASS_ROWS = {
    NHA_TRE: ("56", "57", "58", "59", "60", "67", "68"),
    MAU_GIAO: ("69", "71", "72", "73", "74", "81", "82"),
}
SIZE_ROWS = {  # age group → (below the limit, at or above it)
    "01": ("61", "62"), "02": ("63", "64"), "03": ("65", "66"),
    "04": ("75", "76"), "05": ("77", "78"), "06": ("79", "80"),
}  # fmt: skip
FIVE_YEAR_OLDS = "06"


def _profiles(school_ids: list[int], year: int) -> dict[int, SchoolProfile]:
    stmt = select(SchoolProfile).where(
        SchoolProfile.year == year, SchoolProfile.school_id.in_(school_ids)
    )
    return {p.school_id: p for p in db.session.scalars(stmt)}


def school_type(profile: SchoolProfile | None, unit: Unit, grades: set) -> str:
    for group in (profile.level_group if profile else None, unit.level_group):
        if group in TYPE_ROWS:
            return group
    if grades == {NHA_TRE}:
        return NHA_TRE_SCHOOL
    return MAU_GIAO_SCHOOL if grades == {MAU_GIAO} else MAM_NON_SCHOOL


def school_types(school_ids: list[int], year: int) -> dict[int, str]:
    """{school id: 03 nhà trẻ / 02 mẫu giáo / 01 mầm non} (see the module doc)."""
    if not school_ids:
        return {}
    profiles = _profiles(school_ids, year)
    grades = defaultdict(set)
    for sid, grade in db.session.execute(
        select(ClassGroup.school_id, ClassGroup.grade)
        .where(ClassGroup.year == year, ClassGroup.school_id.in_(school_ids))
        .distinct()
    ):
        grades[sid].add(grade)
    units = db.session.scalars(select(Unit).where(Unit.id.in_(school_ids)))
    return {u.id: school_type(profiles.get(u.id), u, grades[u.id]) for u in units}


def schools_values(
    school_ids: list[int], types: dict[int, str], year: int, day: date
) -> dict[str, list[int]]:
    """Section I cells by Mã số for these (home) schools of these types; chuẩn quốc
    gia by the decision valid on `day` (services/accreditation/standard.py)."""
    out = Counter(1)
    out.zero(*(c for rows in TYPE_ROWS.values() for c in rows), "1", "54")
    out.zero(*(c for rows in AMONG_ROWS.values() for c in rows if c))
    if not school_ids:
        return out.values
    profiles = _profiles(school_ids, year)
    owners = dict(
        db.session.execute(
            select(Unit.id, Unit.ownership).where(Unit.id.in_(school_ids))
        ).all()
    )
    groups = Tally(
        sid
        for (sid,) in db.session.execute(
            select(ClassGroup.school_id).where(
                ClassGroup.year == year,
                ClassGroup.school_id.in_(school_ids),
                ClassGroup.grade.in_(GRADES),
            )
        )
    )
    campuses = Tally(
        sid
        for (sid,) in db.session.execute(
            select(Campus.school_id).where(Campus.school_id.in_(school_ids))
        )
    )
    standards = standard_codes_on(school_ids, day)
    for sid in school_ids:
        p, kind = profiles.get(sid), types[sid]
        total, plain, p_small, p_big, mountain, m_small, m_big = TYPE_ROWS[kind]
        marks = ["1", total]
        if p is not None and p.region in MOUNTAIN_REGIONS:
            marks += [mountain, m_big if groups[sid] >= 6 else m_small]
        else:
            marks += [plain, p_big if groups[sid] >= 9 else p_small]
        std1, std2, many, *flagged = AMONG_ROWS[kind]
        marks += [many] if campuses[sid] >= 5 else []
        standard = standard_code(standards, sid, p and p.standard_level)
        marks += [std1] if std1 and standard == STANDARD_1 else []
        marks += [std2] if std2 and standard == STANDARD_2 else []
        if p is not None:
            marks += [c for c, f in zip(flagged, FLAGS, strict=False) if getattr(p, f)]
        group = group_of(owners.get(sid))
        out.add(marks, group, (True,))
        out.add(["54"], group, (True,), campuses[sid])
    return out.values


def classes_values(school_ids: list[int], year: int, day: date) -> dict[str, list[int]]:
    """Section II cells by Mã số: the groups and classes of these schools."""
    out = Counter(1)
    out.zero("55", "70", *(c for rows in CLASS_ROWS.values() for c in rows))
    out.zero(*(c for rows in SIZE_ROWS.values() for c in rows))
    if not school_ids:
        return out.values
    size, disabled, spans = Tally(), Tally(), defaultdict(set)
    for class_id, ages, is_disabled, n in by_class(school_ids, year, day):
        size[class_id] += n
        disabled[class_id] += n if is_disabled else 0
        spans[class_id].add(ages)
    limits = {r["code"]: int(r["max_size"]) for r in codelists.rows("age_groups")}
    c = ClassGroup  # columns, not entities: a province's 12,000 classes
    cols = (c.id, c.grade, c.session_pattern, c.semi_boarding, c.age_group, c.mixed_age)
    stmt = (
        select(*cols, Unit.ownership)
        .join(Unit, Unit.id == c.school_id)
        .where(c.year == year, c.school_id.in_(school_ids), c.grade.in_(GRADES))
    )
    for cls in db.session.execute(stmt):
        total, two, semi, one_dis, two_dis, mixed2, mixed3 = CLASS_ROWS[cls.grade]
        marks = ["55", total]
        marks += [two] if cls.session_pattern in TWO_SESSION_PATTERNS else []
        marks += [semi] if cls.semi_boarding else []
        marks += {1: [one_dis], 2: [two_dis]}.get(disabled[cls.id], [])
        marks += ["70"] if cls.age_group == FIVE_YEAR_OLDS else []
        if cls.mixed_age:
            marks.append(mixed3 if len(spans[cls.id]) >= 3 else mixed2)
        elif cls.age_group in SIZE_ROWS:
            below, above = SIZE_ROWS[cls.age_group]
            marks.append(above if size[cls.id] >= limits[cls.age_group] else below)
        out.add(marks, group_of(cls.ownership), (True,))
    return out.values
