"""Early warning of dropout risk: 3 consecutive school days absent without
permission (a weekend between does not break the run, a P day does), or more than
N days in the month with N set by the Department; pupils who left are not listed;
a teacher sees its class, a district officer its schools; one query for all."""

from datetime import date

import pytest

from smasweb.extensions import db
from smasweb.models import ClassGroup, SchoolHoliday
from smasweb.models.attendance import AttendanceRecord
from smasweb.models.students import Movement
from smasweb.services.attendance import risk, risk_limit
from smasweb.services.attendance.roll_call import sessions_of
from smasweb.services.errors import PermissionDenied, ValidationFailed
from tests import factories
from tests.factories import make_staff, make_student

PINNED = date(2026, 11, 13)  # a Friday of report month 11 (16/10–15/11), still open
THU, FRI, MON, TUE = (date(2026, 11, d) for d in (5, 6, 9, 10))


@pytest.fixture
def school(world, app, monkeypatch):
    """s1: 3A (two sessions, the teacher's homeroom class) and 3B (one session);
    s2 (the other district): 3A."""
    monkeypatch.setitem(app.config, "TODAY", PINNED)
    factories.open_calendar()  # the pinned year's periods
    staff = make_staff(world.s1, full_name="Đỗ Thị Ánh")
    world.teacher.staff_id = staff.id
    world.a = klass(world.s1, "3A", "4", staff.id)
    world.b = klass(world.s1, "3B", None, make_staff(world.s1).id)
    world.c = klass(world.s2, "3A", "4")
    db.session.commit()
    return world


def klass(school, name, pattern, staff_id=None) -> ClassGroup:
    cls = ClassGroup(
        school_id=school.id,
        year=2026,
        grade="03",
        name=name,
        session_pattern=pattern,
        homeroom_staff_id=staff_id,
    )
    db.session.add(cls)
    db.session.flush()
    return cls


def absent(cls, pupil, days, status="K", sessions=None, reason=None) -> None:
    """The pupil absent on these days, in every session of its class by default."""
    for day in days:
        for session in sessions or sessions_of(cls):
            db.session.add(
                AttendanceRecord(
                    school_id=cls.school_id,
                    class_id=cls.id,
                    student_id=pupil.id,
                    day=day,
                    session=session,
                    status=status,
                    reason=reason,
                )
            )
    db.session.commit()


def listed(actor, day=MON) -> dict[str, risk.AtRisk]:
    return {p.name: p for p in risk.warning(actor, day).pupils}


def test_three_school_days_across_a_weekend_are_a_run(school):
    bình = make_student(school.s1, school.a, full_name="Trần Văn Bình")
    an = make_student(school.s1, school.a, full_name="Lê Thị An")
    absent(school.a, bình, (THU, FRI, MON), reason="Đi làm rẫy")
    absent(school.a, an, (FRI, MON))  # two days only
    found = listed(school.leader)
    assert list(found) == ["Trần Văn Bình"]
    assert found["Trần Văn Bình"].run == [THU, FRI, MON]
    assert found["Trần Văn Bình"].month == []
    assert found["Trần Văn Bình"].reason == "Đi làm rẫy"
    assert found["Trần Văn Bình"].class_id == school.a.id
    # still on the list at the end of the week (the run ended 4 school days ago)
    assert "Trần Văn Bình" in listed(school.leader, PINNED)


def test_a_holiday_between_does_not_break_the_run(school):
    bình = make_student(school.s1, school.a, full_name="Trần Văn Bình")
    db.session.add(SchoolHoliday(year=2026, starts_on=MON, ends_on=MON, name="Nghỉ bù"))
    absent(school.a, bình, (THU, FRI, TUE))
    assert listed(school.leader, TUE)["Trần Văn Bình"].run == [THU, FRI, TUE]


def test_an_absence_with_permission_breaks_the_run(school):
    bình = make_student(school.s1, school.a, full_name="Trần Văn Bình")
    absent(school.a, bình, (THU, MON, TUE))
    absent(school.a, bình, (FRI,), status="P")
    assert listed(school.leader, TUE) == {}


def test_a_half_day_without_permission_is_no_k_day(school):
    bình = make_student(school.s1, school.a, full_name="Trần Văn Bình")
    absent(school.a, bình, (THU, MON))
    absent(school.a, bình, (FRI,), sessions=("sang",))  # present in the afternoon
    assert listed(school.leader) == {}
    absent(school.a, bình, (FRI,), sessions=("chieu",))
    assert listed(school.leader)["Trần Văn Bình"].run == [THU, FRI, MON]


def test_more_than_n_days_in_the_month_with_n_set_by_the_department(school):
    bình = make_student(school.s1, school.b, full_name="Trần Văn Bình")
    days = [date(2026, 11, d) for d in (2, 4, 6, 10, 12)]  # never two in a row
    absent(school.b, bình, days)
    absent(school.b, bình, (date(2026, 10, 30),))  # last month: not counted
    assert risk_limit.month_limit() == 5
    assert listed(school.leader, PINNED) == {}  # 5 days is not more than 5
    with pytest.raises(PermissionDenied):
        risk_limit.set_month_limit(school.district, 4)
    for bad in (0, 32, None):
        with pytest.raises(ValidationFailed):
            risk_limit.set_month_limit(school.admin, bad)
    risk_limit.set_month_limit(school.admin, 4)
    db.session.commit()
    found = risk.warning(school.leader, PINNED)
    assert found.limit == 4
    assert found.pupils[0].name == "Trần Văn Bình"
    assert found.pupils[0].month == days and found.pupils[0].run == []


def test_a_pupil_who_transferred_out_is_not_listed(school):
    bình = make_student(school.s1, school.a, full_name="Trần Văn Bình")
    absent(school.a, bình, (THU, FRI, MON))
    bình.active = False
    db.session.add(
        Movement(
            school_id=school.s1.id,
            student_id=bình.id,
            year=2026,
            kind="transfer_out",
            on_date=TUE,
            term="1",
        )
    )
    db.session.commit()
    assert listed(school.leader, TUE) == {}
    assert list(listed(school.leader, MON)) == ["Trần Văn Bình"]  # still there


def test_the_teacher_sees_only_its_classes_pupils(school):
    bình = make_student(school.s1, school.a, full_name="Trần Văn Bình")
    cường = make_student(school.s1, school.b, full_name="Nguyễn Văn Cường")
    absent(school.a, bình, (THU, FRI, MON))
    absent(school.b, cường, (THU, FRI, MON))
    assert list(listed(school.teacher)) == ["Trần Văn Bình"]
    assert set(listed(school.leader)) == {"Trần Văn Bình", "Nguyễn Văn Cường"}
    assert set(listed(school.clerk)) == {"Trần Văn Bình", "Nguyễn Văn Cường"}


def test_a_district_officer_sees_only_its_schools(school):
    bình = make_student(school.s1, school.a, full_name="Trần Văn Bình")
    hoa = make_student(school.s2, school.c, full_name="Phạm Thị Hoa")
    absent(school.a, bình, (THU, FRI, MON))
    absent(school.c, hoa, (THU, FRI, MON))
    mine = risk.warning(school.district, MON)
    assert [s.school.id for s in mine.schools] == [school.s1.id]
    assert [p.name for p in mine.pupils] == ["Trần Văn Bình"]
    assert [s.school.id for s in risk.warning(school.district2, MON).schools] == [
        school.s2.id
    ]
    province = risk.warning(school.admin, MON)
    assert {s.school.id for s in province.schools} == {school.s1.id, school.s2.id}
    assert list(listed(school.leader2)) == ["Phạm Thị Hoa"]


def test_the_query_count_does_not_grow_with_the_pupils(school, count_queries):
    def add(n):
        for i in range(n):
            cls = (school.a, school.b, school.c)[i % 3]
            school_unit = school.s2 if cls is school.c else school.s1
            absent(cls, make_student(school_unit, cls), (THU, FRI, MON))

    add(1)
    one = count_queries(lambda: risk.warning(school.admin, MON))
    add(11)
    many = count_queries(lambda: risk.warning(school.admin, MON))
    assert len(risk.warning(school.admin, MON).pupils) == 12
    assert many == one
    district = count_queries(lambda: risk.warning(school.district, MON))
    assert district <= one + 1  # the district's school ids
