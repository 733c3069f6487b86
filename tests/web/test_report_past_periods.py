"""A locked past period is official: its report lists the schools the district had
then and prints its lock's snapshot (page, PDF, Excel) whatever changes later; a
closed school year refuses saves unless the Department unlocked the school."""

import re
import subprocess
from datetime import date
from io import BytesIO
from types import SimpleNamespace

import pytest
from openpyxl import load_workbook
from sqlalchemy import func, select

from smasweb import clock
from smasweb.extensions import db
from smasweb.models import BudgetLine, ClassGroup, ReportPeriod, Unit
from smasweb.models.reports import ReportSnapshot
from smasweb.services import years as school_years
from smasweb.services.calendar import rules as calendar_rules
from smasweb.services.calendar import windows as calendar
from smasweb.services.reports import official
from smasweb.services.system import system_override
from tests.factories import make_student, make_unit, unlock_past_years

PAST = 2019
PUPILS = "37"  # Mã số of the pupils' total row
BUDGET = {"category": "01", "description": "Chi lương", "planned": "1.500.000",
          "executed": "", "note": ""}  # fmt: skip


def _pupils(school: Unit, n: int) -> None:
    """n pupils in a 2019-2020 class, entered as history (the year is closed now)."""
    with system_override("số liệu năm học 2019-2020 nhập trước khi khóa sổ"):
        cls = db.session.scalar(
            select(ClassGroup).filter_by(school_id=school.id, year=PAST)
        )
        if cls is None:
            cls = ClassGroup(school_id=school.id, year=PAST, grade="01", name="1A")
            db.session.add(cls)
            db.session.flush()
        for _ in range(n):
            make_student(school, cls)
        db.session.commit()


def _period() -> ReportPeriod:
    school_years.ensure_year(PAST)
    calendar_rules.ensure_year(PAST)
    return db.session.scalar(
        select(ReportPeriod).filter_by(year=PAST, kind="after_opening")
    )


@pytest.fixture
def past(world):
    """2019-2020's after-opening period, locked on its lock day. District d1 then
    had Long Phước (1 pupil) and a school closed since (2 pupils); a school opened
    later is not in it."""
    period = _period()
    closed = make_unit("school", world.d1, name="Trường Tiểu học Cũ")
    opened = make_unit(
        "school",
        world.d1,
        name="Trường Tiểu học Mới",
        since=date(2024, 8, 1),
    )
    db.session.commit()
    _pupils(world.s1, 1)
    _pupils(closed, 2)
    closed.closed_on = date(2023, 6, 30)
    calendar.lock(period, clock.start_of(period.locks_on))
    db.session.commit()
    return SimpleNamespace(period=period, closed=closed, opened=opened)


def schools_then(district: Unit, day: date, level: str) -> set[str]:
    """Recounted from the unit rows: schools under the district open on `day`."""
    units = db.session.scalars(select(Unit).filter_by(kind="school")).all()
    return {
        u.name
        for u in units
        if u.parent_id == district.id
        and (u.opened_on is None or u.opened_on <= day)
        and (u.closed_on is None or u.closed_on > day)
        and level in u.level_codes
    }


def _args(world, past) -> str:
    return f"unit={world.d1.id}&level=02&period={past.period.id}"


def test_the_past_district_report_lists_its_schools_then(world, login, past):
    official.freeze_at_lock(past.period)
    db.session.commit()
    then = schools_then(world.d1, past.period.data_date, "02")
    assert then == {"Trường Tiểu học Long Phước", "Trường Tiểu học Cũ"}
    page = login(world.district).get(f"/reports/?{_args(world, past)}").text
    assert "Bản nháp" not in page and "Số liệu chính thức" in page
    assert f"{len(then)} trường" in page
    assert all(name in page for name in then)
    assert "Trường Tiểu học Mới" not in page
    snapped = db.session.scalars(
        select(Unit.name)
        .join(ReportSnapshot, ReportSnapshot.unit_id == Unit.id)
        .where(ReportSnapshot.period_id == past.period.id, ReportSnapshot.level == "02")
    )
    assert set(snapped) == then | {"Trường Tiểu học Trà Côn"}  # d2's too
    today = login(world.district).get(f"/reports/?unit={world.d1.id}&level=02").text
    assert "Trường Tiểu học Mới" in today and "Trường Tiểu học Cũ" not in today


def _pdf_total(client, url: str, tmp_path) -> int:
    resp = client.post(url)
    assert resp.status_code == 303
    path = tmp_path / "report.pdf"
    path.write_bytes(client.get(resp.headers["Location"]).data)
    text = subprocess.run(
        ["pdftotext", "-raw", str(path), "-"], capture_output=True, check=True,
        text=True,
    ).stdout  # fmt: skip
    assert "BẢN NHÁP" not in text.upper()
    row = re.search(rf" người {PUPILS} (\d+)", text)
    assert row, text[text.find(" 37 ") - 300 : text.find(" 37 ") + 100]
    return int(row.group(1))


def _excel_total(client, url: str) -> int:
    wb = load_workbook(BytesIO(client.get(url).data))
    ws = wb.worksheets[2]  # III. Học sinh
    row = next(r for r in ws.iter_rows(values_only=True) if r[3] == PUPILS)
    return row[4]


def _page_total(client, url: str, official: bool = True) -> int:
    page = client.get(url).text
    assert ("Bản nháp" not in page) == official
    row = re.search(rf"<td[^>]*>{PUPILS}</td>\s*<td[^>]*>(\d+)</td>", page)
    assert row, page[page.find(">37<") - 300 : page.find(">37<") + 200]
    return int(row.group(1))


def test_page_pdf_and_excel_print_the_snapshot_after_live_rows_change(
    world, login, past, tmp_path
):
    official.freeze_at_lock(past.period)
    db.session.commit()
    _pupils(world.s1, 4)  # four pupils entered after the lock (history re-entered)
    client = login(world.district)
    args = _args(world, past)
    official_total = 1 + 2  # the pupils the two schools had at the lock
    assert _page_total(client, f"/reports/?{args}") == official_total
    assert _excel_total(client, f"/reports/after_opening.xlsx?{args}") == 3
    assert _pdf_total(client, f"/reports/after_opening.pdf?{args}", tmp_path) == 3
    # the live numbers did change: a period without its lock prints them
    past.period.locked_at = None
    db.session.commit()
    assert _page_total(client, f"/reports/?{args}", official=False) == 3 + 4


def test_a_locked_period_without_snapshots_gets_them_from_the_cli(
    world, login, past, app
):
    client = login(world.district)
    page = client.get(f"/reports/?{_args(world, past)}").text
    assert "Bản nháp — kỳ đã khóa, số liệu đang được chốt" in page
    runner = app.test_cli_runner()
    out = runner.invoke(args=["smas", "snapshots", "--period", str(past.period.id)])
    taken = db.session.scalar(
        select(func.count()).where(ReportSnapshot.period_id == past.period.id)
    )
    assert out.exit_code == 0 and f"đã chốt {taken} bản" in out.output
    assert taken == sum(  # one per school open then and level, recounted
        len(u.level_codes)
        for u in db.session.scalars(select(Unit).filter_by(kind="school"))
        if u.opened_on <= past.period.data_date
        and (u.closed_on is None or u.closed_on > past.period.data_date)
    )
    page = client.get(f"/reports/?{_args(world, past)}").text
    assert "Số liệu chính thức" in page and "Bản nháp" not in page
    again = runner.invoke(args=["smas", "snapshots", "--missing"])
    assert again.exit_code == 0 and "Không có kỳ đã khóa nào thiếu" in again.output
    assert db.session.scalar(select(func.count()).select_from(ReportSnapshot)) == taken


def _lines(year: int) -> int:
    return db.session.scalar(
        select(func.count()).select_from(BudgetLine).filter_by(year=year)
    )


def test_a_save_into_a_closed_school_year_is_refused_unless_unlocked(world, login):
    _period()
    db.session.commit()
    client = login(world.leader)
    resp = client.post(f"/finance/lines/new?year={PAST}", data=BUDGET)
    assert resp.status_code == 423
    assert "Năm học 2019-2020 đã khóa sổ" in resp.text and _lines(PAST) == 0
    now = school_years.current_year()
    assert client.post(f"/finance/lines/new?year={now}", data=BUDGET).status_code == 303
    unlock_past_years(world.admin, world.s1, "budget")
    resp = client.post(f"/finance/lines/new?year={PAST}", data=BUDGET)
    assert resp.status_code == 303 and _lines(PAST) == 1 and _lines(now) == 1


def test_a_closed_year_refuses_a_pupils_class_move_too(world, login):
    """A class of 2019-2020 cannot be renamed (the ORM path) without an unlock."""
    _period()
    db.session.commit()
    _pupils(world.s1, 1)
    cls = db.session.scalar(select(ClassGroup).filter_by(school_id=world.s1.id))
    resp = login(world.clerk).post(
        f"/schools/classes/{cls.id}/edit",
        data={"grade": "01", "name": "1B", "version": cls.version},
    )
    assert resp.status_code == 423 and "Năm học 2019-2020 đã khóa sổ" in resp.text
    db.session.expire_all()
    assert db.session.get(ClassGroup, cls.id).name == "1A"
