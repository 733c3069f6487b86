"""Section III (Trẻ em) of form 01-MN-ĐN: children by group, region, age, health
and support, as of the data date (children.py says who counts and how ages count).

- 84–89 / 90–95: nhóm trẻ / lớp mẫu giáo children; vùng from the school profile's
  region of the year; 2 buổi/ngày: Enrollment.two_sessions or a class meeting two
  sessions a day; bán trú: Enrollment.semi_boarding; khuyết tật: any disability.
- 97–100: nhà trẻ children by completed months (under 3 months: in no row);
  102–106: mẫu giáo children by years.
- 107–116: each child's latest health check of the school year up to the data
  date (health.summary, WHO z-scores), split like every other row.
- 117–122: supports(), the one place that reads support and policy codes.
"""

from datetime import date

from sqlalchemy import case, select

from smasweb.extensions import db
from smasweb.models import Student, Unit
from smasweb.models.units import split_codes
from smasweb.services.health import summary as health
from smasweb.services.reports.preschool.children import MAU_GIAO, NHA_TRE, kinds
from smasweb.services.reports.preschool.columns import (
    Counter,
    group_of,
    people_flags,
)
from smasweb.services.summaries import NOT_MINORITY

# grade → (total, plains, mountains, 2 buổi, bán trú, khuyết tật, age total)
GRADE_ROWS = {
    NHA_TRE: ("84", "85", "86", "87", "88", "89", "96"),
    MAU_GIAO: ("90", "91", "92", "93", "94", "95", "101"),
}
HEALTH_FIRST = {g: c for (g, m), c in health.ROWS.items() if m == "checked"}
FREE, REDUCED, COSTS, LUNCH = "01", "02", "03", "04"  # student_supports
TINY_MINORITY = "11"  # policy category: DTTS rất ít người


def age_row(grade: str, month_band: int, age: int) -> str | None:
    """97–100 by months for nhà trẻ (under 3 months: none), 102–106 by years."""
    if grade == NHA_TRE:
        return str(96 + month_band) if month_band else None
    return str(102 + min(max(age - 2, 0), 4))


def supports(grade: str, support_codes, policy_codes, age: int) -> list[str]:
    """Rows 117–122 a child counts in: the supports granted on the data date
    (children.SUPPORTS, students/supports.py) and the policy codes."""
    out = [] if TINY_MINORITY not in policy_codes else ["120"]
    if grade != MAU_GIAO:
        return out
    out += [r for r, c in (("117", FREE), ("118", REDUCED), ("119", COSTS))
            if c in support_codes]  # fmt: skip
    if LUNCH in support_codes and age == 5:
        out.append("121")
    elif LUNCH in support_codes and age in (3, 4):
        out.append("122")
    return out


def _owners(school_ids: list[int]) -> dict:
    stmt = select(Unit.id, Unit.ownership).where(Unit.id.in_(school_ids))
    return dict(db.session.execute(stmt).all())


def pupils_values(school_ids: list[int], year: int, day: date) -> dict[str, list[int]]:
    """Section III cells by Mã số."""
    out = Counter(4)
    out.zero("83", *(c for rows in GRADE_ROWS.values() for c in rows))
    out.zero(*map(str, range(97, 101)), *map(str, range(102, 123)))
    if not school_ids:
        return out.values
    for k in kinds(school_ids, year, day):
        total, plain, mountain, two, semi, disabled, ages = GRADE_ROWS[k.grade]
        marks = ["83", total, ages, mountain if k.mountain else plain]
        marks += [c for c, on in ((two, k.two_sessions), (semi, k.semi_boarding),
                                  (disabled, k.disabled)) if on]  # fmt: skip
        age = age_row(k.grade, k.month_band, k.age)
        marks += [age] if age else []
        marks += supports(k.grade, k.supports, split_codes(k.policies), k.age)
        flags = people_flags(k.female, k.minority)
        out.add(marks, group_of(k.ownership), flags, k.n)
    owners = _owners(school_ids)
    minority_flag = case((Student.ethnicity.in_(NOT_MINORITY), 0), else_=1)
    keys = (Student.school_id, Student.gender, minority_flag)
    for grp, sid, gender, is_minority, *counts in health.grouped(
        school_ids, day, *keys
    ):
        first = HEALTH_FIRST[grp]  # 107 or 112, then the four findings
        flags = people_flags(gender == "02", bool(is_minority))
        for code, n in zip(map(str, range(first, first + 5)), counts, strict=True):
            if n:
                out.add([code], group_of(owners.get(sid)), flags, int(n))
    return out.values
