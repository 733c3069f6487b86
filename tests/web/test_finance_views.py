"""Budget pages: lists by role, forms (422/409/403/404), delete, htmx fragments, export."""

import re
from io import BytesIO

import pytest
from openpyxl import load_workbook

from smasweb.extensions import db
from smasweb.models.finance import BudgetLine
from smasweb.services import years as school_years
from tests.conftest import HX, HX_BOOSTED, HX_HISTORY
from tests.factories import make_unit, make_user

YEAR = school_years.current_year()  # past years are closed to writes
FORM = {
    "category": "01",
    "description": "Chi lương giáo viên",
    "planned": "1.500.000",
    "executed": "",
    "note": "",
}


def make_line(school, year=YEAR, **kw) -> BudgetLine:
    school_years.ensure_year(year)
    values = {
        "category": "01",
        "description": "Chi thường xuyên",
        "planned": 1_000_000,
        "executed": 500_000,
    }
    values.update(kw)
    line = BudgetLine(school_id=school.id, year=year, **values)
    db.session.add(line)
    db.session.flush()
    return line


@pytest.fixture
def khtc(world):
    unit = make_unit(
        "division",
        world.dept,
        name="Phòng Kế hoạch – Tài chính",
        fields="facilities,budget",
    )
    return make_user("division", unit)


def test_school_user_sees_its_lines_grouped_with_totals(world, login):
    make_line(world.s1, description="Chi lương", planned=2_000_000, executed=1_000_000)
    make_line(world.s1, category="03", description="Học phí", planned=500_000)
    resp = login(world.teacher).get(f"/finance/?year={YEAR}")
    assert resp.status_code == 200
    assert "Chi thường xuyên" in resp.text and "Học phí thu được" in resp.text
    assert "2.000.000" in resp.text and "Tổng cộng" in resp.text
    assert "2.500.000" in resp.text  # grand total planned
    assert "50,0%" in resp.text


def test_executed_above_planned_shows_a_warning(world, login):
    make_line(world.s1, planned=100, executed=200)
    resp = login(world.leader).get(f"/finance/?year={YEAR}")
    assert "Vượt kế hoạch" in resp.text


def test_category_filter_and_diacritics_free_search(world, login):
    make_line(world.s1, description="Sửa chữa phòng học")
    make_line(world.s1, description="Mua sắm bàn ghế")
    make_line(world.s1, category="02", description="Sửa chữa nhà vệ sinh")
    resp = login(world.leader).get(f"/finance/?year={YEAR}&q=sua+chua&category=01")
    assert "Sửa chữa phòng học" in resp.text
    assert "Mua sắm" not in resp.text and "nhà vệ sinh" not in resp.text


def test_budget_lines_page_and_keep_filters(world, login):
    for i in range(26):
        make_line(world.s1, description=f"Dòng {i:02d}")
    resp = login(world.leader).get(f"/finance/?year={YEAR}&q=dong", headers=HX)
    assert "26 dòng" in resp.text and "Trang 1/2" in resp.text
    assert "page=2" in resp.text and "q=dong" in resp.text


def test_district_officer_lists_its_schools_with_totals(world, login):
    make_line(world.s1, planned=3_000_000)
    make_line(world.s2, planned=7_000_000)
    resp = login(world.district).get(f"/finance/?year={YEAR}")
    assert resp.status_code == 200
    assert "Trường Tiểu học Long Phước" in resp.text and "3.000.000" in resp.text
    assert "Trà Côn" not in resp.text
    assert f"/finance/?school={world.s1.id}" in resp.text


def test_officer_list_searches_school_names(world, login):
    resp = login(world.admin).get(f"/finance/?year={YEAR}&q=tra+con")
    assert "Trường Tiểu học Trà Côn" in resp.text and "Long Phước" not in resp.text


def test_district_officer_reads_a_school_but_may_not_write(world, login):
    line = make_line(world.s1)
    client = login(world.district)
    assert client.get(f"/finance/?school={world.s1.id}").status_code == 200
    assert client.get(f"/finance/lines/new?school={world.s1.id}").status_code == 403
    assert client.post(f"/finance/lines/{line.id}/edit", data=FORM).status_code == 403
    assert client.post(f"/finance/lines/{line.id}/delete").status_code == 403
    assert db.session.get(BudgetLine, line.id).planned == 1_000_000


def test_other_schools_budget_is_not_found(world, login):
    line = make_line(world.s2)
    client = login(world.leader)
    assert client.get(f"/finance/?school={world.s2.id}").status_code == 404
    assert client.get(f"/finance/lines/{line.id}/edit").status_code == 404
    assert client.post(f"/finance/lines/{line.id}/delete").status_code == 404
    assert client.get(f"/finance/budget.xlsx?school={world.s2.id}").status_code == 404


@pytest.mark.parametrize("who", ["division", "division_mnth"])
def test_divisions_of_other_fields_get_404(world, login, who):
    client = login(getattr(world, who))
    assert client.get("/finance/").status_code == 404
    assert client.get(f"/finance/?school={world.s1.id}").status_code == 404


def test_planning_finance_division_reads_every_school(world, login, khtc):
    make_line(world.s2, planned=7_000_000)
    client = login(khtc)
    listing = client.get(f"/finance/?year={YEAR}")
    assert "Trà Côn" in listing.text and "Trường THPT Trà Ôn" in listing.text
    assert client.get(f"/finance/?school={world.s2.id}&year={YEAR}").status_code == 200
    assert client.get(f"/finance/lines/new?school={world.s2.id}").status_code == 403


def test_leader_adds_a_line_with_dotted_amounts(world, login):
    resp = login(world.leader).post(
        f"/finance/lines/new?school={world.s1.id}&year={YEAR}",
        data={**FORM, "executed": "1 200 000"},
    )
    assert resp.status_code == 303
    assert resp.headers["Location"].startswith("/finance/?school=")
    line = db.session.query(BudgetLine).one()
    assert (line.planned, line.executed, line.year) == (1_500_000, 1_200_000, YEAR)


def test_saving_above_plan_flashes_a_warning(world, login):
    client = login(world.leader)
    client.post(f"/finance/lines/new?year={YEAR}", data={**FORM, "executed": "2000000"})
    assert "vượt kế hoạch" in client.get(f"/finance/?year={YEAR}").text


def test_invalid_amount_is_422_inline_and_nothing_saved(world, login):
    resp = login(world.leader).post(
        f"/finance/lines/new?year={YEAR}", data={**FORM, "planned": "1,5 triệu"}
    )
    assert resp.status_code == 422
    assert 'id="planned-error"' in resp.text and "Số tiền không hợp lệ" in resp.text
    assert db.session.query(BudgetLine).count() == 0


def test_missing_fields_are_422_with_required_messages(world, login):
    resp = login(world.leader).post(
        f"/finance/lines/new?year={YEAR}",
        data={**FORM, "category": "", "description": ""},
        headers=HX,
    )
    assert resp.status_code == 422
    assert resp.text.lstrip().startswith('<form id="budget-line-form"')
    assert 'id="category-error"' in resp.text and 'id="description-error"' in resp.text


def test_edit_form_shows_amounts_with_dots_and_saves(world, login):
    line = make_line(world.s1, planned=2_500_000)
    client = login(world.clerk)
    assert 'value="2.500.000"' in client.get(f"/finance/lines/{line.id}/edit").text
    resp = client.post(
        f"/finance/lines/{line.id}/edit",
        data={**FORM, "planned": "3.000.000", "version": "1"},
    )
    assert resp.status_code == 303
    assert db.session.get(BudgetLine, line.id).planned == 3_000_000


def test_stale_edit_is_409_and_changes_nothing(world, login):
    line = make_line(world.s1)
    line.planned = 7
    db.session.commit()  # version 2 now
    resp = login(world.leader).post(
        f"/finance/lines/{line.id}/edit", data={**FORM, "version": "1"}
    )
    assert resp.status_code == 409
    assert db.session.get(BudgetLine, line.id).planned == 7


def test_teacher_may_not_open_the_new_form(world, login):
    resp = login(world.teacher).get(f"/finance/lines/new?year={YEAR}")
    assert resp.status_code == 403


def test_leader_deletes_a_line(world, login):
    line_id = make_line(world.s1).id
    resp = login(world.leader).post(
        f"/finance/lines/{line_id}/delete", data={"version": "1"}
    )
    assert resp.status_code == 303
    assert db.session.get(BudgetLine, line_id) is None


@pytest.mark.parametrize(
    ("url", "root"),
    [
        (f"/finance/?year={YEAR}", "budget-results"),
        (f"/finance/lines/new?year={YEAR}", "budget-line-form"),
    ],
)
def test_school_pages_answer_htmx_with_their_fragment(world, login, url, root):
    client = login(world.leader)
    frag = client.get(url, headers=HX)
    assert re.match(rf'\s*<[a-z]+ id="{root}"', frag.text), frag.text[:200]
    assert "<html" not in frag.text and "HX-Request" in frag.vary
    for headers in (HX_BOOSTED, HX_HISTORY, {}):
        assert "<html" in client.get(url, headers=headers).text


def test_officer_list_answers_htmx_with_its_fragment(world, login):
    client = login(world.admin)
    frag = client.get("/finance/?q=long", headers=HX)
    assert frag.text.lstrip().startswith('<section id="budget-school-results"')
    assert "<html" in client.get("/finance/?q=long", headers=HX_BOOSTED).text


def test_school_export_holds_codes_labels_and_numbers(world, login):
    make_line(world.s1, category="02", description="Xây phòng học", planned=9_000_000)
    resp = login(world.leader).get(f"/finance/budget.xlsx?year={YEAR}")
    assert resp.status_code == 200 and ".xlsx" in resp.headers["Content-Disposition"]
    ws = load_workbook(BytesIO(resp.data)).worksheets[0]
    rows = list(ws.iter_rows(values_only=True))
    assert rows[1][0] == world.s1.code
    assert rows[1][3:8] == (
        "02",
        "Chi đầu tư xây dựng, mua sắm",
        "Xây phòng học",
        9_000_000,
        500_000,
    )


def test_officer_export_lists_school_totals(world, login):
    make_line(world.s1, planned=4_000_000)
    resp = login(world.district).get(f"/finance/budget.xlsx?year={YEAR}")
    ws = load_workbook(BytesIO(resp.data)).worksheets[0]
    rows = {r[0]: r for r in ws.iter_rows(min_row=2, values_only=True)}
    assert set(rows) == {world.s1.code, world.s1b.code}
    assert rows[world.s1.code][4] == 4_000_000


def test_htmx_year_change_updates_the_links_in_the_fragment(world, login):
    frag = login(world.leader).get("/finance/?year=2020", headers=HX)
    assert "Năm học 2020-2021" in frag.text
    assert f"/finance/budget.xlsx?school={world.s1.id}&amp;year=2020" in frag.text
    assert f"/finance/lines/new?school={world.s1.id}&amp;year=2020" in frag.text
