"""State budget service: amounts, scope, guarded writes, grouping, school totals."""

import pytest
from sqlalchemy import event

from smasweb.extensions import db
from smasweb.models.finance import BudgetLine
from smasweb.services import years as school_years
from smasweb.services.errors import (
    Conflict,
    NotFound,
    PermissionDenied,
    ValidationFailed,
)
from smasweb.services.finance import records as finance
from tests.factories import make_unit, make_user

YEAR = school_years.current_year()  # past years are closed to writes


def data(category="01", description="Chi lương giáo viên", planned=1_000, **kw):
    return finance.BudgetLineData(
        category=category,
        description=description,
        planned=planned,
        executed=kw.pop("executed", 0),
        **kw,
    )


def add(actor, school, **kw) -> BudgetLine:
    return finance.create_line(actor, school, kw.pop("year", YEAR), data(**kw))


@pytest.fixture
def khtc(world):
    unit = make_unit(
        "division",
        world.dept,
        name="Phòng Kế hoạch – Tài chính",
        fields="facilities,budget",
    )
    return make_user("division", unit)


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("1.500.000", 1_500_000),
        ("1500000", 1_500_000),
        ("1 500 000", 1_500_000),
        ("1\u00a0500\u00a0000", 1_500_000),
        ("2.000.000 đ", 2_000_000),
        ("0", 0),
        ("", None),
    ],
)
def test_amounts_accept_dots_spaces_or_plain_digits(text, value):
    assert finance.parse_amount(text) == value


@pytest.mark.parametrize(
    "text", ["1.5", "-500", "12,5", "abc", "1.500 000", "1.50.000"]
)
def test_malformed_amounts_are_refused(text):
    with pytest.raises(ValueError, match="Số tiền không hợp lệ"):
        finance.parse_amount(text)


def test_leader_adds_a_line_for_the_year(world):
    line = add(world.leader, world.s1, planned=2_500_000_000, executed=1_000)
    assert line.school_id == world.s1.id and line.year == YEAR and line.version == 1


def test_clerk_edits_a_line_and_the_version_moves_on(world):
    line = add(world.clerk, world.s1)
    finance.update_line(world.clerk, line, data(planned=5_000), line.version)
    assert line.planned == 5_000 and line.version == 2


def test_a_stale_version_is_a_conflict(world):
    line = add(world.leader, world.s1)
    with pytest.raises(Conflict):
        finance.update_line(world.leader, line, data(planned=9), line.version + 1)


@pytest.mark.parametrize("who", ["district", "teacher", "admin"])
def test_readers_may_not_write(world, who):
    with pytest.raises(PermissionDenied):
        add(getattr(world, who), world.s1)


def test_a_leader_may_not_write_another_school(world):
    with pytest.raises(PermissionDenied):
        add(world.leader, world.s2)


def test_negative_amounts_are_refused_on_their_field(world):
    with pytest.raises(ValidationFailed) as exc:
        add(world.leader, world.s1, executed=-1)
    assert exc.value.field == "executed"


def test_an_unknown_category_is_refused(world):
    with pytest.raises(ValidationFailed) as exc:
        add(world.leader, world.s1, category="99")
    assert exc.value.field == "category"


def test_executed_above_planned_is_allowed_and_flagged(world):
    add(world.leader, world.s1, planned=100, executed=150)
    lines = finance.list_lines(world.leader, world.s1, YEAR)
    groups, grand = finance.group_lines(lines)
    assert grand.over and grand.percent == 150


def test_lines_group_by_category_with_subtotals(world):
    add(world.leader, world.s1, category="02", planned=300, executed=100)
    add(world.leader, world.s1, category="01", planned=100, executed=100)
    add(world.leader, world.s1, category="01", planned=200, executed=50)
    page = finance.budget_page(world.leader, world.s1, YEAR)
    assert [g.code for g in page.groups] == ["01", "02"]
    assert (
        page.groups[0].totals.planned == 300 and page.groups[0].totals.executed == 150
    )
    assert (page.grand.planned, page.grand.executed) == (600, 250)


def test_subtotals_cover_every_match_not_only_the_page(world):
    for i in range(3):
        add(world.leader, world.s1, description=f"Dòng {i}", planned=10)
    page = finance.budget_page(world.leader, world.s1, YEAR, per_page=2, page=2)
    assert sum(len(g.lines) for g in page.groups) == 1
    assert page.groups[0].totals.planned == 30 and page.pages == 2


def test_search_in_description_ignores_diacritics(world):
    add(world.leader, world.s1, description="Sửa chữa phòng học")
    add(world.leader, world.s1, description="Mua sắm bàn ghế")
    found = finance.list_lines(world.leader, world.s1, YEAR, q="sua chua")
    assert [ln.description for ln in found] == ["Sửa chữa phòng học"]


def test_lines_are_per_year(world):
    add(world.leader, world.s1, year=YEAR)
    add(world.leader, world.s1, year=YEAR + 1)
    assert len(finance.list_lines(world.leader, world.s1, YEAR + 1)) == 1


def test_another_schools_line_is_not_found(world):
    line = add(world.leader2, world.s2)
    with pytest.raises(NotFound):
        finance.get_line(world.leader, line.id)


def test_divisions_without_the_budget_field_see_no_budget(world):
    with pytest.raises(NotFound):
        finance.home_school(world.division_mnth, world.s1.id)
    with pytest.raises(NotFound):
        finance.school_totals(world.division, YEAR)


def test_the_planning_finance_division_reads_every_school(world, khtc):
    add(world.leader, world.s1, planned=100)
    add(world.leader2, world.s2, planned=40)
    rows, total, grand = finance.school_totals(khtc, YEAR)
    assert total == 4 and grand.planned == 140
    assert {r.school_id: r.totals.planned for r in rows}[world.s2.id] == 40


def test_district_totals_cover_only_its_schools(world):
    add(world.leader, world.s1, planned=100)
    add(world.leader2, world.s2, planned=40)
    rows, total, grand = finance.school_totals(world.district, YEAR)
    assert {r.school_id for r in rows} == {world.s1.id, world.s1b.id}
    assert grand.planned == 100 and total == 2


def test_school_totals_come_from_one_grouped_query(world, khtc):
    for school, leader in ((world.s1, world.leader), (world.s2, world.leader2)):
        add(leader, school)
    db.session.commit()
    statements = []

    def count(*args):
        statements.append(args[2])

    event.listen(db.engine, "before_cursor_execute", count)
    try:
        finance.school_totals(khtc, YEAR)
    finally:
        event.remove(db.engine, "before_cursor_execute", count)
    assert len(statements) <= 3  # policy lookup, grand total, the grouped page


def test_delete_removes_the_line(world):
    line = add(world.leader, world.s1)
    finance.delete_line(world.leader, line, line.version)
    assert db.session.get(BudgetLine, line.id) is None


def test_school_totals_past_the_last_page_still_give_the_totals(world):
    add(world.leader, world.s1, planned=100)
    rows, total, grand = finance.school_totals(world.admin, YEAR, page=9)
    assert rows == [] and total == 4 and grand.planned == 100
