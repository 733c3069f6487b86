"""/promotion/: the plan of last year's decisions per class, then "Thực hiện" writes
it (303), refusals on the page (422 missing classes, 409 twice), 423 outside the
window, teachers 403, another school 404, and a bounded number of queries."""

from datetime import date

import pytest
from sqlalchemy import func, select

from smasweb.extensions import db
from smasweb.models.students import Enrollment, Movement
from tests.services.promotion_data import klass, last_year, pupil

PAGE = "/promotion/"


@pytest.fixture
def year_end(world):
    """world.s1 (primary): last year's 1A (promoted, repeater, no result) and 5A
    (completes primary school); this year's 1A and 2A."""
    y = last_year()
    c1, c5 = klass(world.s1, y, "01", "1A"), klass(world.s1, y, "05", "5A")
    pupil(c1, learning="HTT", full_name="Lê Văn An")
    pupil(c1, learning="CHT", full_name="Trần Thị Bé")
    pupil(c1, full_name="Ngô Văn Chờ")
    pupil(c5, learning="HT", full_name="Phạm Thị Dung")
    db.session.commit()
    return world, y, c1


def _next_classes(school, y):
    klass(school, y + 1, "01", "1A"), klass(school, y + 1, "02", "2A")
    db.session.commit()


def _count(model) -> int:
    return db.session.scalar(select(func.count(model.id)))


def test_plan_counts_per_class_and_runs(client, login, year_end):
    world, y, _ = year_end
    _next_classes(world.s1, y)
    login(world.clerk)
    resp = client.get(PAGE)
    assert resp.status_code == 200
    page = resp.get_data(as_text=True)
    assert f"Xếp lớp năm học {y + 1}-{y + 2}" in page
    row = page.split('id="promotion-plan"')[1].split("</tbody>")[0]
    assert ">1A</th><td>2A</td>" in row
    assert ">5A</th><td>Ra trường</td>" in row
    assert "Ngô Văn Chờ (1A)" in page  # no decision: listed, not moved
    assert "Thực hiện (3 học sinh)" in page
    assert _count(Enrollment) == 4  # nothing written by the dry run

    resp = client.post(PAGE, query_string={"year": y})
    assert resp.status_code == 303
    assert f"year={y}" in resp.headers["Location"]
    assert _count(Enrollment) == 6 and _count(Movement) == 2
    page = client.get(resp.headers["Location"]).get_data(as_text=True)
    assert "1 lên lớp, 1 ở lại lớp, 1 ra trường" in page


def test_running_twice_is_refused_with_409_and_writes_nothing(client, login, year_end):
    world, y, _ = year_end
    _next_classes(world.s1, y)
    login(world.leader)
    assert client.post(PAGE).status_code == 303
    resp = client.post(PAGE)
    assert resp.status_code == 409
    assert "Đã xếp lớp năm học" in resp.get_data(as_text=True)
    assert _count(Enrollment) == 6 and _count(Movement) == 2


def test_missing_next_year_classes_offer_the_roll_over(client, login, year_end):
    world, y, _ = year_end
    login(world.clerk)
    page = client.get(PAGE).get_data(as_text=True)
    assert f"Năm học {y + 1}-{y + 2} chưa có" in page
    assert f"/schools/classes/rollover?school={world.s1.id}&amp;year={y}" in page
    resp = client.post(PAGE)
    assert resp.status_code == 422
    assert "chưa có lớp 2A, một lớp thuộc khối 1" in resp.get_data(as_text=True)
    assert _count(Enrollment) == 4 and _count(Movement) == 0


@pytest.mark.real_calendar
def test_closed_window_answers_423_and_writes_nothing(app, client, login, year_end):
    world, y, _ = year_end
    _next_classes(world.s1, y)
    login(world.clerk)
    app.config["TODAY"] = date(y + 1, 10, 20)
    try:
        resp = client.post(PAGE)
    finally:
        app.config["TODAY"] = None
    assert resp.status_code == 423
    assert _count(Enrollment) == 4 and _count(Movement) == 0


def test_teacher_gets_403(client, login, year_end):
    world, _, _ = year_end
    login(world.teacher)
    assert client.get(PAGE).status_code == 403
    assert client.post(PAGE).status_code == 403


def test_other_school_is_404(client, login, year_end):
    world, _, _ = year_end
    login(world.clerk2)
    assert client.get(PAGE, query_string={"school": world.s1.id}).status_code == 404
    assert client.post(PAGE, query_string={"school": world.s1.id}).status_code == 404


def test_district_reads_the_plan_without_the_button(client, login, year_end):
    world, _, _ = year_end
    login(world.district)
    resp = client.get(PAGE, query_string={"school": world.s1.id})
    assert resp.status_code == 200
    assert 'id="promotion-run"' not in resp.get_data(as_text=True)


def test_page_queries_do_not_grow_with_pupils(client, login, count_queries, year_end):
    world, y, c1 = year_end
    _next_classes(world.s1, y)
    login(world.clerk)
    client.get(PAGE)  # warm caches
    few = count_queries(lambda: client.get(PAGE))
    for n in range(20):
        pupil(c1, learning="HT" if n % 2 else "CHT")
    db.session.commit()
    many = count_queries(lambda: client.get(PAGE))
    assert many == few
    assert few <= 12, few


def test_students_list_links_the_page_for_the_school(client, login, year_end):
    world, _, _ = year_end
    login(world.clerk)
    assert 'href="/promotion/"' in client.get("/students/").get_data(as_text=True)
