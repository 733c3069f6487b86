"""The school's accreditation page and form (no JS: 303 after a save, 422 with the
error next to the field), the profile window's 423, and the offices' due list with
its Excel download."""

from datetime import datetime, timedelta
from io import BytesIO

import pytest
import time_machine
from openpyxl import load_workbook

from smasweb import clock
from smasweb.extensions import db
from smasweb.models.accreditation import Accreditation
from smasweb.services.system import system_override

FORM = {
    "kind": "kiem_dinh",
    "level": "2",
    "decision_number": "45/QĐ-SGDĐT",
    "decided_on": "10/03/2022",
    "issued_by": "Sở Giáo dục và Đào tạo Vĩnh Long",
    "expires_on": "",
}


def test_the_clerk_adds_a_decision_and_sees_it_listed(world, login):
    clerk = login(world.clerk)
    page = f"/schools/{world.s1.id}/accreditation"
    resp = clerk.post(f"{page}/new", data=FORM)
    assert resp.status_code == 303 and resp.headers["Location"].endswith(page)
    record = db.session.query(Accreditation).one()
    assert record.expires_on.isoformat() == "2027-03-10"  # five years by default
    listed = clerk.get(page).text
    assert "45/QĐ-SGDĐT" in listed and "10/03/2027" in listed
    assert "Kiểm định chất lượng giáo dục" in listed and "Cấp độ 2" in listed
    assert (
        "Kiểm định chất lượng, chuẩn quốc gia"
        in clerk.get(f"/schools/{world.s1.id}").text
    )
    edit = f"/schools/accreditation/{record.id}/edit"
    changed = clerk.post(edit, data=FORM | {"level": "3", "version": "1"})
    assert changed.status_code == 303
    db.session.refresh(record)
    assert record.level == 3
    assert clerk.post(f"/schools/accreditation/{record.id}/delete").status_code == 303
    assert db.session.query(Accreditation).count() == 0


def test_errors_come_back_next_to_their_fields_with_422(world, login):
    clerk = login(world.clerk)
    tomorrow = (clock.today() + timedelta(days=1)).strftime("%d/%m/%Y")
    url = f"/schools/{world.s1.id}/accreditation/new"
    resp = clerk.post(url, data=FORM | {"decision_number": ""})
    assert resp.status_code == 422
    assert 'id="decision_number-error" class="error">Bắt buộc nhập.' in resp.text
    resp = clerk.post(url, data=FORM | {"decided_on": tomorrow})
    assert resp.status_code == 422
    assert "Ngày quyết định không được sau ngày hôm nay." in resp.text
    resp = clerk.post(url, data=FORM | {"expires_on": "01/01/2022"})
    assert resp.status_code == 422
    assert (
        'id="expires_on-error" class="error">Ngày hết hiệu lực phải sau ngày quyết '
        "định." in resp.text
    )
    resp = clerk.post(url, data=FORM | {"kind": "chuan_qg", "level": "4"})
    assert resp.status_code == 422 and "mức độ 1, mức độ 2" in resp.text
    assert db.session.query(Accreditation).count() == 0


def test_officers_read_but_do_not_write(world, login):
    url = f"/schools/{world.s1.id}/accreditation"
    assert login(world.district).get(url).status_code == 200
    assert login(world.district).post(f"{url}/new", data=FORM).status_code == 403
    assert login(world.leader2).get(url).status_code == 404
    assert login(world.district2).get(url).status_code == 404


@pytest.mark.real_calendar
def test_outside_the_profile_window_a_save_is_refused_with_423(world, login):
    url = f"/schools/{world.s1.id}/accreditation/new"
    closed = datetime(2026, 10, 14, 9, tzinfo=clock.VN_TZ)  # window 01–06/09
    with time_machine.travel(closed, tick=False):
        resp = login(world.clerk).post(url, data=FORM)
    assert resp.status_code == 423
    assert "Hồ sơ trường" in resp.text
    assert db.session.query(Accreditation).count() == 0
    opened = datetime(2026, 9, 3, 9, tzinfo=clock.VN_TZ)
    with time_machine.travel(opened, tick=False):
        assert login(world.clerk).post(url, data=FORM).status_code == 303


def _due(school, days: int) -> None:
    today = clock.today()
    with system_override("kiểm thử"):
        db.session.add(
            Accreditation(
                school_id=school.id,
                kind="kiem_dinh",
                level=1,
                decision_number=f"{school.code}/QĐ",
                decided_on=today - timedelta(days=1700),
                expires_on=today + timedelta(days=days),
            )
        )
        db.session.commit()


def test_the_due_list_and_its_excel_hold_the_offices_own_schools(world, login):
    _due(world.s1, 30)
    _due(world.s2, -10)
    _due(world.thpt, 400)  # not due
    resp = login(world.district).get("/schools/accreditation/due")
    assert resp.status_code == 200
    assert world.s1.name in resp.text and world.s2.name not in resp.text
    admin = login(world.admin).get("/schools/accreditation/due").text
    assert world.s1.name in admin and world.s2.name in admin
    assert world.thpt.name not in admin and "Đã hết hiệu lực" in admin
    data = login(world.district).get("/schools/accreditation/due.xlsx").data
    rows = list(load_workbook(BytesIO(data)).active.iter_rows(values_only=True))
    assert rows[0][0] == "Trường" and [r[0] for r in rows[1:]] == [world.s1.name]
    assert rows[1][7] == "Còn 30 ngày"
    assert login(world.division).get("/schools/accreditation/due").status_code == 404
