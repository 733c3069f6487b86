"""Section III (Trẻ em) of form 01-MN-ĐN: children by group, region, age, health
and support, as of the data date (children.py says who counts and how ages count).

- 84–89 / 90–95: nhóm trẻ / lớp mẫu giáo children; vùng from the school profile's
  region of the year; 2 buổi/ngày: Enrollment.two_sessions or a class meeting two
  sessions a day; bán trú: Enrollment.semi_boarding; khuyết tật: any disability.
- 97–100: nhà trẻ children by completed months (under 3 months: in no row);
  102–106: mẫu giáo children by years.
- 107–116: each child's latest health check of the school year up to the data
  date (health.summary, WHO z-scores), split like every other row.
- 117–122: flag_rows(), the one place that maps support and policy codes to rows.
"""

from datetime import date

from sqlalchemy import case, select

from smasweb.extensions import db
from smasweb.models import Student, Unit
from smasweb.services.health import summary as health
from smasweb.services.reports.preschool.children import (
    COSTS,
    FREE,
    MAU_GIAO,
    NHA_TRE,
    REDUCED,
    kinds,
)
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


def flag_rows(grade: str) -> list[tuple[str, str]]:
    """(Mã số, flag of children.flags()) of the rows a child of `grade` counts in
    by a flag: 2 buổi, bán trú, khuyết tật; 97–100 by months for nhà trẻ (under 3
    months: none) or 102–106 by years; 117–122, the one place that maps support
    and policy codes to rows (supports of mẫu giáo only; DTTS rất ít người: any)."""
    _, _, _, two, semi, disabled, _ = GRADE_ROWS[grade]
    out = [(two, "two_sessions"), (semi, "semi_boarding"), (disabled, "disabled")]
    out.append(("120", "tiny_minority"))
    if grade == NHA_TRE:
        return out + [(str(96 + band), f"band{band}") for band in range(1, 5)]
    out += [(str(100 + age), f"age{age}") for age in range(2, 7)]
    supports = ((FREE, "117"), (REDUCED, "118"), (COSTS, "119"))
    out += [(row, f"support{code}") for code, row in supports]
    return out + [("121", "lunch5"), ("122", "lunch34")]


def _owners(school_ids: list[int]) -> dict:
    stmt = select(Unit.id, Unit.ownership).where(Unit.id.in_(school_ids))
    return dict(db.session.execute(stmt).all())


def pupils_values(school_ids: list[int], year: int, day: date) -> dict[str, list[int]]:
    """Section III cells by Mã số, but for the health rows (health_values)."""
    out = Counter(4)
    out.zero("83", *(c for rows in GRADE_ROWS.values() for c in rows))
    out.zero(*map(str, range(97, 101)), *map(str, range(102, 107)))
    out.zero(*map(str, range(117, 123)))
    if not school_ids:
        return out.values
    for k in kinds(school_ids, year, day):
        total, plain, mountain, *_, ages = GRADE_ROWS[k.grade]
        group, flags = group_of(k.ownership), people_flags(k.female, k.minority)
        out.add(
            ["83", total, ages, mountain if k.mountain else plain], group, flags, k.n
        )
        for code, name in flag_rows(k.grade):
            if k.counts[name]:
                out.add([code], group, flags, k.counts[name])
    return out.values


def health_values(school_ids: list[int], day: date) -> dict[str, list[int]]:
    """Section III's health rows 107–116 by Mã số (a query of their own, so a
    province's report runs it beside pupils_values)."""
    out = Counter(4)
    out.zero(*map(str, range(107, 117)))
    if not school_ids:
        return out.values
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
