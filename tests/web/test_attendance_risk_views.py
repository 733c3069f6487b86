"""The dropout-risk pages: a school's home page lists its pupils at risk with their
days and a link to the roll call (a teacher: its class's only); /attendance/risk
lists a district's schools with counts, reasons masked; the Department edits N."""

import pytest

from smasweb.services.attendance import risk_limit
from tests.factories import make_student
from tests.services.test_attendance_risk import FRI, MON, THU, absent
from tests.services.test_attendance_risk import school as school  # noqa: F401

DAY = "?day=2026-11-09"


@pytest.fixture
def pupils(school):  # noqa: F811
    """Bình (3A, the teacher's class) and Cường (3B) at risk in s1, Hoa in s2."""
    for cls, unit, name in (
        (school.a, school.s1, "Trần Văn Bình"),
        (school.b, school.s1, "Nguyễn Văn Cường"),
        (school.c, school.s2, "Phạm Thị Hoa"),
    ):
        pupil = make_student(unit, cls, full_name=name)
        absent(cls, pupil, (THU, FRI, MON), reason="Đi làm rẫy xa nhà")
    return school


def test_the_leaders_home_page_lists_the_pupils_at_risk(pupils, client, login):
    login(pupils.leader)
    page = client.get("/")
    assert page.status_code == 200
    assert 'id="risk"' in page.text
    assert "Trần Văn Bình" in page.text and "Nguyễn Văn Cường" in page.text
    assert "Phạm Thị Hoa" not in page.text
    assert (
        "Nghỉ không phép 3 ngày học liên tiếp: 05/11/2026, 06/11/2026, 09/11/2026"
        in (page.text)
    )
    assert f'href="/attendance/{pupils.a.id}/2026-11-09"' in page.text
    assert "Đi làm rẫy xa nhà" in page.text  # the school's own roles see the reason


def test_the_teachers_home_page_lists_only_its_class(pupils, client, login):
    login(pupils.teacher)
    page = client.get("/")
    assert "Trần Văn Bình" in page.text
    assert "Nguyễn Văn Cường" not in page.text


def test_an_officers_home_page_has_no_school_list(pupils, client, login):
    login(pupils.district)
    assert 'id="risk"' not in client.get("/").text


def test_the_district_page_lists_its_schools_with_masked_reasons(pupils, client, login):
    login(pupils.district)
    page = client.get("/attendance/risk" + DAY)
    assert page.status_code == 200
    assert "<strong>1</strong> trường có <strong>2</strong> học sinh" in page.text
    assert pupils.s1.name in page.text and pupils.s2.name not in page.text
    assert "Trần Văn Bình" in page.text and "Phạm Thị Hoa" not in page.text
    assert "Đi làm rẫy xa nhà" not in page.text
    assert "•••••••••••••••hà" in page.text
    assert "Sửa ngưỡng cảnh báo" not in page.text
    assert 'href="/attendance/risk"' in client.get("/attendance/").text


def test_the_department_sees_every_school_and_edits_the_threshold(
    pupils, client, login
):
    login(pupils.admin)
    page = client.get("/attendance/risk" + DAY)
    assert "<strong>2</strong> trường có <strong>3</strong> học sinh" in page.text
    assert 'href="/attendance/risk/limit"' in page.text
    form = client.get("/attendance/risk/limit")
    assert "Số ngày nghỉ không phép trong tháng" in form.text
    assert 'value="5"' in form.text
    bad = client.post("/attendance/risk/limit", data={"days": "32"})
    assert bad.status_code == 422
    assert "Nhập số ngày từ 1 đến 31." in bad.text
    ok = client.post("/attendance/risk/limit", data={"days": "2"})
    assert ok.status_code == 303 and ok.headers["Location"] == "/attendance/risk"
    assert risk_limit.month_limit() == 2
    page = client.get("/attendance/risk" + DAY)
    assert "Nghỉ không phép 3 ngày trong tháng 11/2026 (quá 2 ngày)" in page.text


def test_only_the_department_edits_the_threshold(pupils, client, login):
    for who in (pupils.district, pupils.leader):
        login(who)
        assert client.get("/attendance/risk/limit").status_code == 403
        resp = client.post("/attendance/risk/limit", data={"days": "2"})
        assert resp.status_code == 403
    assert risk_limit.month_limit() == 5


def test_a_division_without_attendance_gets_404(pupils, client, login):
    login(pupils.division)  # Tổ chức – Cán bộ: staff only
    assert client.get("/attendance/risk").status_code == 404
