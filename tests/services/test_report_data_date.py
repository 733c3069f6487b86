"""Every report counts as of its period's data date (ngày chốt số liệu), from dated
facts: movements, opening and closing dates, the dated unit tree, staff dates."""

from datetime import date

import pytest
from sqlalchemy import select

from smasweb.extensions import db
from smasweb.models import PeriodRule, ReportPeriod, UnitLink
from smasweb.models.reports import ReportSnapshot
from smasweb.models.schools import ClassGroup
from smasweb.models.students import Movement
from smasweb.services import years as school_years
from smasweb.services.calendar import admin as calendar_admin
from smasweb.services.calendar import rules as calendar_rules
from smasweb.services.errors import NotFound
from smasweb.services.reports import after_opening, official
from smasweb.services.reports.scope import reader, resolve
from smasweb.services.reports.tables import ReportData
from smasweb.services.staff import summary as staff_summary
from smasweb.services.students import summary as students_summary
from tests.factories import make_staff, make_student, make_unit

Y = school_years.current_year()  # past years are closed to writes


@pytest.fixture
def periods(app):
    school_years.ensure_year(Y - 1)
    calendar_rules.ensure_year(Y - 1)
    calendar_rules.ensure_year(Y)
    db.session.commit()


def period_of(year: int, kind: str = "after_opening", month: int = 0):
    return db.session.scalar(
        select(ReportPeriod).where(
            ReportPeriod.year == year,
            ReportPeriod.kind == kind,
            ReportPeriod.month == month,
        )
    )


@pytest.fixture
def pin(app, monkeypatch):
    """pin(day): today is `day` for the rest of the test."""

    def do(day: date) -> None:
        monkeypatch.setitem(app.config, "TODAY", day)

    return do


def klass(school, grade="01", year=Y):
    cls = ClassGroup(school_id=school.id, year=year, grade=grade, name=grade + "A")
    db.session.add(cls)
    db.session.flush()
    return cls


def move(pupil, kind: str, day: date) -> None:
    db.session.add(
        Movement(
            school_id=pupil.school_id,
            student_id=pupil.id,
            year=Y,
            kind=kind,
            on_date=day,
            term="1",
        )
    )


def total(unit, period, level="02") -> int:
    scope = resolve(
        reader(), unit.id, level, Y if period is None else period.year, period
    )
    return after_opening.build(scope).table("pupils").row("37").cells[0]


def test_each_kind_of_period_has_its_default_data_date(periods):
    want = {
        ("after_opening", 0): date(Y, 9, 9),
        ("monthly", 10): date(Y, 10, 15),
        ("monthly", 2): date(Y + 1, 2, 15),
        ("semester_1", 0): date(Y, 12, 31),
        ("school_year", 0): date(Y + 1, 5, 31),
        ("graduation_thcs", 0): date(Y + 1, 5, 25),
        ("graduation_thpt", 0): date(Y + 1, 8, 15),
        ("sync_start", 0): date(Y, 9, 30),
        ("sync_mid", 0): date(Y + 1, 1, 10),  # no default: its lock day
    }
    got = {k: period_of(Y, *k).data_date for k in want}
    assert got == want


def test_the_admin_sets_the_data_date_on_a_rule_and_a_period(periods, world):
    rule = calendar_admin.get_rule(world.admin, "after_opening")
    data = calendar_admin.RuleData(
        title=rule.title,
        opens=(1, 9),
        closes=(6, 9),
        locks=(9, 9),
        fields=list(rule.field_codes),
        data=(30, 9),
    )
    calendar_admin.update_rule(world.admin, rule, data)
    assert db.session.get(PeriodRule, "after_opening").data_month == 9
    assert calendar_rules.build(2030)[0].data_on == date(2030, 9, 30)
    period = period_of(Y)
    edit = calendar_admin.PeriodData(
        title=period.title,
        opens_on=period.opens_on,
        closes_on=period.closes_on,
        locks_on=period.locks_on,
        fields=list(period.field_codes),
        data_on=date(Y, 9, 5),
    )
    calendar_admin.update_period(world.admin, period, edit)
    assert period_of(Y).data_date == date(Y, 9, 5)
    edit.data_on = date(Y + 2, 1, 1)
    with pytest.raises(Exception, match="năm học"):
        calendar_admin.update_period(world.admin, period, edit)


@pytest.fixture
def town(periods):
    """A district with one primary school: Ann stays, Bình drops out on 20/09,
    Chi transfers in on 15/09 (a new record whose first movement is the arrival)."""
    dept = make_unit("department", name="Sở")
    district = make_unit("district", dept, name="Phòng GDĐT Mang Thít")
    school = make_unit("school", district, name="Trường TH Một")
    cls = klass(school)
    make_student(school, cls, full_name="Ann")
    binh = make_student(
        school,
        cls,
        full_name="Bình",
        active=False,
        status="05",
        status_on=date(Y, 9, 20),
    )
    move(binh, "dropout", date(Y, 9, 20))
    chi = make_student(school, cls, full_name="Chi", status="02")
    move(chi, "transfer_in", date(Y, 9, 15))
    db.session.commit()
    return district, school


def test_a_movement_dated_later_has_not_happened_yet(pin, town):
    district, school = town
    pin(date(Y, 9, 3))  # before both movements: Ann and Bình
    assert total(school, None) == 2 and total(district, None) == 2
    pin(date(Y, 9, 16))  # Chi has come, Bình not yet gone
    assert total(school, None) == 3
    pin(date(Y, 9, 21))  # after the dropout
    assert total(school, None) == 2
    assert students_summary.build(reader(), [school.id], Y)[0].total == 2
    # the period's report counts as of its data date (09/09), whatever today is
    assert total(school, period_of(Y)) == 2 and total(district, period_of(Y)) == 2
    data = after_opening.build(resolve(reader(), school.id, "02", Y, period_of(Y)))
    assert data.as_of_line == f"Số liệu tính đến ngày 09/09/{Y}"
    # a live draft before its data date counts as of today
    pin(date(Y, 9, 5))
    data = after_opening.build(resolve(reader(), school.id, "02", Y, period_of(Y)))
    assert data.as_of_line == f"Số liệu tính đến ngày 05/09/{Y}"


def test_a_school_closing_after_the_data_date_is_in_the_report(pin, town):
    district, school = town
    later = make_unit("school", district, name="Trường TH Hai")
    cls = klass(later)
    for _ in range(3):
        make_student(later, cls)
    later.closed_on = date(Y, 10, 31)
    db.session.commit()
    pin(date(Y, 12, 1))  # the school has closed since
    scope = resolve(reader(), district.id, "02", Y, period_of(Y))
    assert later.id in scope.school_ids
    data = after_opening.build(scope)
    assert data.school_count == 2 and data.table("schools").row("1").cells[0] == 2
    assert data.table("pupils").row("37").cells[0] == 2 + 3
    assert later.id not in resolve(reader(), district.id, "02", Y, None).school_ids
    # the lock's snapshots (made today) count it too, as of the data date
    official.freeze_at_lock(period_of(Y))
    snap = db.session.scalar(
        select(ReportSnapshot).where(ReportSnapshot.unit_id == later.id)
    )
    frozen = ReportData.from_json(snap.data)
    assert frozen.table("pupils").row("37").cells[0] == 3
    assert frozen.as_of_line == f"Số liệu tính đến ngày 09/09/{Y}"
    # nor is a school opened after the data date
    new = make_unit("school", district, name="Trường TH Ba", since=date(Y, 10, 1))
    assert (
        new.id not in resolve(reader(), district.id, "02", Y, period_of(Y)).school_ids
    )


def test_a_past_period_lists_the_schools_the_district_had_then(pin, periods):
    dept = make_unit("department", name="Sở")
    old, new = make_unit("district", dept), make_unit("district", dept)
    stays_old = make_unit("school", old, name="Trường ở lại")
    stays_new = make_unit("school", new, name="Trường sẵn có")
    moved = make_unit("school", old, name="Trường chuyển huyện")
    link = db.session.scalar(select(UnitLink).where(UnitLink.unit_id == moved.id))
    link.valid_to = date(Y, 7, 1)
    db.session.add(UnitLink(unit=moved, parent=new, valid_from=date(Y, 7, 1)))
    moved.parent = new
    db.session.commit()
    pin(date(Y, 12, 1))
    past = period_of(Y - 1)
    assert sorted(resolve(reader(), old.id, "02", Y - 1, past).school_ids) == sorted(
        [stays_old.id, moved.id]
    )
    assert resolve(reader(), new.id, "02", Y - 1, past).school_ids == [stays_new.id]
    this = period_of(Y)
    assert resolve(reader(), old.id, "02", Y, this).school_ids == [stays_old.id]
    assert sorted(resolve(reader(), new.id, "02", Y, this).school_ids) == sorted(
        [stays_new.id, moved.id]
    )
    with pytest.raises(NotFound):  # no school of the level there then
        resolve(reader(), old.id, "03", Y - 1, past)


def test_staff_count_by_their_working_dates(town):
    _, school = town
    make_staff(school)
    retired = make_staff(school)
    retired.status, retired.status_on = "02", date(Y, 9, 20)
    arrived = make_staff(school)
    arrived.status, arrived.status_on = "07", date(Y, 9, 15)
    arrived.joined_school_on = date(Y, 9, 15)
    db.session.commit()

    def counted(day):
        return staff_summary.build(reader(), [school.id], Y, day=day)[0].total

    assert counted(date(Y, 9, 9)) == 2  # the retirement is still to come
    assert counted(date(Y, 9, 16)) == 3
    assert counted(date(Y, 9, 21)) == 2
