"""The staff summary page (section IV), its filters, its Excel export and who sees what."""

from io import BytesIO

import pytest
from openpyxl import load_workbook

from smasweb.extensions import db
from smasweb.services import years as school_years
from tests.conftest import HX
from tests.factories import make_staff


def sheet_rows(resp) -> list[tuple]:
    assert resp.status_code == 200
    assert resp.mimetype.endswith("spreadsheetml.sheet")
    return list(
        load_workbook(BytesIO(resp.data)).worksheets[0].iter_rows(values_only=True)
    )


def cell_numbers(html: str, indicator: str) -> list[int]:
    """The 15 numbers of one row of the page (by its Mã số cell)."""
    row = html.split(f"<td>{indicator}</td>", 1)[1].split("</tr>", 1)[0]
    cells = [c.split("</td>", 1)[0] for c in row.split('<td class="num">')[1:]]
    return [int(c.replace(".", "")) for c in cells]


@pytest.fixture
def staffed(world):
    make_staff(world.s1, group="01", position="01")
    make_staff(world.s1, gender="01", ethnicity="05")
    make_staff(world.s1, group="02", position="15", contract="03")
    make_staff(world.s2, full_name="Thạch Thị Sa Rươn")
    db.session.commit()
    return world


def test_school_user_sees_their_school_summary(staffed, login):
    page = login(staffed.clerk).get("/staff/summary")
    assert page.status_code == 200 and "<html" in page.text
    assert "Trường Tiểu học Long Phước" in page.text
    assert cell_numbers(page.text, "78") == [
        3,
        2,
        1,
        0,
        3,
        2,
        0,
        1,
        2,
        1,
        0,
        0,
        0,
        0,
        0,
    ]
    assert cell_numbers(page.text, "96")[:3] == [1, 0, 1]


def test_filter_answers_htmx_with_the_fragment(staffed, login):
    resp = login(staffed.district).get(
        f"/staff/summary?school={staffed.s1.id}", headers=HX
    )
    assert resp.text.lstrip().startswith('<section id="staff-summary"')
    assert "HX-Request" in resp.headers["Vary"]
    assert cell_numbers(resp.text, "78")[0] == 3


def test_district_officer_gets_its_schools_with_a_school_filter(staffed, login):
    page = login(staffed.district).get("/staff/summary")
    assert cell_numbers(page.text, "78")[0] == 3  # s1 and s1b, not s2
    assert 'id="summary-school"' in page.text and "Trường THCS Long Phước" in page.text
    assert 'id="summary-district"' not in page.text


def test_personnel_division_reads_the_province_and_narrows_by_district(staffed, login):
    client = login(staffed.division)
    assert cell_numbers(client.get("/staff/summary").text, "78")[0] == 4
    page = client.get(f"/staff/summary?district={staffed.d2.id}")
    assert cell_numbers(page.text, "78")[0] == 1
    assert "Trường Tiểu học Trà Côn" in page.text
    one = client.get(f"/staff/summary?school={staffed.s1.id}")
    assert cell_numbers(one.text, "78")[0] == 3
    assert f'<option value="{staffed.d1.id}" selected>' in one.text


@pytest.mark.parametrize("who", ["clerk", "teacher", "district"])
@pytest.mark.parametrize(
    "url", ["/staff/summary?school={s2}", "/staff/summary.xlsx?school={s2}"]
)
def test_other_schools_are_404(staffed, login, who, url):
    path = url.format(s2=staffed.s2.id)
    assert login(getattr(staffed, who)).get(path).status_code == 404


def test_unknown_district_is_404(staffed, login):
    resp = login(staffed.division).get(f"/staff/summary?district={staffed.s1.id}")
    assert resp.status_code == 404


@pytest.mark.parametrize("url", ["/staff/summary", "/staff/summary.xlsx"])
def test_division_without_staff_gets_404(world, login, url):
    assert login(world.division_mnth).get(url).status_code == 404


def test_excel_holds_the_same_numbers_as_the_page(staffed, login):
    client = login(staffed.division)
    page = client.get("/staff/summary").text
    rows = sheet_rows(client.get("/staff/summary.xlsx"))
    assert rows[0][:3] == ("Mã số", "Chỉ tiêu", "Tổng số")
    assert len(rows[0]) == 17 and len(rows) == 1 + 42
    for row in rows[1:]:
        assert list(row[2:]) == cell_numbers(page, row[0])
    assert rows[1][:3] == ("78", "Tổng số", 4)
    assert rows[3][1] == "4.1.1. Hiệu trưởng"


def test_excel_of_one_school_is_named_after_it(staffed, login):
    year = school_years.current_year()
    resp = login(staffed.leader).get(f"/staff/summary.xlsx?year={year}")
    assert f"doi-ngu-86857001-{year}.xlsx" in resp.headers["Content-Disposition"]
    assert sheet_rows(resp)[1][2] == 3
