"""The month grid pages: the page and its Excel (same cells), who may read them,
the links to them, and the page's weight for a 45-pupil class."""

import gzip
from datetime import date
from io import BytesIO

import pytest
from openpyxl import load_workbook

from smasweb.extensions import db
from smasweb.services.attendance import roll_call
from smasweb.services.calendar import rules as calendar_rules
from smasweb.services.calendar import school_days
from tests.factories import make_staff, make_student
from tests.web.test_attendance_views import (  # noqa: F401 - homeroom: a fixture
    FAMILIES,
    GIVEN_NAMES,
    MIDDLES,
    SETUP,
    TODAY,
    _class,
    at,
    homeroom,
)

pytestmark = pytest.mark.real_calendar

URL = "/attendance/{}/month/2026-10"


@pytest.fixture
def absences(world, homeroom):  # noqa: F811
    """Holiday 13/10; on Monday 12/10 An is away all day (P), Bình in the morning (K)."""
    an, binh, _ = sorted(homeroom.pupils, key=lambda p: p.sort_key)
    with at(TODAY):
        school_days.add_holiday(
            world.admin, date(2026, 10, 13), date(2026, 10, 13), "Bão"
        )
        rc = roll_call.roll_call(world.teacher, homeroom.id, date(2026, 10, 12))
        marks = {
            an.id: ({"sang": "P", "chieu": "P"}, "Sốt"),
            binh.id: ({"sang": "K"}, ""),
        }
        roll_call.save_roll_call(world.teacher, rc, marks)
        db.session.commit()
    return homeroom


def cells(html: str, name: str) -> list[str]:
    """The cells of a pupil's row after its name, in page order."""
    row = html.split(f'<th scope="row">{name}</th>')[1].split("</tr>")[0]
    return [c.split("</td>")[0] for c in row.split("<td>")[1:]]


def test_the_teacher_reads_the_month_grid_of_the_homeroom_class(world, absences, login):
    with at(TODAY):
        client = login(world.teacher)
        listing = client.get("/attendance/").text
        roll = client.get(f"/attendance/{absences.id}/2026-10-14").text
        page = client.get(URL.format(absences.id))
    assert URL.format(absences.id) in listing and URL.format(absences.id) in roll
    assert page.status_code == 200
    text = page.text
    assert "<h1>Sổ điểm danh tháng 10/2026 – Lớp 3A</h1>" in text
    assert world.s1.name in text
    assert (
        text.index("Lê Thị An")
        < text.index("Trần Văn Bình")
        < text.index("Nguyễn Văn Cường")
    )
    day = f"/attendance/{absences.id}/2026-10-"
    assert f"{day}12" in text and f"{day}14" in text
    assert f"{day}13" not in text and f"{day}10" not in text  # holiday, Saturday
    # 21 school days: 12/10 is the 8th column; then P and K sessions
    an, binh, cuong = (
        cells(text, n) for n in ("Lê Thị An", "Trần Văn Bình", "Nguyễn Văn Cường")
    )
    assert len(an) == 21 + 2
    assert an[7] == "P" and binh[7] == "K/–" and cuong[7] == ""
    assert (
        an[-2:] == ["2", "0"] and binh[-2:] == ["0", "1"] and cuong[-2:] == ["0", "0"]
    )
    absent = cells(text, "Số HS vắng")
    assert absent[7] == "2" and absent[-2:] == ["2", "1"]
    # 3 pupils × 9 school days to 14/10 × 2 sessions = 54, 3 missed: 51/54
    assert "Tỷ lệ chuyên cần của lớp: 94,4% (tính đến ngày 14/10/2026)" in text
    assert "K/– nghỉ buổi sáng" in text  # the legend


def test_the_excel_has_the_same_cells(world, absences, login):
    with at(TODAY):
        client = login(world.leader)
        page = client.get(URL.format(absences.id)).text
        resp = client.get(URL.format(absences.id) + ".xlsx")
    assert resp.status_code == 200
    assert "so-diem-danh-lop-3A-2026-10.xlsx" in resp.headers["Content-Disposition"]
    ws = load_workbook(BytesIO(resp.data)).active
    assert ws["A1"].value == world.s1.name
    assert ws["A2"].value == "Sổ điểm danh tháng 10/2026 – Lớp 3A"
    assert (
        ws["A3"].value == "Tỷ lệ chuyên cần của lớp: 94,4% (tính đến ngày 14/10/2026)"
    )
    assert ws.freeze_panes == "C6"
    header = [c.value for c in ws[5]]
    assert header[:3] == ["STT", "Họ và tên", "01/10 T5"] and header[9] == "12/10 T2"
    assert "13/10 T3" not in header and header[-2:] == ["Có phép", "Không phép"]
    for n, name in enumerate(("Lê Thị An", "Trần Văn Bình", "Nguyễn Văn Cường"), 6):
        row = [c.value for c in ws[n]]
        assert row[:2] == [n - 5, name]
        assert [str(v) if v is not None else "" for v in row[2:]] == cells(page, name)
    footer = [c.value for c in ws[9]]
    assert footer[1] == "Số HS vắng" and [str(v) for v in footer[2:]] == cells(
        page, "Số HS vắng"
    )
    legend = [ws.cell(r, 1).value for r in range(11, ws.max_row + 1)]
    assert legend[0] == "P: nghỉ có phép; K: nghỉ không phép; ô trống: có mặt."


@pytest.mark.parametrize("suffix", ["", ".xlsx"])
def test_who_reads_the_grid(world, absences, login, suffix):
    url = URL.format(absences.id) + suffix
    with at(TODAY):
        status = {
            who: login(getattr(world, who)).get(url).status_code
            for who in (
                "teacher",
                "leader",
                "clerk",
                "district",
                "admin",
                "clerk2",
                "district2",
            )
        }
        teacher = login(world.teacher)
        other = teacher.get(URL.format(world.other_class.id) + suffix).status_code
        elsewhere = teacher.get(URL.format(world.s2_class.id) + suffix).status_code
        bad = [
            teacher.get(f"/attendance/{absences.id}/month/{m}{suffix}").status_code
            for m in ("2026-13", "2026-1", "26-10")
        ]
    assert status == {
        "teacher": 200,
        "leader": 200,
        "clerk": 200,
        "district": 200,
        "admin": 200,
        "clerk2": 404,
        "district2": 404,
    }
    assert (other, elsewhere, bad) == (403, 404, [404, 404, 404])


def test_an_officer_reads_the_grid_without_reasons(world, absences, login):
    with at(TODAY):
        page = login(world.district).get(URL.format(absences.id)).text
    assert "Lê Thị An" in page and "Sốt" not in page
    assert cells(page, "Lê Thị An")[7] == "P"


def test_a_45_pupil_month_weighs_under_12_kb_gzipped(world, login):
    with at(SETUP):
        calendar_rules.ensure_year(2026)
        staff = make_staff(world.s1)
        world.teacher.staff_id = staff.id
        cls = _class(world.s1, "4A", staff)
        pupils = [
            make_student(
                world.s1, cls, full_name=f"{FAMILIES[i % 9]} {MIDDLES[i % 7]} {given}"
            )
            for i, given in enumerate(GIVEN_NAMES)
        ]
        db.session.commit()
    with at(TODAY):
        for n, day in enumerate(
            date(2026, 10, d) for d in (1, 2, 5, 6, 7, 8, 9, 12, 13, 14)
        ):
            rc = roll_call.roll_call(world.teacher, cls.id, day)
            away = {p.id: ({"sang": "K", "chieu": "P"}, "") for p in pupils[n::7]}
            roll_call.save_roll_call(world.teacher, rc, away)
        db.session.commit()
        page = login(world.teacher).get(URL.format(cls.id))
    assert page.status_code == 200
    assert page.text.count('<th scope="row">') == 45 + 1
    assert "K/P" in page.text
    assert len(gzip.compress(page.data)) < 12 * 1024


def test_the_print_rule_turns_only_this_page_landscape():
    from pathlib import Path

    import smasweb

    css = (Path(smasweb.__file__).parent / "static/css/app.css").read_text("utf-8")
    assert "@page landscape{size:A4 landscape" in css
    assert "#page:has(.month-sheet){page:landscape}" in css
