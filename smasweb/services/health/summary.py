"""Nutrition counts of preschool children as of a data date (form 01-MN-ĐN, 3.3).

`nutrition_counts(school_ids, on)` takes, for each child of these schools, the
child's latest health check of the school year up to and including `on` (a check
dated later has not happened yet; one of an earlier school year no longer counts),
and counts by group (nhà trẻ / mẫu giáo) and sex. Mapping to the official rows:

    group "nha_tre" (nhóm trẻ, age groups 01–03)   group "mau_giao" (04–06)
    107  checked      được kiểm tra SK, đánh giá TTDD   112  checked
    108  underweight  SDD thể nhẹ cân    (WAZ < -2)     113  underweight
    109  stunted      SDD thể thấp còi   (HAZ < -2)     114  stunted
    110  wasted       SDD thể còi cọc    (WHZ < -2)     115  wasted
    111  overweight   thừa cân, béo phì  (WHZ > 2)      116  overweight

A child counts if the school had them at the end of `on` (`students.as_of`, the
reports' one answer to "pupils on day D"): a departure dated later has not happened
yet, an arrival dated later not either.

The group comes from the class the child was checked in (its age group); a check
without a class counts by the child's age (under 36 months: nhà trẻ). A child has
at most one finding of each kind, and may have several kinds (nhẹ cân and thấp còi):
the rows are not a partition. Children over 60 months are counted as checked but
have no z-scores (WHO 2006 ends at 5 years), so they add to 107/112 only. Each
count is split by sex ("01" nam, "02" nữ) and totalled under "all".
"""

from datetime import date

from sqlalchemy import and_, case, func, select
from sqlalchemy.orm import aliased

from smasweb.extensions import db
from smasweb.models import ClassGroup, Student
from smasweb.models.health import HealthCheck
from smasweb.services import years as school_years
from smasweb.services.students.as_of import present_on

NHA_TRE_AGE_GROUPS = ("01", "02", "03")
ROWS = {  # (group, measure) → Mã số of form 01-MN-ĐN
    ("nha_tre", "checked"): 107,
    ("nha_tre", "underweight"): 108,
    ("nha_tre", "stunted"): 109,
    ("nha_tre", "wasted"): 110,
    ("nha_tre", "overweight"): 111,
    ("mau_giao", "checked"): 112,
    ("mau_giao", "underweight"): 113,
    ("mau_giao", "stunted"): 114,
    ("mau_giao", "wasted"): 115,
    ("mau_giao", "overweight"): 116,
}
MEASURES = ("checked", "underweight", "stunted", "wasted", "overweight")
ROW_LABELS = {  # the form's labels (group headings: nhà trẻ / mẫu giáo)
    "checked": "được kiểm tra sức khỏe và đánh giá tình trạng dinh dưỡng",
    "underweight": "Trẻ suy dinh dưỡng thể nhẹ cân",
    "stunted": "Trẻ suy dinh dưỡng thể thấp còi",
    "wasted": "Trẻ suy dinh dưỡng thể còi cọc",
    "overweight": "Trẻ thừa cân, béo phì",
}


def _flag(condition):
    return func.sum(case((condition, 1), else_=0))


def grouped(school_ids: list[int], on: date, *keys) -> list[tuple]:
    """The counts as rows (group, *keys, checked, underweight, stunted, wasted,
    overweight): `keys` are further GROUP BY columns of Student (sex, ethnicity,
    school …), so a report can split them by its own columns."""
    if not school_ids:
        return []
    year_start = date(school_years.current_year(on), school_years.YEAR_START_MONTH, 1)
    window = and_(
        HealthCheck.school_id.in_(school_ids),
        HealthCheck.checked_on >= year_start,
        HealthCheck.checked_on <= on,
    )
    # the latest check up to the day: no later one of the child in the window (an
    # anti-join, estimated well; a max-per-child join back looked like 95 rows to
    # PostgreSQL and looped over the classes 130,000 times: 1.3 s → see issue 15)
    later = aliased(HealthCheck)
    newer = (
        select(later.id)
        .where(
            later.student_id == HealthCheck.student_id,
            later.checked_on > HealthCheck.checked_on,
            later.checked_on <= on,
        )
        .exists()
    )
    nha_tre = case(
        (ClassGroup.age_group.in_(NHA_TRE_AGE_GROUPS), "nha_tre"),
        (ClassGroup.age_group.is_not(None), "mau_giao"),
        (HealthCheck.age_months < 36, "nha_tre"),
        else_="mau_giao",
    ).label("grp")
    stmt = (
        select(
            nha_tre,
            *keys,
            func.count(),
            _flag(HealthCheck.waz < -2),
            _flag(HealthCheck.haz < -2),
            _flag(HealthCheck.whz < -2),
            _flag(HealthCheck.whz > 2),
        )
        .select_from(HealthCheck)
        .where(window, ~newer)
        .join(Student, Student.id == HealthCheck.student_id)
        # the school filter on Student too: its index instead of every pupil record
        .where(present_on(on), Student.school_id.in_(school_ids))
        .outerjoin(ClassGroup, ClassGroup.id == HealthCheck.class_id)
        .group_by(nha_tre, *keys)
    )
    return [tuple(r) for r in db.session.execute(stmt)]


def nutrition_counts(school_ids: list[int], on: date) -> dict:
    """{group: {measure: {"01": n, "02": n, "all": n}}} as of the end of `on`."""
    out = {
        g: {m: {"01": 0, "02": 0, "all": 0} for m in MEASURES}
        for g in ("nha_tre", "mau_giao")
    }
    for grp, gender, *counts in grouped(school_ids, on, Student.gender):
        for measure, n in zip(MEASURES, counts, strict=True):
            cell = out[grp][measure]
            if gender in cell:
                cell[gender] += int(n or 0)
            cell["all"] += int(n or 0)
    return out


def by_row(counts: dict) -> dict[int, dict[str, int]]:
    """The same counts keyed by the form's Mã số (107–116)."""
    return {code: counts[g][m] for (g, m), code in ROWS.items()}
