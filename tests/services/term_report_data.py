"""A small province for the term reports (school year 2026), on results_data's
pupils: the THCS world.s1b (district d1) with lớp 6A's five pupils, every result
confirmed (semester I, the year, after the re-test and the summer); a THCS in
district d2 whose lớp 6 has marks but no confirmed result; the primary world.s1
with lớp 3A's year confirmed."""

from datetime import datetime
from decimal import Decimal

from sqlalchemy import select

from smasweb import clock
from smasweb.extensions import db
from smasweb.models import ReportPeriod
from smasweb.models.assessment import ConductResult
from smasweb.services.assessment import results_confirm
from smasweb.services.reports.scope import reader, resolve
from smasweb.services.system import system_override
from tests.factories import make_student, make_unit, make_user
from tests.services.results_data import (
    SETUP,
    YEAR,
    YEAR_END,
    add_mark,
    add_marks,
    at,
    make_class,
    primary_class,
    secondary_class,
    set_conduct,
)

AFTER_YEAR = datetime(2027, 6, 10, 9, tzinfo=clock.VN_TZ)  # past both data dates


def build_world(world):
    """world with .six_a, .three_a, .s2b (the THCS without results), .six_c."""
    with at(SETUP):
        six_a = secondary_class(world)
        p = six_a.p
        add_marks(six_a, p["Em"], {})
        set_conduct(six_a, p["Em"], "T", "K")
        p["Bình"].gender = "02"  # a girl
        p["Cường"].gender, p["Cường"].ethnicity = "02", "04"  # a Khmer girl
        world.s2b = make_unit(
            "school", world.d2, name="Trường THCS Trà Côn", level_group="07"
        )
        world.leader_2b = make_user("school_leader", world.s2b, username="bgh2b")
        six_c = make_class(world.s2b, "6C", "06")
        six_c.p = {
            n: make_student(world.s2b, six_c, full_name=n, gender=g)
            for n, g in (("Hồ Thị Lan", "02"), ("Ngô Văn Minh", "01"))
        }
        add_marks(six_c, six_c.p["Hồ Thị Lan"], {"toan": (9.0, 9.5)})
        add_marks(six_c, six_c.p["Ngô Văn Minh"], {"toan": (5.5, 6.0)})
        three_a = primary_class(world)
        db.session.commit()
    with at(YEAR_END):
        for term in ("hk1", "cn"):
            results_confirm.confirm(world.leader_b, six_a.id, term)
        # Bình's re-tests stay below 5: repeats; Cường's summer is Đạt: promoted
        add_mark(six_a, p["Bình"], "toan", 2, "kl", Decimal("3.0"))
        add_mark(six_a, p["Bình"], "ngu_van", 2, "kl", Decimal("3.0"))
        with system_override("test: summer"):
            db.session.add(
                ConductResult(
                    school_id=six_a.school_id, year=YEAR, student_id=p["Cường"].id,
                    class_id=six_a.id, semester=3, level="D",
                )
            )  # fmt: skip
            db.session.flush()
        results_confirm.confirm(world.leader_b, six_a.id, "sau")
        results_confirm.confirm(world.leader, three_a.id, "cn")
        db.session.commit()
    world.six_a, world.six_c, world.three_a = six_a, six_c, three_a
    return world


def period(kind: str) -> ReportPeriod:
    return db.session.scalar(
        select(ReportPeriod).where(ReportPeriod.kind == kind, ReportPeriod.year == YEAR)
    )


def report(definition, unit, level: str, kind: str):
    """The report of `unit` as of the period's data date (built after it)."""
    with at(AFTER_YEAR):
        return definition.build(resolve(reader(), unit.id, level, YEAR, period(kind)))


def cells(data, table: str, label: str, number: str | None = None) -> list:
    """The cells of the first row with this label (after the row numbered
    `number`, when given: a grade's row of that block)."""
    rows = data.table(table).rows
    if number is not None:
        start = next(i for i, r in enumerate(rows) if r.number == number)
        rows = rows[start:]
    return next(r.cells for r in rows if r.label == label)
