"""The roll call pages: a teacher's classes, today's roll call of the homeroom class
(two absent, one with permission), a holiday refused, the month's lock (423) and the
other schools' classes; the form's weight on the wire; the holidays page."""

import gzip
from datetime import date, datetime

import pytest
import time_machine
from sqlalchemy import select

from smasweb import clock
from smasweb.extensions import db
from smasweb.models import ClassGroup
from smasweb.models.attendance import AttendanceRecord
from smasweb.services.calendar import rules as calendar_rules
from tests.factories import make_staff, make_student

pytestmark = pytest.mark.real_calendar

SETUP = datetime(2026, 9, 3, 9, tzinfo=clock.VN_TZ)  # the classes' entry window
TODAY = datetime(2026, 10, 14, 8, tzinfo=clock.VN_TZ)  # a Wednesday
AFTER_LOCK = datetime(2026, 10, 18, 8, tzinfo=clock.VN_TZ)
DAY_URL = "/attendance/{}/2026-10-14"


def at(moment):
    return time_machine.travel(moment, tick=False)


def _class(school, name, staff=None, n=3, pattern="4"):
    cls = ClassGroup(
        school_id=school.id,
        year=2026,
        grade="03",
        name=name,
        session_pattern=pattern,
        homeroom_staff_id=staff.id if staff else None,
    )
    db.session.add(cls)
    db.session.flush()
    return cls


@pytest.fixture
def homeroom(world):
    """The teacher's homeroom class 3A (three pupils) and a colleague's 3B."""
    with at(SETUP):
        calendar_rules.ensure_year(2026)
        staff = make_staff(world.s1, full_name="Đỗ Thị Ánh")
        world.teacher.staff_id = staff.id
        cls = _class(world.s1, "3A", staff)
        names = ("Trần Văn Bình", "Lê Thị An", "Nguyễn Văn Cường")
        cls.pupils = [make_student(world.s1, cls, full_name=n) for n in names]
        world.other_class = _class(world.s1, "3B", make_staff(world.s1))
        world.s2_class = _class(world.s2, "3A")
        db.session.commit()
    return cls


def roll(pupils, marks: dict, reasons: dict | None = None) -> dict:
    """The form's fields: a{id}{session} = P/K/'' and r{id} = reason."""
    data = {}
    for p in pupils:
        for s in ("sang", "chieu"):
            data[f"a{p.id}{s}"] = marks.get((p.full_name, s), "")
        data[f"r{p.id}"] = (reasons or {}).get(p.full_name, "")
    return data


def test_a_teacher_takes_todays_roll_call_of_the_homeroom_class(world, homeroom, login):
    with at(TODAY):
        client = login(world.teacher)
        home = client.get("/")
        assert 'href="/attendance/"' in home.text and "Lớp chủ nhiệm" in home.text
        page = client.get("/attendance/")
        assert page.status_code == 200
        assert DAY_URL.format(homeroom.id) in page.text
        assert "3B" not in page.text  # a colleague's class
        form = client.get(DAY_URL.format(homeroom.id))
        assert form.status_code == 200
        text = form.text
        assert (
            text.index("Lê Thị An")
            < text.index("Trần Văn Bình")
            < text.index("Nguyễn Văn Cường")
        )  # by given name
        data = roll(
            homeroom.pupils,
            {
                ("Lê Thị An", "sang"): "P",
                ("Lê Thị An", "chieu"): "P",
                ("Trần Văn Bình", "sang"): "K",
            },  # fmt: skip
            {"Lê Thị An": "Sốt"},
        )
        saved = client.post(DAY_URL.format(homeroom.id), data=data)
        assert saved.status_code == 303
        after = client.get(saved.headers["Location"])
    assert "Đã lưu điểm danh ngày 14/10/2026: 2 vắng." in after.text
    assert "vắng 2" in after.text and 'value="Sốt"' in after.text
    recs = db.session.scalars(select(AttendanceRecord)).all()
    assert sorted((r.session, r.status, r.reason) for r in recs) == [
        ("chieu", "P", "Sốt"),
        ("sang", "K", None),
        ("sang", "P", "Sốt"),
    ]


def test_a_roll_call_on_a_holiday_is_refused_with_the_reason(world, homeroom, login):
    with at(TODAY):
        admin = login(world.admin)
        added = admin.post(
            "/calendar/holidays",
            data={
                "name": "Nghỉ phòng chống bão",
                "starts_on": "13/10/2026",
                "ends_on": "13/10/2026",
            },  # fmt: skip
        )
        assert added.status_code == 303
        client = login(world.teacher)
        url = f"/attendance/{homeroom.id}/2026-10-13"
        page = client.get(url)
        assert "Ngày 13/10/2026 là ngày nghỉ: Nghỉ phòng chống bão." in page.text
        refused = client.post(url, data=roll(homeroom.pupils, {}))
    assert refused.status_code == 422
    assert "Ngày 13/10/2026 là ngày nghỉ: Nghỉ phòng chống bão." in refused.text
    assert db.session.scalars(select(AttendanceRecord)).all() == []


def test_after_the_months_lock_the_change_is_refused_with_423(world, homeroom, login):
    data = roll(homeroom.pupils, {("Lê Thị An", "sang"): "K"})
    with at(AFTER_LOCK):
        client = login(world.teacher)
        page = client.get(DAY_URL.format(homeroom.id))
        assert "Tháng 10/2026 đã khóa sổ ngày 17/10/2026" in page.text
        assert "disabled" in page.text
        refused = client.post(DAY_URL.format(homeroom.id), data=data)
        later = client.post(f"/attendance/{homeroom.id}/2026-10-16", data=data)
    assert refused.status_code == 423
    assert "Tháng 10/2026 đã khóa sổ ngày 17/10/2026" in refused.text
    assert later.status_code == 303  # 16/10 is November's report month
    assert [r.day for r in db.session.scalars(select(AttendanceRecord))] == [
        date(2026, 10, 16)
    ]


def test_other_classes_are_403_in_the_school_and_404_elsewhere(world, homeroom, login):
    with at(TODAY):
        teacher = login(world.teacher)
        assert teacher.get(DAY_URL.format(world.other_class.id)).status_code == 403
        assert teacher.get(DAY_URL.format(world.s2_class.id)).status_code == 404
        clerk2 = login(world.clerk2)
        assert clerk2.get(DAY_URL.format(homeroom.id)).status_code == 404
        assert clerk2.get(f"/attendance/{homeroom.id}/2026-13-01").status_code == 404
        clerk = login(world.clerk)  # the school's clerk: every class
        assert clerk.get(DAY_URL.format(world.other_class.id)).status_code == 200


def test_an_officer_picks_a_school_and_reads_without_reasons(world, homeroom, login):
    with at(TODAY):
        login(world.clerk).post(
            DAY_URL.format(homeroom.id),
            data=roll(homeroom.pupils, {("Lê Thị An", "sang"): "P"}, {"Lê Thị An": "Đi khám răng"}),
        )  # fmt: skip
        district = login(world.district)
        picker = district.get("/attendance/")
        assert f"/attendance/?school={world.s1.id}" in picker.text
        assert world.s2.name not in picker.text
        page = district.get(DAY_URL.format(homeroom.id))
        refused = district.post(DAY_URL.format(homeroom.id), data={})
    assert page.status_code == 200 and "Lê Thị An" in page.text
    assert "Đi khám răng" not in page.text and "•" in page.text
    assert refused.status_code == 403


FAMILIES = ("Nguyễn", "Trần", "Lê", "Phạm", "Huỳnh", "Võ", "Đặng", "Bùi", "Đỗ")
MIDDLES = ("Văn", "Thị", "Minh", "Ngọc", "Thanh", "Gia", "Hoàng Bảo")
GIVEN_NAMES = (  # noqa: SIM905 - 45 names read best as one text
    "An Anh Bảo Bích Châu Chi Cường Dũng Duy Giang Hà Hải Hạnh Hiếu Hòa Hùng Huy "
    "Khang Khánh Khoa Lan Linh Long Mai Minh My Nam Ngân Nhi Nhung Phát Phúc Quân "
    "Quỳnh Sơn Tâm Thảo Thịnh Trâm Trí Trung Tú Uyên Vy Yến"
).split()


def test_a_45_pupil_roll_call_weighs_under_4_kb_gzipped(world, login):
    with at(SETUP):
        calendar_rules.ensure_year(2026)
        staff = make_staff(world.s1)
        world.teacher.staff_id = staff.id
        cls = _class(world.s1, "4A", staff)
        for i, given in enumerate(GIVEN_NAMES):
            name = f"{FAMILIES[i % 9]} {MIDDLES[i % 7]} {given}"
            make_student(world.s1, cls, full_name=name)
        db.session.commit()
    with at(TODAY):
        client = login(world.teacher)
        page = client.get(DAY_URL.format(cls.id))
        fragment = client.get(DAY_URL.format(cls.id), headers={"HX-Request": "true"})
    assert page.status_code == fragment.status_code == 200
    assert fragment.text.lstrip().startswith('<form id="roll-form"')
    assert page.text.count('type="radio"') == 45 * 2 * 3
    assert len(gzip.compress(page.data)) < 4096


def test_the_holidays_page_is_the_departments(world, login):
    with at(TODAY):
        page = login(world.admin).get("/calendar/holidays?year=2026")
        assert page.status_code == 200 and "Tết Nguyên đán Đinh Mùi" in page.text
        assert login(world.clerk).get("/calendar/holidays").status_code == 403
