"""The Department's calendar work: validated period edits, lock and open, rules."""

from datetime import date, datetime

import pytest
import time_machine
from sqlalchemy import select

from smasweb import clock
from smasweb.extensions import db
from smasweb.models import ReportPeriod
from smasweb.services.calendar import admin as calendar_admin
from smasweb.services.calendar import rules as calendar_rules
from smasweb.services.calendar import windows as calendar
from smasweb.services.calendar.admin import PeriodData, RuleData
from smasweb.services.errors import PermissionDenied, ValidationFailed

pytestmark = pytest.mark.real_calendar

SEPT = datetime(2026, 9, 20, 10, 0, tzinfo=clock.VN_TZ)


def stored(kind: str, month: int = 0) -> ReportPeriod:
    return db.session.scalar(
        select(ReportPeriod).where(
            ReportPeriod.year == 2026,
            ReportPeriod.kind == kind,
            ReportPeriod.month == month,
        )
    )


@pytest.fixture
def year(world):
    calendar_admin.generate_year(world.admin, 2026)
    db.session.commit()
    return 2026


def data_of(period: ReportPeriod, **changes) -> PeriodData:
    data = PeriodData(
        title=period.title,
        opens_on=period.opens_on,
        closes_on=period.closes_on,
        locks_on=period.locks_on,
        fields=list(period.field_codes),
        levels=list(period.level_codes),
    )
    for name, value in changes.items():
        setattr(data, name, value)
    return data


def test_generate_stores_the_year_from_the_rules_once(world, year):
    assert stored("after_opening").opens_on == date(2026, 9, 1)
    assert calendar_admin.generate_year(world.admin, 2026) == []
    with pytest.raises(PermissionDenied):
        calendar_admin.generate_year(world.district, 2027)


def test_an_edit_moves_the_window(world, year):
    period = stored("after_opening")
    calendar_admin.update_period(
        world.admin, period, data_of(period, closes_on=date(2026, 9, 7), levels=["02"])
    )
    assert (period.closes_on, period.levels) == (date(2026, 9, 7), "02")


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"closes_on": date(2026, 9, 9)}, "closes_on", "phải trước ngày khóa"),
        ({"opens_on": date(2026, 9, 8)}, "closes_on", "không được trước ngày mở"),
        ({"opens_on": date(2026, 8, 30)}, "opens_on", "năm học 2026-2027"),
        ({"locks_on": date(2027, 9, 1)}, "locks_on", "năm học 2026-2027"),
        ({"title": " "}, "title", "Bắt buộc"),
        ({"fields": ["nope"]}, "fields", "danh mục"),
    ],
)
def test_bad_dates_are_refused_with_the_field(world, year, changes, field, message):
    period = stored("after_opening")
    with pytest.raises(ValidationFailed) as exc:
        calendar_admin.update_period(world.admin, period, data_of(period, **changes))
    assert exc.value.field == field and message in exc.value.message
    db.session.rollback()
    assert stored("after_opening").closes_on == date(2026, 9, 6)


def test_monthly_windows_must_not_overlap(world, year):
    october = stored("monthly", 10)
    data = data_of(october, opens_on=date(2026, 9, 14), closes_on=date(2026, 9, 16))
    data.locks_on = date(2026, 10, 17)
    with pytest.raises(ValidationFailed) as exc:
        calendar_admin.update_period(world.admin, october, data)
    assert exc.value.field == "opens_on" and "trùng" in exc.value.message


def test_lock_and_open_drive_the_guard(world, year):
    period = stored("after_opening")
    with time_machine.travel(datetime(2026, 9, 3, 9, 0, tzinfo=clock.VN_TZ)):
        assert calendar.allowed(world.s1, "facilities")
        calendar_admin.lock_period(world.admin, period)
        assert calendar.state(period) == "locked"
        assert not calendar.allowed(world.s1, "facilities")
    with time_machine.travel(SEPT, tick=False):
        with pytest.raises(ValidationFailed):
            calendar_admin.open_period(world.admin, period, date(2026, 9, 19))
        calendar_admin.open_period(world.admin, period, date(2026, 9, 22))
        assert calendar.state(period) == "reopened"
        assert calendar.allowed(world.s1, "facilities")
    assert not calendar.allowed(
        world.s1, "facilities", datetime(2026, 9, 23, 0, 0, tzinfo=clock.VN_TZ)
    )
    with pytest.raises(PermissionDenied):
        calendar_admin.lock_period(world.district, period)


def test_editing_a_rule_changes_later_years_only(world, year):
    rule = calendar_admin.get_rule(world.admin, "after_opening")
    data = RuleData(
        title="Sau khai giảng",
        opens=(3, 9),
        closes=(8, 9),
        locks=(10, 9),
        fields=["facilities"],
    )
    calendar_admin.update_rule(world.admin, rule, data)
    db.session.commit()
    assert stored("after_opening").opens_on == date(2026, 9, 1)
    calendar_admin.generate_year(world.admin, 2027)
    later = db.session.scalar(
        select(ReportPeriod).where(
            ReportPeriod.year == 2027, ReportPeriod.kind == "after_opening"
        )
    )
    assert (later.opens_on, later.fields) == (date(2027, 9, 3), "facilities")
    assert calendar_rules.rules()[0].title == "Sau khai giảng"


def test_a_rule_must_close_before_it_locks(world):
    rule = calendar_admin.get_rule(world.admin, "monthly")
    data = RuleData("Báo cáo tháng", (15, 0), (18, 0), (17, 0), [9, 10], ["grades"])
    with pytest.raises(ValidationFailed) as exc:
        calendar_admin.update_rule(world.admin, rule, data)
    assert exc.value.field == "closes_day"
