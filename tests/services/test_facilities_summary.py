"""Section V (Phòng học) of the start-of-year form, computed from the rooms."""

import pytest
from sqlalchemy import event

from smasweb.extensions import db
from smasweb.models.facilities import Room
from smasweb.services.errors import NotFound
from smasweb.services.facilities import summary
from tests.factories import make_unit, make_user


def add(school, kind, construction="kien_co", quantity=1, borrowed=False):
    db.session.add(
        Room(
            school_id=school.id,
            kind=kind,
            construction=construction,
            quantity=quantity,
            borrowed=borrowed,
        )
    )
    db.session.flush()


def by_code(rows) -> dict:
    return {r.indicator: r for r in rows}


def test_school_summary_equals_a_hand_count_of_its_rooms(world):
    add(world.s1, "classroom", "kien_co", 10)
    add(world.s1, "classroom", "ban_kien_co", 3)
    add(world.s1, "classroom", "tam", 1)
    add(world.s1, "classroom", "kien_co", 2, borrowed=True)
    add(world.s1, "library", "kien_co", 1)
    add(world.s1, "computer", "ban_kien_co", 2)
    add(world.s1, "lab", "kien_co", 1)
    add(world.s1, "medical", "tam", 1)
    add(world.s1, "admin", "kien_co", 4)
    add(world.s2, "classroom", "kien_co", 99)  # another school
    rows = by_code(summary.room_summary(world.leader, world.s1))
    assert rows["120"].cells() == [14, 10, 3, 1, 14, 10, 3, 1, 0, 0, 0, 0]
    assert rows["121"].total.cells() == [2, 2, 0, 0]
    assert rows["122"].total.cells() == [4, 2, 2, 0]  # library + computer + lab
    assert rows["123"].total.total == 1 and rows["125"].total.ban_kien_co == 2
    assert rows["132"].total.cells() == [1, 0, 0, 1]
    assert rows["131"].total.total == 0
    in_section = sum(r.total.total for r in rows.values() if r.indicator != "122")
    assert in_section == 14 + 2 + 1 + 2 + 1  # labs only in 122, admin rooms nowhere


def test_summary_rows_follow_the_form(world):
    rows = summary.room_summary(world.leader, world.s1)
    assert [r.indicator for r in rows] == [str(n) for n in range(120, 133)]
    assert rows[0].number == "5.1." and rows[0].label == "Phòng học"
    assert rows[11].heading == "5.4. Phòng khác"


def test_aggregate_splits_public_and_private_schools(world):
    private = make_unit("school", world.d1, name="Trường Tiểu học Tư thục Sao Mai")
    private.ownership = "09"
    add(world.s1, "classroom", "kien_co", 5)
    add(private, "classroom", "ban_kien_co", 2)
    rows = by_code(summary.room_summary(world.district))
    assert rows["120"].public.cells() == [5, 5, 0, 0]
    assert rows["120"].private.cells() == [2, 0, 2, 0]
    assert rows["120"].total.total == 7


def test_aggregate_covers_only_schools_the_actor_reads(world):
    add(world.s1, "classroom", quantity=5)
    add(world.s1b, "classroom", quantity=4)
    add(world.s2, "classroom", quantity=7)
    district = by_code(summary.room_summary(world.district))
    admin = by_code(summary.room_summary(world.admin))
    assert district["120"].total.total == 9
    assert admin["120"].total.total == 16


def test_aggregate_is_one_query_whatever_the_number_of_schools(world):
    for i in range(5):
        add(make_unit("school", world.d1, name=f"Trường {i}"), "classroom")
    db.session.flush()
    statements = []

    def record(*_args):
        statements.append(1)

    event.listen(db.engine, "before_cursor_execute", record)
    try:
        rows = summary.room_summary(world.admin)
    finally:
        event.remove(db.engine, "before_cursor_execute", record)
    assert by_code(rows)["120"].total.total == 5
    assert len(statements) <= 2


def test_summary_refused_to_a_division_without_facilities(world):
    with pytest.raises(NotFound):
        summary.room_summary(world.division_mnth)


def test_school_totals_list_readable_schools_with_their_rooms(world):
    add(world.s1, "classroom", quantity=5)
    add(world.s1, "library", quantity=1)
    rows, total = summary.school_totals(world.district, q="long phuoc")
    assert total == 2
    counts = {school.id: (rooms, classrooms) for school, rooms, classrooms, _ in rows}
    assert counts[world.s1.id] == (6, 5) and counts[world.s1b.id] == (0, 0)


def test_planning_finance_division_gets_the_province_aggregate(world):
    unit = make_unit("division", world.dept, fields="facilities,budget")
    khtc = make_user("division", unit)
    add(world.s2, "classroom", quantity=3)
    add(world.thpt, "classroom", quantity=20)
    assert by_code(summary.room_summary(khtc))["120"].total.total == 23
