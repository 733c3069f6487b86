"""Báo cáo tháng: sĩ số at the start and end of the report month, the month's and
the year's movements, dropouts by reason and their rates, recounted by hand from
the rows written here; a district's report is the sum of its schools'."""

from datetime import date

import pytest
from sqlalchemy import select

from smasweb.extensions import db
from smasweb.models import ReportPeriod
from smasweb.models.attendance import AttendanceRecord
from smasweb.models.schools import ClassGroup
from smasweb.models.students import Movement
from smasweb.services import years as school_years
from smasweb.services.calendar import rules as calendar_rules
from smasweb.services.reports import get, monthly
from smasweb.services.reports.monthly.pupils import month_bounds
from smasweb.services.reports.scope import reader, resolve
from smasweb.services.reports.tables import sum_reports
from smasweb.services.system import system_override
from tests.factories import make_student, make_unit

Y = school_years.current_year()
# the November report month of the current school year: 16/10 – 15/11
START, END = date(Y, 10, 15), date(Y, 11, 15)


def test_a_report_month_runs_from_the_day_after_the_previous_data_date(app):
    m = month_bounds(2026, date(2026, 10, 15))
    assert (m.start, m.end) == (date(2026, 9, 15), date(2026, 10, 15))
    m = month_bounds(2026, date(2027, 1, 15), date(2027, 1, 9))  # a live draft
    assert (m.start, m.end) == (date(2026, 12, 15), date(2027, 1, 9))
    m = month_bounds(2026, date(2027, 3, 31))  # no 31st in February
    assert m.start == date(2027, 2, 28)


@pytest.fixture
def november(app):
    calendar_rules.ensure_year(Y)
    return db.session.scalar(
        select(ReportPeriod).where(
            ReportPeriod.year == Y,
            ReportPeriod.kind == "monthly",
            ReportPeriod.month == 11,
        )
    )


def klass(school, grade, pattern=None):
    cls = ClassGroup(
        school_id=school.id,
        year=Y,
        grade=grade,
        name=grade + "A",
        session_pattern=pattern,
    )
    db.session.add(cls)
    db.session.flush()
    return cls


def move(pupil, kind: str, day: date, reason: str | None = None) -> None:
    db.session.add(
        Movement(
            school_id=pupil.school_id,
            student_id=pupil.id,
            year=Y,
            kind=kind,
            on_date=day,
            term="1",
            reason=reason,
        )
    )
    db.session.flush()


def pupil(school, cls, girl=False, minority=False, active=True):
    return make_student(
        school,
        cls,
        gender="02" if girl else "01",
        ethnicity="04" if minority else "01",
        active=active,
    )


@pytest.fixture
def schools(world):
    """s1: lớp 1 and lớp 2 with every kind of movement around the month; s2
    (another district): two pupils of lớp 1, one of them dropping out."""
    s1, s2 = world.s1, world.s2
    c1, c2, c3 = klass(s1, "01"), klass(s1, "02", "4"), klass(s2, "01")
    boy = [pupil(s1, c1) for _ in range(3)][0]
    pupil(s1, c1, girl=True, minority=True)
    girl = pupil(s1, c2, girl=True)  # lớp 2 meets two sessions a day
    # left in October, before the month: in neither count, in the year's dropouts
    early = pupil(s1, c1, girl=True, active=False)
    move(early, "dropout", date(Y, 10, 3), "01")
    # moved away inside the month: at the start, not at the end
    gone = pupil(s1, c2, active=False)
    move(gone, "transfer_out", date(Y, 10, 20))
    # dropped out inside the month (a minority girl of lớp 1), reason 03 Xa trường
    quit_ = pupil(s1, c1, girl=True, minority=True, active=False)
    move(quit_, "dropout", date(Y, 11, 2), "03")
    # arrived inside the month: at the end only
    came = pupil(s1, c2)
    move(came, "transfer_in", date(Y, 11, 5))
    # dropped out in October, back inside the month
    back = pupil(s1, c1)
    move(back, "dropout", date(Y, 9, 28), "02")
    move(back, "return", date(Y, 10, 25))
    # leaves after the data date: still counted at the end
    later = pupil(s1, c1, active=False)
    move(later, "dropout", date(Y, 11, 20), "01")
    pupil(s2, c3)
    other = pupil(s2, c3, girl=True, active=False)
    move(other, "dropout", date(Y, 11, 10), "06")
    with system_override("test: past roll calls"):
        for cls, who, day, session, status in (
            (c1, boy, date(Y, 10, 15), "ca_ngay", "P"),  # the month before
            (c1, boy, date(Y, 10, 20), "ca_ngay", "K"),
            (c1, boy, date(Y, 10, 21), "ca_ngay", "P"),
            (c2, girl, date(Y, 10, 22), "sang", "K"),
            (c2, girl, date(Y, 10, 22), "chieu", "P"),
            (c3, other, date(Y, 11, 9), "ca_ngay", "K"),
        ):
            db.session.add(
                AttendanceRecord(
                    school_id=cls.school_id,
                    class_id=cls.id,
                    student_id=who.id,
                    day=day,
                    session=session,
                    status=status,
                )
            )
        db.session.flush()
    db.session.commit()
    return world


def report(unit, period):
    return monthly.build(resolve(reader(), unit.id, "02", Y, period))


def cells(data, table: str, label: str) -> list:
    return next(r.cells for r in data.table(table).rows if r.label == label)


def test_school_sizes_and_movements_equal_a_count_by_hand(
    schools, november, app, monkeypatch
):
    monkeypatch.setitem(app.config, "TODAY", date(Y, 11, 30))  # after the data date
    data = report(schools.s1, november)
    assert data.data_day == END and data.period_id == november.id
    # start (15/10): lớp 1 the 3 boys, the minority girl, quit_ and later (back is
    # away since 28/09); lớp 2 the girl and gone. End (15/11): back instead of quit_;
    # came instead of gone
    #       start (all, nữ, dtts), end (all, nữ, dtts)
    assert cells(data, "pupils", "Lớp 1") == [6, 2, 2, 6, 1, 1]
    assert cells(data, "pupils", "Lớp 2") == [2, 1, 0, 2, 1, 0]
    assert cells(data, "pupils", "Tổng số") == [8, 3, 2, 8, 2, 1]
    #       in (đến, mới, lại), out (đi, thôi)
    assert cells(data, "grade_moves", "Lớp 1") == [0, 0, 1, 0, 1]
    assert cells(data, "grade_moves", "Lớp 2") == [1, 0, 0, 1, 0]
    assert cells(data, "grade_moves", "Tổng số") == [1, 0, 1, 1, 1]
    sizes, moved = data.table("pupils").rows, data.table("grade_moves").rows
    for size, move in zip(sizes, moved, strict=True):  # every grade balances
        start, end = size.cells[0], size.cells[3]
        assert start + sum(move.cells[:3]) - sum(move.cells[3:]) == end, size.label

    moves = {r.label: r.cells for r in data.table("moves").rows}
    #                 month (all, nữ, dtts)  year (all, nữ, dtts)
    assert moves["Thôi học"] == [1, 1, 1, 3, 2, 1]
    assert moves["Xa trường"] == [1, 1, 1, 1, 1, 1]
    assert moves["Kinh tế khó khăn"] == [0, 0, 0, 1, 1, 0]
    assert moves["Học lực yếu kém"] == [0, 0, 0, 1, 0, 0]
    assert moves["Chuyển đi"] == [1, 0, 0, 1, 0, 0]
    assert moves["Đi học lại"] == [1, 0, 0, 1, 0, 0]
    assert moves["Học sinh giảm"] == [2, 1, 1, 4, 2, 1]
    # rates: the month's dropouts over the start, the year's over the first day
    # (every pupil but the transfer in, who came later: 10 of them, 4 girls, 2 DTTS)
    base = moves["Sĩ số làm căn cứ tính tỷ lệ"]
    assert base == [8, 3, 2, 10, 4, 2]
    assert moves["Tỷ lệ học sinh thôi học"] == [12.5, 33.33, 50.0, 30.0, 50.0, 50.0]

    # 21 school days from 16/10 to 15/11 (weekdays, no holiday); sessions due: the
    # month-end pupils × their class's sessions a day × 21
    attendance = data.table("attendance")
    assert "21 ngày học" in attendance.title
    #                                  due, P, K, rate (%)
    assert cells(data, "attendance", "Tổng số") == [6 * 21 + 2 * 2 * 21, 2, 2, 98.1]
    assert cells(data, "attendance", "Lớp 1") == [126, 1, 1, 98.41]
    assert cells(data, "attendance", "Lớp 2") == [84, 1, 1, 97.62]


def test_a_live_draft_counts_up_to_today(schools, november, app, monkeypatch):
    monkeypatch.setitem(app.config, "TODAY", date(Y, 11, 3))  # a draft up to today
    data = report(schools.s1, november)
    assert data.data_day == date(Y, 11, 3)
    # the transfer in of 05/11 is still to come
    assert cells(data, "grade_moves", "Lớp 2")[0] == 0
    assert cells(data, "pupils", "Lớp 2")[3] == 1


def test_district_and_province_equal_the_sum_of_their_schools(
    schools, november, app, monkeypatch
):
    monkeypatch.setitem(app.config, "TODAY", date(Y, 11, 30))
    definition = get("monthly")
    parts = [report(s, november) for s in (schools.s1, schools.s2)]
    province = report(schools.dept, november)
    blank = monthly.build(resolve(reader(), schools.dept.id, "02", Y, november))
    for table in blank.tables:
        for row in table.rows:
            row.cells = [0 * c for c in row.cells]
    summed = definition.derive(sum_reports(parts, blank))
    assert [t.rows for t in summed.tables] == [t.rows for t in province.tables]
    assert cells(province, "moves", "Thôi học")[:3] == [2, 2, 1]
    district = report(schools.d1, november)
    assert [t.rows for t in district.tables] == [t.rows for t in parts[0].tables]


def test_preschool_attendance_counts_by_the_classes_age_group(
    world, november, app, monkeypatch
):
    monkeypatch.setitem(app.config, "TODAY", date(Y, 11, 30))
    school = make_unit("school", world.d1, level_group="01")
    cls = ClassGroup(school_id=school.id, year=Y, grade="17", name="Lá", age_group="06")
    db.session.add(cls)
    db.session.flush()
    children = [
        make_student(school, cls, birth_date=date(Y - 5, 3, 1)) for _ in range(2)
    ]
    with system_override("test: a past roll call"):
        db.session.add(
            AttendanceRecord(
                school_id=school.id,
                class_id=cls.id,
                student_id=children[0].id,
                day=date(Y, 11, 2),
                session="ca_ngay",
                status="P",
            )
        )
        db.session.flush()
    db.session.commit()
    data = monthly.build(resolve(reader(), school.id, "01", Y, november))
    labels = [r.label for r in data.table("attendance").rows]
    assert labels[1:] == [
        "Nhóm trẻ 3–12 tháng",
        "Nhóm trẻ 13–24 tháng",
        "Nhóm trẻ 25–36 tháng",
        "Mẫu giáo 3–4 tuổi",
        "Mẫu giáo 4–5 tuổi",
        "Mẫu giáo 5–6 tuổi",
    ]
    # one session a day (cả ngày) × 21 school days × 2 children; one absence
    assert cells(data, "attendance", "Mẫu giáo 5–6 tuổi") == [42, 1, 0, 97.62]
    assert cells(data, "attendance", "Mẫu giáo 4–5 tuổi") == [0, 0, 0, 0.0]
    assert cells(data, "pupils", "Tổng số") == [2, 0, 0, 2, 0, 0]
