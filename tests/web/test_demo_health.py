"""The demo's preschool children have a start-of-year health check: most normal,
a few of each finding, counted by the report summary."""

from collections import Counter
from datetime import date

from sqlalchemy import func, select

from smasweb.extensions import db
from smasweb.models import ClassGroup, Enrollment, Student, Unit
from smasweb.models.health import HealthCheck
from smasweb.services import years as school_years
from smasweb.services.health import growth
from smasweb.services.health.summary import by_row, nutrition_counts


def test_every_demo_preschool_child_has_a_plausible_start_of_year_check(demo_db):
    year = school_years.current_year()
    children = db.session.scalar(
        select(func.count(Student.id))
        .join(Enrollment, Enrollment.student_id == Student.id)
        .join(ClassGroup, ClassGroup.id == Enrollment.class_id)
        .where(ClassGroup.year == year, ClassGroup.age_group.is_not(None))
        .where(Student.active.is_(True))
    )
    checks = list(db.session.scalars(select(HealthCheck)))
    assert children > 0 and len(checks) == children
    assert {c.checked_on for c in checks} == {date(year, 9, 15)}
    assert all(5 <= c.weight_kg <= 35 and 60 <= c.height_cm <= 125 for c in checks)
    found = Counter(f for c in checks for f in growth.findings(c.waz, c.haz, c.whz))
    scored = [c for c in checks if c.waz is not None]
    normal = sum(not growth.findings(c.waz, c.haz, c.whz) for c in scored)
    assert normal / len(scored) > 0.75
    assert {"underweight", "stunted", "wasted", "overweight"} <= set(found)
    schools = list(db.session.scalars(select(Unit.id).where(Unit.kind == "school")))
    rows = by_row(nutrition_counts(schools, date(year, 9, 30)))
    assert rows[107]["all"] + rows[112]["all"] == len(checks)
    assert (
        rows[113]["all"] > 0 and rows[113]["01"] + rows[113]["02"] == rows[113]["all"]
    )
