"""Preschool health checks (cân đo): the class sheet without JavaScript, its errors
per cell, the calendar, who sees which child, and the child's growth chart."""

from datetime import date, datetime

import pytest
import time_machine
from sqlalchemy import func, select

from smasweb import clock
from smasweb.extensions import db
from smasweb.models import AuditEntry, ClassGroup
from smasweb.models.health import HealthCheck
from smasweb.models.students import Movement
from smasweb.services import years as school_years
from smasweb.services.health.summary import by_row, nutrition_counts
from smasweb.services.system import system_override
from tests.conftest import HX
from tests.factories import make_student, make_unit, make_user

DAY = "15/09/2026"


@pytest.fixture
def mn(world):
    """A preschool with a clerk and a class of three children (two boys, one girl)."""
    with system_override("test fixture"):
        return _preschool(world)


def _preschool(world):
    school = make_unit(
        "school", world.d1, name="Trường Mầm non Hoa Sen", level_group="01"
    )
    clerk = make_user("school_clerk", school)
    year = school_years.current_year()
    school_years.ensure_year(year)
    cls = ClassGroup(
        school_id=school.id, year=year, grade="17", name="Chồi 1", age_group="05"
    )
    db.session.add(cls)
    db.session.flush()
    kids = [
        make_student(school, cls, full_name="Lê Văn An", birth_date=date(2022, 9, 15)),
        make_student(
            school,
            cls,
            full_name="Trần Thị Bình",
            gender="02",
            birth_date=date(2023, 9, 15),
        ),
        make_student(
            school, cls, full_name="Võ Văn Cường", birth_date=date(2022, 9, 15)
        ),
    ]
    db.session.commit()
    return school, clerk, cls, kids


def checks() -> int:
    return db.session.scalar(select(func.count()).select_from(HealthCheck))


def url(cls) -> str:
    return f"/health/classes/{cls.id}?date={DAY}"


def test_clerk_fills_a_class_sheet_without_javascript(mn, login):
    school, clerk, cls, (an, binh, cuong) = mn
    client = login(clerk)
    page = client.get(url(cls)).text
    assert 'inputmode="decimal"' in page and f'name="w-{an.id}"' in page
    assert "Lê Văn An" in page and ">48<" in page  # 48 months old on 15/09/2026
    data = {
        "kind": "01",
        f"w-{an.id}": "16,2",  # 48 months, 102 cm: normal
        f"h-{an.id}": "102",
        f"w-{binh.id}": "9,0",  # a girl of 36 months: nhẹ cân
        f"h-{binh.id}": "86,5",
        # Cường absent: both cells blank
    }
    resp = client.post(url(cls), data=data)
    assert resp.status_code == 303
    shown = client.get(resp.location).text
    assert "Đã lưu kết quả cân đo của 2 trẻ." in shown
    assert "Bình thường" in shown and "Nhẹ cân" in shown and "Thấp còi" in shown
    rows = {c.student_id: c for c in db.session.scalars(select(HealthCheck))}
    assert set(rows) == {an.id, binh.id}
    assert str(rows[an.id].weight_kg) == "16.20" and rows[an.id].age_months == 48
    assert rows[binh.id].waz < -2 and rows[binh.id].checked_on == date(2026, 9, 15)
    audited = db.session.scalar(
        select(func.count()).where(AuditEntry.table_name == "health_checks")
    )
    assert audited == 2


def test_one_bad_cell_saves_nothing_and_says_why_next_to_the_cell(mn, login):
    _, clerk, cls, (an, binh, cuong) = mn
    data = {
        "kind": "01",
        f"w-{an.id}": "16,2",
        f"h-{an.id}": "102",
        f"w-{binh.id}": "abc",
        f"h-{binh.id}": "86,5",
        f"w-{cuong.id}": "15",  # height missing
    }
    resp = login(clerk).post(url(cls), data=data)
    assert resp.status_code == 422
    assert f'id="w-{binh.id}-error"' in resp.text
    assert "Không phải số, hãy nhập ví dụ 12,5 (kg)." in resp.text
    assert f'id="h-{cuong.id}-error"' in resp.text
    assert "Hãy nhập cả cân nặng và chiều cao." in resp.text
    assert 'value="16,2"' in resp.text  # what was typed stays
    assert "Chưa có kết quả nào được lưu." in resp.text
    assert checks() == 0


def test_bad_sheet_via_htmx_returns_the_form_fragment(mn, login):
    _, clerk, cls, (an, *_) = mn
    resp = login(clerk).post(
        url(cls),
        data={"kind": "01", f"w-{an.id}": "500", f"h-{an.id}": "100"},
        headers=HX,
    )
    assert resp.status_code == 422
    assert resp.text.lstrip().startswith('<form id="sheet-form"')
    assert "Phải từ 1,5 đến 45 kg." in resp.text


def test_saving_again_the_same_day_updates_the_rows(mn, login):
    _, clerk, cls, (an, *_) = mn
    client = login(clerk)
    client.post(url(cls), data={"kind": "01", f"w-{an.id}": "16", f"h-{an.id}": "100"})
    client.post(
        url(cls), data={"kind": "01", f"w-{an.id}": "16,5", f"h-{an.id}": "101"}
    )
    check = db.session.scalars(select(HealthCheck)).one()
    assert (str(check.weight_kg), check.version) == ("16.50", 2)


@pytest.mark.real_calendar
def test_a_closed_health_window_is_423_and_nothing_is_saved(mn, login):
    _, clerk, cls, (an, *_) = mn
    closed = datetime(2026, 9, 20, 10, 0, tzinfo=clock.VN_TZ)  # after 6/9, before 15/10
    with time_machine.travel(closed, tick=False):
        client = login(clerk)
        page = client.get(url(cls)).text
        assert 'id="window-closed"' in page
        resp = client.post(
            url(cls), data={"kind": "01", f"w-{an.id}": "16", f"h-{an.id}": "100"}
        )
    assert resp.status_code == 423
    assert checks() == 0


def test_another_schools_child_and_class_are_404(mn, world, login):
    _, _, cls, (an, *_) = mn
    client = login(world.clerk2)
    assert client.get(url(cls)).status_code == 404
    assert client.post(url(cls), data={"kind": "01"}).status_code == 404
    assert client.get(f"/health/children/{an.id}").status_code == 404


def test_the_child_page_has_the_growth_chart(mn, login):
    _, clerk, cls, (an, *_) = mn
    client = login(clerk)
    client.post(
        url(cls), data={"kind": "01", f"w-{an.id}": "16,2", f"h-{an.id}": "102"}
    )
    page = client.get(f"/health/children/{an.id}").text
    svg = page[page.index("<svg") : page.index("</svg>") + 6]
    assert 'id="growth-chart"' in svg and svg.count("<polyline") == 3
    assert svg.count("<circle") == 1 and "15/09/2026: 16,20 kg, 48 tháng" in svg
    assert len(svg.encode()) < 8000


def test_officers_read_the_counts_but_not_each_childs_measurements(mn, world, login):
    school, clerk, cls, (an, binh, _) = mn
    data = {"kind": "01", f"w-{an.id}": "16,2", f"h-{an.id}": "102"}
    data |= {f"w-{binh.id}": "9", f"h-{binh.id}": "86,5"}
    login(clerk).post(url(cls), data=data)
    client = login(world.district)
    listing = client.get("/health/").text
    assert "Trường Mầm non Hoa Sen" in listing and "Tiểu học Long Phước" not in listing
    page = client.get(f"/health/?school={school.id}&date={DAY}").text
    assert "Chồi 1" in page and f"/health/classes/{cls.id}" not in page
    counts = page.split('id="nutrition-counts"')[1].split("</table>")[0]
    assert "<td>112</td>" in counts and "<td>2</td><td>1</td><td>1</td>" in counts
    assert client.get(url(cls)).status_code == 403
    assert client.get(f"/health/children/{an.id}").status_code == 403


def test_nutrition_counts_as_of_a_date(mn, login):
    school, clerk, cls, (an, binh, cuong) = mn
    client = login(clerk)
    client.post(
        url(cls),
        data={
            "kind": "01",
            f"w-{an.id}": "16,2",
            f"h-{an.id}": "102",
            f"w-{binh.id}": "9",
            f"h-{binh.id}": "86,5",
        },
    )
    counts = nutrition_counts([school.id], date(2026, 9, 15))
    rows = by_row(counts)
    assert rows[112] == {"01": 1, "02": 1, "all": 2}
    assert rows[113] == {"01": 0, "02": 1, "all": 1}
    assert rows[107]["all"] == 0
    assert (
        nutrition_counts([school.id], date(2026, 9, 14))["mau_giao"]["checked"]["all"]
        == 0
    )
    with system_override("test fixture"):  # Bình drops out on 01/10
        left = date(2026, 10, 1)
        binh.active, binh.status, binh.status_on = False, "03", left
        db.session.add(
            Movement(
                school_id=school.id,
                student_id=binh.id,
                year=2026,
                kind="dropout",
                on_date=left,
                term="1",
            )
        )
        db.session.commit()
    assert by_row(nutrition_counts([school.id], date(2026, 9, 30)))[113]["02"] == 1
    assert by_row(nutrition_counts([school.id], date(2026, 10, 1)))[112]["all"] == 1


def test_a_class_of_35_is_saved_in_one_post_with_few_queries(mn, login, count_queries):
    import time

    school, clerk, cls, kids = mn
    with system_override("test fixture"):
        kids += [
            make_student(school, cls, birth_date=date(2021, 10 + i % 3, 1 + i % 28))
            for i in range(32)
        ]
        db.session.commit()
    data = {"kind": "01"}
    for i, kid in enumerate(kids):
        data[f"w-{kid.id}"] = f"{15 + i % 7},{i % 10}"
        data[f"h-{kid.id}"] = f"{98 + i % 9},5"
    client = login(clerk)
    started = time.perf_counter()
    statements = count_queries(lambda: client.post(url(cls), data=data))
    elapsed = time.perf_counter() - started
    assert checks() == 35
    print(f"35 rows: {elapsed * 1000:.0f} ms, {statements} statements")
    assert statements < 80 and elapsed < 3


def test_implausible_measures_and_a_future_day_are_refused(mn, login):
    _, clerk, cls, (an, binh, _) = mn
    client = login(clerk)
    typo = {"kind": "01", f"w-{an.id}": "61,5", f"h-{an.id}": "102"}  # 6,15 kg meant
    typo |= {f"w-{binh.id}": "14", f"h-{binh.id}": "55"}  # 95 cm meant
    resp = client.post(url(cls), data=typo)
    assert resp.status_code == 422
    assert (
        f'id="w-{an.id}-error"' in resp.text and f'id="h-{binh.id}-error"' in resp.text
    )
    assert "Số đo khác thường so với tuổi" in resp.text
    future = f"/health/classes/{cls.id}?date=01/01/2100"
    resp = client.post(
        future, data={"kind": "02", f"w-{an.id}": "16", f"h-{an.id}": "102"}
    )
    assert (
        resp.status_code == 422 and "Ngày cân đo không được sau hôm nay." in resp.text
    )
    early = f"/health/classes/{cls.id}?date=01/01/2023"  # before Bình was born
    resp = client.post(
        early, data={"kind": "03", f"w-{binh.id}": "3", f"h-{binh.id}": "50"}
    )
    assert (
        resp.status_code == 422 and "Ngày cân đo trước ngày sinh của trẻ." in resp.text
    )
    assert checks() == 0


def test_the_class_teacher_enters_the_checks_and_sees_the_entry_link(mn, login):
    school, _, cls, (an, *_) = mn
    teacher = make_user("teacher", school)
    db.session.commit()
    client = login(teacher)
    assert "/health/" in client.get("/").text  # nav and the field of the home page
    data = {"kind": "01", f"w-{an.id}": "16,2", f"h-{an.id}": "102"}
    assert client.post(url(cls), data=data).status_code == 303
    assert checks() == 1


def test_only_each_childs_latest_check_up_to_the_day_counts(mn, login):
    school, clerk, cls, (_, binh, _) = mn
    client = login(clerk)
    first = {"kind": "01", f"w-{binh.id}": "9", f"h-{binh.id}": "86,5"}
    client.post(url(cls), data=first)  # 15/09: nhẹ cân
    later = {"kind": "02", f"w-{binh.id}": "12", f"h-{binh.id}": "88"}
    client.post(f"/health/classes/{cls.id}?date=15/10/2026", data=later)
    assert checks() == 2

    before = by_row(nutrition_counts([school.id], date(2026, 10, 14)))
    assert (before[112]["all"], before[113]["all"]) == (1, 1)
    after = by_row(nutrition_counts([school.id], date(2026, 10, 15)))
    assert (after[112]["all"], after[113]["all"]) == (1, 0)  # counted once
