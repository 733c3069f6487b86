"""Excel exports of the account list, the unit tree and the unlock inbox (issue 14,
point 3): a link on each page, the page's scope and filters in the file."""

from io import BytesIO

from openpyxl import load_workbook

from smasweb import excel


def values(resp) -> list:
    assert resp.status_code == 200 and resp.mimetype == excel.XLSX_MIMETYPE
    return [c.value for row in load_workbook(BytesIO(resp.data)).active for c in row]


def test_pages_link_their_export(world, login):
    client = login(world.admin)
    assert "/accounts/export.xlsx" in client.get("/accounts/?role=district").text
    assert "/units/export.xlsx" in client.get("/units/").text
    assert (
        "/calendar/unlocks.xlsx?status=pending" in client.get("/calendar/unlocks").text
    )


def test_account_export_keeps_the_scope_and_the_filter(world, login):
    mine = values(login(world.district).get("/accounts/export.xlsx"))
    assert "pgd857" in mine and "pgd862" not in mine and "admin" not in mine
    district = values(login(world.admin).get("/accounts/export.xlsx?role=district"))
    assert {"pgd857", "pgd862"} <= set(district) and "bgh1" not in district
    assert login(world.clerk).get("/accounts/export.xlsx").status_code == 404


def test_unit_export_keeps_the_scope_and_the_search(world, login):
    mine = values(login(world.district).get("/units/export.xlsx"))
    assert "Trường Tiểu học Long Phước" in mine
    assert "Trường Tiểu học Trà Côn" not in mine
    found = values(login(world.admin).get("/units/export.xlsx?q=tra con"))
    assert "Trường Tiểu học Trà Côn" in found
    assert "Trường Tiểu học Long Phước" not in found


def test_unlock_export_is_for_those_who_answer(world, login):
    assert values(login(world.district).get("/calendar/unlocks.xlsx?status=all"))
    assert login(world.clerk).get("/calendar/unlocks.xlsx").status_code == 403
