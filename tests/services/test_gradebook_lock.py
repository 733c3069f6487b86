"""The semester lock of dated rows (services/calendar/dated.py): a mark of 20/12 is
frozen once semester I locks on 31/12, though its month is still open; an unlock
of the field opens it again; attendance is in no term period and is unaffected;
the gradebook refuses such a change with 423 naming the period."""

from datetime import date, datetime, timedelta

import pytest
import time_machine
from sqlalchemy import select

from smasweb import clock
from smasweb.extensions import db
from smasweb.models import ClassGroup
from smasweb.models.assessment import Mark, TeachingAssignment
from smasweb.models.attendance import AttendanceRecord
from smasweb.services.calendar import dated, unlocks
from smasweb.services.calendar import rules as calendar_rules
from smasweb.services.errors import PeriodLocked
from tests.factories import make_staff, make_student, make_user

pytestmark = pytest.mark.real_calendar

SETUP = datetime(2026, 9, 3, 9, tzinfo=clock.VN_TZ)
DEC_20 = datetime(2026, 12, 20, 9, tzinfo=clock.VN_TZ)  # report month 01/2027
JAN_5 = datetime(2027, 1, 5, 9, tzinfo=clock.VN_TZ)  # semester I locked 31/12
REASON = "Báo cáo học kỳ I 2026-2027 đã khóa sổ ngày 31/12/2026"


def at(moment):
    return time_machine.travel(moment, tick=False)


@pytest.fixture
def sixth(world):
    """Class 6A of THCS Long Phước, one pupil, Toán semester I taught by `gv`."""
    with at(SETUP):
        calendar_rules.ensure_year(2026)
        school = world.s1b
        staff = make_staff(school)
        world.gv = make_user("teacher", school, staff_id=staff.id)
        cls = ClassGroup(school_id=school.id, year=2026, grade="06", name="6A")
        db.session.add(cls)
        db.session.flush()
        world.pupil = make_student(school, cls, full_name="Lê Thị An")
        db.session.add(
            TeachingAssignment(
                school_id=school.id,
                year=2026,
                class_id=cls.id,
                subject_code="toan",
                semester=1,
                staff_id=staff.id,
            )
        )
        world.cls = cls
        db.session.commit()
    return world


def _mark(w, score=8):
    return Mark(
        school_id=w.s1b.id,
        year=2026,
        student_id=w.pupil.id,
        class_id=w.cls.id,
        subject_code="toan",
        semester=1,
        kind="tx",
        position=1,
        score=score,
        day=date(2026, 12, 20),
    )


def test_a_mark_of_20_12_is_frozen_after_the_semester_i_lock(sixth):
    with at(DEC_20):
        db.session.add(_mark(sixth))
        db.session.commit()
    with at(JAN_5):
        assert dated.month_label(date(2026, 12, 20)) == "Tháng 01/2027"  # still open
        assert not dated.allowed(sixth.s1b, "grades", date(2026, 12, 20))
        assert dated.allowed(sixth.s1b, "grades", date(2027, 1, 5))  # after 31/12
        mark = db.session.scalars(select(Mark)).one()
        mark.score = 9
        with pytest.raises(PeriodLocked) as refused:
            db.session.flush()
        db.session.rollback()
    assert REASON in refused.value.reason
    assert "«Điểm» ngày 20/12/2026" in refused.value.reason
    assert db.session.scalars(select(Mark)).one().score == 8


def test_an_unlock_of_the_grades_opens_the_frozen_marks(sixth):
    with at(DEC_20):
        db.session.add(_mark(sixth))
        db.session.commit()
    with at(JAN_5):
        unlocks.grant_direct(
            sixth.admin, sixth.s1b, ["grades"], clock.today() + timedelta(days=3)
        )
        db.session.commit()
        assert dated.allowed(sixth.s1b, "grades", date(2026, 12, 20))
        assert dated.unlock_used(sixth.s1b, "grades", date(2026, 12, 20)) is not None
        db.session.scalars(select(Mark)).one().score = 9
        db.session.commit()
    assert db.session.scalars(select(Mark)).one().score == 9


def test_attendance_of_20_12_is_still_open_in_its_month(sixth):
    with at(JAN_5):
        assert dated.allowed(sixth.s1b, "attendance", date(2026, 12, 20))
        db.session.add(
            AttendanceRecord(
                school_id=sixth.s1b.id,
                class_id=sixth.cls.id,
                student_id=sixth.pupil.id,
                day=date(2026, 12, 21),
                session="ca_ngay",
                status="P",
            )
        )
        db.session.commit()
    assert db.session.scalars(select(AttendanceRecord)).one().status == "P"


def test_the_gradebook_closes_semester_i_with_a_423_naming_the_period(sixth, login):
    url = f"/grades/{sixth.cls.id}/toan/1"
    field = f"m{sixth.pupil.id}_tx1"
    with at(DEC_20):
        client = login(sixth.gv)
        assert client.post(url, data={field: "8"}).status_code == 303
    with at(JAN_5):
        client = login(sixth.gv)
        page = client.get(url)
        refused = client.post(url, data={field: "9"})
    assert REASON in page.text and "disabled" in page.text
    assert refused.status_code == 423 and REASON in refused.text
    assert db.session.scalars(select(Mark)).one().score == 8
