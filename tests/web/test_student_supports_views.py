"""The pupil form's supports: ticks with "Từ ngày", unticks, a bad date next to its
field, 423 with nothing written when the window is shut, the detail page's history."""

import re
from datetime import date

import pytest
from sqlalchemy import func, select

from smasweb import clock
from smasweb.extensions import db
from smasweb.models import Student, SupportGrant
from smasweb.services import years as school_years
from smasweb.services.system import system_override
from tests.factories import make_student

FORM = {"full_name": "Lê Thị Hoa", "gender": "02", "birth_date": "04/03/2018"}


@pytest.fixture(autouse=True)
def y(app):
    """The school year, with "today" pinned to its 1 December."""
    year = school_years.period_year(clock.today())
    app.config["TODAY"] = date(year, 12, 1)
    yield year
    app.config["TODAY"] = None


def spans(student_id: int) -> list[tuple]:
    stmt = (
        select(SupportGrant.code, SupportGrant.starts_on, SupportGrant.ends_on)
        .where(SupportGrant.student_id == student_id)
        .order_by(SupportGrant.code, SupportGrant.starts_on)
    )
    return [tuple(r) for r in db.session.execute(stmt)]


def ticked(html: str) -> set[str]:
    """The values of the checked "supports" boxes of a page."""
    boxes = re.findall(r"<input [^>]*>", html)
    return {
        re.search(r'value="([^"]*)"', b).group(1)
        for b in boxes
        if 'name="supports"' in b and re.search(r"\bchecked\b", b)
    }


def post(client, student_id: int, codes, day: str):
    version = db.session.get(Student, student_id).version
    data = {**FORM, "version": str(version), "supports": codes, "supports_from": day}
    return client.post(f"/students/{student_id}/edit", data=data)


def test_tick_with_a_day_then_untick_and_the_detail_lists_the_history(world, login, y):
    pupil = make_student(world.s1)
    db.session.commit()
    client = login(world.clerk)
    form = client.get(f"/students/{pupil.id}/edit").text
    assert "Từ ngày" in form and f'value="01/12/{y}"' in form  # default: today
    assert post(client, pupil.id, ["01", "03"], f"05/09/{y}").status_code == 303
    assert spans(pupil.id) == [("01", date(y, 9, 5), None), ("03", date(y, 9, 5), None)]
    assert post(client, pupil.id, ["03"], f"02/11/{y}").status_code == 303
    assert spans(pupil.id) == [
        ("01", date(y, 9, 5), date(y, 11, 1)),
        ("03", date(y, 9, 5), None),
    ]
    edit = client.get(f"/students/{pupil.id}/edit").text
    assert ticked(edit) == {"03"}
    page = client.get(f"/students/{pupil.id}").text
    history = page[page.index('id="ho-tro"') :]
    assert "Miễn học phí" in history
    assert f"05/09/{y}" in history and f"01/11/{y}" in history
    assert "Hỗ trợ chi phí học tập" in history


@pytest.mark.parametrize(
    ("day", "message"),
    [
        ("31/02/2026", "dd/mm/yyyy"),
        ("02/12/{y}", "không được sau hôm nay"),
        ("01/01/2010", "không được trước ngày sinh"),
    ],
)
def test_a_bad_day_is_a_422_next_to_the_field(world, login, y, day, message):
    pupil = make_student(world.s1)
    db.session.commit()
    resp = post(login(world.clerk), pupil.id, ["03"], day.format(y=y))
    assert resp.status_code == 422
    field = resp.text[resp.text.index('id="supports_from-error"') :]
    assert message in field[: field.index("</")]
    assert spans(pupil.id) == []


def test_outsiders_see_no_support_history(world, login, y):
    pupil = make_student(world.s1, supports="03", supports_from=date(y, 9, 5))
    db.session.commit()
    page = login(world.district).get(f"/students/{pupil.id}").text
    history = page[page.index('id="ho-tro"') :]
    assert f"05/09/{y}" not in history and "chỉ trường của học sinh xem được" in history


@pytest.mark.real_calendar
def test_a_shut_window_is_423_and_writes_no_grant(app, world, login):
    with system_override("test setup"):
        pupil = make_student(world.s1)
        db.session.commit()
    app.config["TODAY"] = date(2026, 9, 10)  # the pupils' entry window is shut
    resp = post(login(world.clerk), pupil.id, ["03"], "10/09/2026")
    assert resp.status_code == 423
    assert db.session.scalar(select(func.count()).select_from(SupportGrant)) == 0
