"""Attendance records under the calendar: a row dated in report month M (16th of
the previous month to the 15th) is written until M's lock (the 17th, 00:00), then
only through an unlock; never for a day to come. Every write path is checked:
ORM flush, ORM bulk, Core. Also the school days and the roll call's save."""

from datetime import date, datetime

import pytest
import time_machine
from sqlalchemy import delete, func, insert, select, update

from smasweb import clock
from smasweb.extensions import db
from smasweb.models import AuditEntry, ClassGroup, ReportPeriod
from smasweb.models.attendance import AttendanceRecord
from smasweb.services.attendance import roll_call
from smasweb.services.calendar import dated, school_days, unlocks
from smasweb.services.calendar import rules as calendar_rules
from smasweb.services.errors import PeriodLocked, ValidationFailed
from tests.factories import make_staff, make_student

pytestmark = pytest.mark.real_calendar

BEFORE_LOCK = datetime(2026, 10, 16, 23, 59, 59, tzinfo=clock.VN_TZ)
AFTER_LOCK = datetime(2026, 10, 17, 0, 0, 1, tzinfo=clock.VN_TZ)
OCT_DAY = date(2026, 10, 12)  # a Monday of report month 10 (16/09–15/10)
LOCKED_MSG = "Tháng 10/2026 đã khóa sổ ngày 17/10/2026"


def at(moment):
    return time_machine.travel(moment, tick=False)


@pytest.fixture
def klass(world):
    with at(datetime(2026, 9, 3, 9, tzinfo=clock.VN_TZ)):  # the classes' window
        return _klass(world)


def _klass(world):
    calendar_rules.ensure_year(2026)
    teacher = make_staff(world.s1, full_name="Đỗ Thị Ánh")
    world.teacher.staff_id = teacher.id
    cls = ClassGroup(
        school_id=world.s1.id,
        year=2026,
        grade="03",
        name="3A",
        session_pattern="4",
        homeroom_staff_id=teacher.id,
    )
    db.session.add(cls)
    db.session.flush()
    cls.pupils = [
        make_student(world.s1, cls, full_name=n)
        for n in ("Trần Văn Bình", "Lê Thị An", "Nguyễn Văn Cường")
    ]
    db.session.commit()
    return cls


def record(cls, pupil, day=OCT_DAY, session="sang", status="K") -> AttendanceRecord:
    return AttendanceRecord(
        school_id=cls.school_id,
        class_id=cls.id,
        student_id=pupil.id,
        day=day,
        session=session,
        status=status,
    )


def rows() -> int:
    return db.session.scalar(select(func.count()).select_from(AttendanceRecord))


def test_report_months_run_from_the_16th_to_the_15th():
    assert dated.report_month(date(2026, 10, 15)) == (2026, 10)
    assert dated.report_month(date(2026, 10, 16)) == (2026, 11)
    assert dated.report_month(date(2026, 12, 20)) == (2027, 1)


def test_a_record_of_an_open_month_saves_on_any_day_before_the_lock(klass):
    for moment in (datetime(2026, 10, 12, 8, tzinfo=clock.VN_TZ), BEFORE_LOCK):
        with at(moment):
            db.session.add(record(klass, klass.pupils[0]))
            db.session.commit()
            db.session.execute(delete(AttendanceRecord))
            db.session.commit()
    with at(AFTER_LOCK):  # the next month's days are open
        db.session.add(record(klass, klass.pupils[0], day=date(2026, 10, 16)))
        db.session.commit()
    assert rows() == 1


def test_after_the_lock_the_month_is_refused_with_423_and_its_name(klass):
    with at(AFTER_LOCK):
        db.session.add(record(klass, klass.pupils[0]))
        with pytest.raises(PeriodLocked) as exc:
            db.session.commit()
        db.session.rollback()
    assert exc.value.status == 423
    assert exc.value.message.startswith(LOCKED_MSG)
    assert "«Chuyên cần» ngày 12/10/2026 của Trường Tiểu học Long Phước" in str(
        exc.value
    )
    assert exc.value.period.kind == "monthly" and exc.value.period.month == 10
    assert rows() == 0


def test_a_flush_with_one_locked_day_writes_nothing(klass):
    with at(AFTER_LOCK):
        db.session.add(record(klass, klass.pupils[0], day=date(2026, 10, 16)))
        db.session.add(record(klass, klass.pupils[1]))
        with pytest.raises(PeriodLocked):
            db.session.commit()
        db.session.rollback()
    assert rows() == 0


def test_changing_or_deleting_a_locked_record_is_refused(klass):
    with at(BEFORE_LOCK):
        rec = record(klass, klass.pupils[0])
        db.session.add(rec)
        db.session.commit()
    with at(AFTER_LOCK):
        rec.status = "P"
        with pytest.raises(PeriodLocked):
            db.session.commit()
        db.session.rollback()
        db.session.delete(rec)
        with pytest.raises(PeriodLocked):
            db.session.commit()
        db.session.rollback()
        rec.day = date(2026, 10, 16)  # moving it out of the locked month
        with pytest.raises(PeriodLocked):
            db.session.commit()
        db.session.rollback()
    assert db.session.get(AttendanceRecord, rec.id).status == "K"


def _bulk_row(cls, pupil, day=OCT_DAY) -> dict:
    return {
        "school_id": cls.school_id,
        "class_id": cls.id,
        "student_id": pupil.id,
        "day": day,
        "session": "sang",
        "status": "K",
    }


def test_bulk_and_core_writes_of_a_locked_month_are_refused(klass):
    with at(BEFORE_LOCK):
        db.session.add(record(klass, klass.pupils[2]))
        db.session.commit()
    table = AttendanceRecord.__table__
    attempts = [
        lambda: db.session.execute(
            insert(AttendanceRecord), [_bulk_row(klass, klass.pupils[0])]
        ),
        lambda: db.session.execute(insert(table), [_bulk_row(klass, klass.pupils[1])]),
        lambda: db.session.execute(update(table).values(status="P")),
        lambda: db.session.execute(delete(AttendanceRecord)),
    ]
    with at(AFTER_LOCK):
        for attempt in attempts:
            with pytest.raises(PeriodLocked) as exc:
                attempt()
            db.session.rollback()
            assert exc.value.message.startswith(LOCKED_MSG)
    assert rows() == 1


def test_an_unlock_lets_it_through_and_the_audit_trail_records_it(world, klass):
    period = db.session.scalars(
        select(ReportPeriod).filter_by(year=2026, kind="monthly", month=10)
    ).one()
    with at(AFTER_LOCK):
        req = unlocks.request_unlock(
            world.clerk, world.s1, period, ["attendance"], "Quên điểm danh ngày 12/10"
        )
        unlocks.grant(world.admin, req, ["attendance"], date(2026, 10, 20))
        db.session.commit()
        rec = record(klass, klass.pupils[0])
        db.session.add(rec)
        db.session.commit()
    entry = db.session.scalars(
        select(AuditEntry).where(AuditEntry.table_name == "attendance_records")
    ).one()
    assert (entry.action, entry.field, entry.record_id) == (
        "insert",
        "attendance",
        rec.id,
    )
    assert entry.changes["day"] == [None, "2026-10-12"]
    assert entry.reason == f"Theo mở khóa số {req.id}: Quên điểm danh ngày 12/10"
    with at(datetime(2026, 10, 21, 8, tzinfo=clock.VN_TZ)):  # the grant expired
        rec.status = "P"
        with pytest.raises(PeriodLocked):
            db.session.commit()
        db.session.rollback()


def test_an_unlock_of_another_month_or_field_does_not_open_it(world, klass):
    nov = db.session.scalars(
        select(ReportPeriod).filter_by(year=2026, kind="monthly", month=11)
    ).one()
    with at(AFTER_LOCK):
        req = unlocks.request_unlock(
            world.clerk, world.s1, nov, ["attendance", "grades"], "Sửa số liệu tháng"
        )
        unlocks.grant(world.admin, req, ["grades"], date(2026, 10, 20))
        db.session.commit()
        assert not dated.allowed(world.s1, "attendance", OCT_DAY)
        assert not dated.allowed(world.s1, "grades", OCT_DAY)


def test_a_day_to_come_is_refused_even_with_an_unlock(world, klass):
    with at(BEFORE_LOCK):
        unlocks.grant_direct(world.admin, world.s1, ["attendance"], date(2026, 10, 30))
        db.session.add(record(klass, klass.pupils[0], day=date(2026, 10, 19)))
        with pytest.raises(PeriodLocked) as exc:
            db.session.commit()
        db.session.rollback()
    assert "Ngày 19/10/2026 chưa đến" in exc.value.message


def test_school_days_skip_weekends_holidays_and_the_summer(app):
    assert school_days.is_school_day(date(2026, 10, 12))
    assert "Chủ nhật" in school_days.why_not(date(2026, 10, 11))
    assert "Thứ Bảy" in school_days.why_not(date(2026, 10, 10))
    assert school_days.why_not(date(2027, 2, 8)) == (
        "Ngày 08/02/2027 là ngày nghỉ: Tết Nguyên đán Đinh Mùi."
    )
    assert "Giỗ Tổ Hùng Vương" in school_days.why_not(date(2027, 4, 16))
    assert "ngoài thời gian học" in school_days.why_not(date(2026, 7, 1))
    days = school_days.non_school_days(date(2026, 12, 28), date(2027, 1, 3))
    assert sorted(days) == [date(2027, 1, 1), date(2027, 1, 2), date(2027, 1, 3)]


def test_the_departments_holidays_replace_the_defaults(world):
    with at(datetime(2026, 11, 2, 9, tzinfo=clock.VN_TZ)):
        school_days.add_holiday(
            world.admin, date(2026, 11, 20), date(2026, 11, 20), "Ngày Nhà giáo"
        )
        db.session.commit()
    names = [h.name for h in school_days.holidays(2026)]
    assert "Ngày Nhà giáo" in names and "Tết Nguyên đán Đinh Mùi" in names
    assert "Ngày Nhà giáo" in school_days.why_not(date(2026, 11, 20))
    with pytest.raises(ValidationFailed):
        school_days.add_holiday(
            world.admin, date(2026, 11, 21), date(2026, 11, 20), "x"
        )


def test_a_roll_call_saves_the_days_absences_and_replaces_them(world, klass):
    an, binh, cuong = sorted(klass.pupils, key=lambda p: p.sort_key)
    with at(datetime(2026, 10, 14, 8, tzinfo=clock.VN_TZ)):
        rc = roll_call.roll_call(world.teacher, klass.id, date(2026, 10, 14))
        assert rc.sessions == ("sang", "chieu")
        assert [r.student.full_name for r in rc.rows] == [
            "Lê Thị An",
            "Trần Văn Bình",
            "Nguyễn Văn Cường",
        ]
        absent = roll_call.save_roll_call(
            world.teacher,
            rc,
            {
                an.id: ({"sang": "P", "chieu": "P"}, "Ốm"),
                binh.id: ({"sang": "K", "chieu": ""}, ""),
            },
        )
        db.session.commit()
        assert absent == 2 and rows() == 3
        rc = roll_call.roll_call(world.teacher, klass.id, date(2026, 10, 14))
        roll_call.save_roll_call(
            world.teacher, rc, {an.id: ({"sang": "P", "chieu": ""}, "Ốm")}
        )
        db.session.commit()
    saved = db.session.scalars(select(AttendanceRecord)).all()
    assert [(r.student_id, r.session, r.status, r.reason) for r in saved] == [
        (an.id, "sang", "P", "Ốm")
    ]
    assert cuong.id not in {r.student_id for r in saved}


def test_a_roll_call_on_a_holiday_is_refused_with_the_reason(world, klass):
    with at(datetime(2026, 10, 14, 8, tzinfo=clock.VN_TZ)):
        rc = roll_call.roll_call(world.clerk, klass.id, date(2026, 10, 11))
        with pytest.raises(ValidationFailed) as exc:
            roll_call.save_roll_call(
                world.clerk, rc, {klass.pupils[0].id: ({"sang": "K"}, "")}
            )
    assert exc.value.message == ("Ngày 11/10/2026 là Chủ nhật, không phải ngày học.")
    assert rows() == 0
