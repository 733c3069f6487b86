"""A start-of-year health check (cân đo, 15 September) for the demo preschool children.

Heights are drawn around the WHO median for age (HAZ ~ N(-0.4, 1)) and weights
around the WHO median for that height (WHZ ~ N(0, 0.9)), so most children are
normal and a few percent are nhẹ cân, thấp còi, gầy còm or thừa cân / béo phì, as in
a Mekong Delta province. Children over 60 months grow on from the 60-month row by
0.55 cm a month. z-scores come from services/health/growth.py, like a form's.
Deterministic (fixed seed); written with ORM bulk inserts in batches.
"""

from datetime import date
from decimal import Decimal
from random import Random

from sqlalchemy import insert, select

from smasweb.extensions import db
from smasweb.models import ClassGroup, Enrollment, Student
from smasweb.models.health import HealthCheck
from smasweb.services import years as school_years
from smasweb.services.health import growth

BATCH = 5000


def _measure(rng: Random, sex: str, months: int) -> tuple[Decimal, Decimal]:
    age = min(months, growth.MAX_MONTHS)
    haz = rng.gauss(-0.4, 1.0)
    height = growth.sd_value(growth.lms_at("lhfa", sex, age), haz)
    height += max(months - growth.MAX_MONTHS, 0) * 0.55
    table = "wfl" if months < 24 else "wfh"
    height = min(max(height, 66.0), 119.0)  # inside the weight-for-height table
    weight = growth.sd_value(growth.lms_at(table, sex, height), rng.gauss(0.0, 0.9))
    return Decimal(f"{weight:.1f}"), Decimal(f"{height:.1f}")


def load_health_checks(school_ids: set[int] | None = None) -> int:
    """One check per preschool child of the current year's classes; how many."""
    year = school_years.current_year()
    day = date(year, 9, 15)
    rng = Random(15)  # noqa: S311 - seeded: the demo is the same on every load
    stmt = (
        select(Student, ClassGroup.id)
        .join(Enrollment, Enrollment.student_id == Student.id)
        .join(ClassGroup, ClassGroup.id == Enrollment.class_id)
        .where(
            ClassGroup.year == year,
            ClassGroup.age_group.is_not(None),
            Student.active.is_(True),
        )
        .order_by(Student.id)
    )
    rows, total = [], 0
    for pupil, class_id in db.session.execute(stmt):
        if school_ids is not None and pupil.school_id not in school_ids:
            continue
        months = growth.age_in_months(pupil.birth_date, day)
        if months < 0:
            continue
        weight, height = _measure(rng, pupil.gender, months)
        z = growth.scores(pupil.gender, pupil.birth_date, day, weight, height)
        rows.append(
            {
                "school_id": pupil.school_id,
                "student_id": pupil.id,
                "class_id": class_id,
                "checked_on": day,
                "kind": "01",
                "weight_kg": weight,
                "height_cm": height,
                "age_months": z.age_months,
                "waz": z.waz,
                "haz": z.haz,
                "whz": z.whz,
            }
        )
        if len(rows) >= BATCH:
            total += _flush(rows)
    return total + _flush(rows)


def _flush(rows: list[dict]) -> int:
    if rows:
        db.session.execute(insert(HealthCheck), rows)
    n = len(rows)
    rows.clear()
    return n
