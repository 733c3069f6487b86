"""Facilities summary pages (section V) and query counts of the facilities lists."""

from io import BytesIO

import pytest
from openpyxl import load_workbook
from sqlalchemy import event

from smasweb.extensions import db
from smasweb.models.facilities import Room
from tests.factories import make_unit


def add_room(school, **values) -> Room:
    row = {"kind": "classroom", "construction": "kien_co", "quantity": 1}
    row.update(values)
    room = Room(school_id=school.id, **row)
    db.session.add(room)
    db.session.commit()
    return room


def sheet_rows(resp) -> list[tuple]:
    assert resp.status_code == 200
    wb = load_workbook(BytesIO(resp.data))
    return list(wb.worksheets[0].iter_rows(values_only=True))


def test_summary_page_and_export_match_the_rooms(world, login):
    add_room(world.s1, quantity=6)
    add_room(world.s1, quantity=2, borrowed=True)
    client = login(world.leader)
    page = client.get("/facilities/summary")
    assert page.status_code == 200 and "5.2. Phòng học nhờ, mượn" in page.text
    rows = sheet_rows(client.get("/facilities/summary.xlsx"))
    assert rows[0][:3] == ("Mã số", "Chỉ tiêu", "Tổng số – Tổng số")
    by_code = {r[0]: r for r in rows[1:]}
    assert by_code["120"][2:6] == (6, 6, 0, 0) and by_code["121"][2] == 2


def test_district_summary_aggregates_its_schools(world, login):
    add_room(world.s1, quantity=6)
    add_room(world.s1b, quantity=4)
    add_room(world.s2, quantity=100)
    rows = sheet_rows(login(world.district).get("/facilities/summary.xlsx"))
    assert {r[0]: r for r in rows[1:]}["120"][2] == 10


@pytest.mark.parametrize(
    "url", ["/facilities/rooms/", "/facilities/", "/facilities/summary"]
)
def test_list_queries_do_not_grow_with_rows(world, login, url):
    def queries(n_schools: int) -> int:
        for i in range(n_schools):
            school = make_unit("school", world.d1, name=f"Trường Số {i}")
            add_room(school, name=f"Phòng {i}")
        statements = []

        def record(*_args):
            statements.append(1)

        client = login(world.district)
        event.listen(db.engine, "before_cursor_execute", record)
        try:
            assert client.get(url).status_code == 200
        finally:
            event.remove(db.engine, "before_cursor_execute", record)
        return len(statements)

    assert queries(2) == queries(10)
