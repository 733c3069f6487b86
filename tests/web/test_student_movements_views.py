"""Movements and transfers through the web layer: dropout and return change the
derived status and the active list, transfer out then transfer in links both records,
and the movements window decides (423)."""

from datetime import date, timedelta

import pytest

from smasweb import clock
from smasweb.extensions import db
from smasweb.models import Movement, Student
from smasweb.services.system import system_override
from tests.conftest import HX
from tests.factories import make_student
from tests.web.test_students_views import make_class


def _yesterday() -> str:
    return (clock.today() - timedelta(days=1)).strftime("%d/%m/%Y")


def test_dropout_then_return(world, login):
    cls = make_class(world.s1)
    student = make_student(world.s1, cls, full_name="Bỏ Học")
    db.session.commit()
    client = login(world.clerk)
    url = f"/students/{student.id}/movements/new"
    assert client.get(url).status_code == 200
    missing = client.post(url, data={"kind": "dropout", "on_date": _yesterday()})
    assert missing.status_code == 422 and "Bắt buộc" in missing.text
    data = {"kind": "dropout", "on_date": _yesterday(), "reason": "01"}
    assert client.post(url, data=data).status_code == 303
    student = db.session.get(Student, student.id)
    assert not student.active and student.status in ("05", "09", "12")
    assert "Thôi học" in client.get(f"/students/{student.id}").text
    assert "Bỏ Học" not in client.get("/students/").text
    back = client.post(url, data={"kind": "return", "on_date": _yesterday()})
    assert back.status_code == 303
    student = db.session.get(Student, student.id)
    assert student.active and "Bỏ Học" in client.get("/students/").text


def test_movement_rules(world, login):
    cls = make_class(world.s1)
    other = make_class(world.s1, "1B")
    student = make_student(world.s1, cls)
    db.session.commit()
    client = login(world.clerk)
    url = f"/students/{student.id}/movements/new"
    future = (clock.today() + timedelta(days=3)).strftime("%d/%m/%Y")
    resp = client.post(url, data={"kind": "class_change", "on_date": future})
    assert resp.status_code == 422 and "tương lai" in resp.text
    resp = client.post(url, data={"kind": "return", "on_date": _yesterday()})
    assert resp.status_code == 422
    data = {"kind": "class_change", "on_date": _yesterday(), "class_id": str(other.id)}
    resp = client.post(url, data=data, headers=HX)
    assert resp.status_code == 200
    assert "1B" in client.get(f"/students/{student.id}").text
    assert db.session.get(Student, student.id).status == "01"
    early = (clock.today() - timedelta(days=30)).strftime("%d/%m/%Y")
    resp = client.post(url, data={**data, "on_date": early})
    assert resp.status_code == 422 and "biến động gần nhất" in resp.text


def test_transfer_out_then_in_links_the_records(world, login):
    cls1 = make_class(world.s1)
    cls2 = make_class(world.s2, "2A", "02")
    student = make_student(world.s1, cls1, full_name="Nguyễn Thị Chuyển")
    db.session.commit()
    out = {
        "kind": "transfer_out",
        "on_date": _yesterday(),
        "other_school_code": world.s2.code,
    }
    resp = login(world.clerk).post(f"/students/{student.id}/movements/new", data=out)
    assert resp.status_code == 303
    old = db.session.get(Student, student.id)
    assert not old.active and old.status in ("04", "08", "11")
    assert world.s2.name in login(world.admin).get(f"/students/{student.id}").text
    assert world.s2.name not in login(world.clerk).get(f"/students/{student.id}").text
    client = login(world.clerk2)
    search = client.get("/students/transfer-in?name=nguyen thi chuyen&birth=04/03/2018")
    assert "Nguyễn Thị Chuyển" in search.text and world.s1.name in search.text
    form = {
        "source_id": str(student.id),
        "class_id": str(cls2.id),
        "on_date": _yesterday(),
    }
    resp = client.post("/students/transfer-in", data=form)
    assert resp.status_code == 303
    new = db.session.query(Student).filter_by(school_id=world.s2.id).one()
    assert new.previous_id == student.id and new.active
    assert new.full_name == "Nguyễn Thị Chuyển" and new.status in ("02", "06", "10")
    page = client.get(f"/students/{new.id}").text
    assert "Chuyển từ: trường khác" in page  # the clerk of s2 may not read s1
    again = client.get("/students/transfer-in?name=nguyen thi chuyen&birth=04/03/2018")
    assert "Không tìm thấy hồ sơ" in again.text


def test_transfer_in_of_an_active_record_closes_it(world, login):
    make_class(world.s1)
    cls2 = make_class(world.s2, "2A", "02")
    student = make_student(
        world.s1, personal_id="086218001234", full_name="Còn Học", perm_address="Ấp 3"
    )
    db.session.commit()
    client = login(world.clerk2)
    found = client.get("/students/transfer-in?code=086218001234").text
    assert "Còn Học" in found and "Ấp 3" not in found  # no personal data
    form = {
        "source_id": str(student.id),
        "class_id": str(cls2.id),
        "on_date": _yesterday(),
    }
    assert client.post("/students/transfer-in", data=form).status_code == 303
    old = db.session.get(Student, student.id)
    assert not old.active and old.status in ("04", "08", "11")
    new = db.session.query(Student).filter_by(school_id=world.s2.id).one()
    assert new.personal_id == "086218001234" and new.active
    kinds = {m.kind for m in db.session.query(Movement)}
    assert kinds == {"transfer_out", "transfer_in"}


def test_transfer_in_from_outside_the_province(world, login):
    cls2 = make_class(world.s2, "2A", "02")
    db.session.commit()
    form = {
        "class_id": str(cls2.id),
        "on_date": _yesterday(),
        "full_name": "Từ Cần Thơ",
        "birth_date": "01/02/2017",
        "gender": "01",
        "other_place": "TP Cần Thơ",
    }
    resp = login(world.clerk2).post("/students/transfer-in", data=form)
    assert resp.status_code == 303
    new = db.session.query(Student).one()
    move = db.session.query(Movement).one()
    assert move.kind == "transfer_in" and move.other_place == "TP Cần Thơ"
    assert new.previous_id is None and new.active


@pytest.mark.real_calendar
@pytest.mark.parametrize(
    ("today", "code"), [(date(2026, 10, 15), 303), (date(2026, 10, 16), 423)]
)
def test_movement_follows_the_movements_window(app, world, login, today, code):
    with system_override("test setup"):
        cls = make_class(world.s1, year=2026)
        student = make_student(world.s1, cls)
        db.session.commit()
    app.config["TODAY"] = today
    try:
        data = {"kind": "dropout", "on_date": "01/10/2026", "reason": "03"}
        resp = login(world.clerk).post(
            f"/students/{student.id}/movements/new", data=data
        )
    finally:
        app.config["TODAY"] = None
    assert resp.status_code == code
