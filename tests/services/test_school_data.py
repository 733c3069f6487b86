"""Shared rules of the school-data domains: years, field scope, versions."""

from datetime import date

import pytest
from sqlalchemy import select

from smasweb.extensions import db
from smasweb.models import Room, SchoolYear
from smasweb.services import school_data
from smasweb.services import years as school_years
from smasweb.services.errors import Conflict, NotFound, PermissionDenied
from tests.factories import make_unit, make_user


def add_room(school, **kw) -> Room:
    room = Room(school_id=school.id, kind="classroom", construction="kien_co", **kw)
    db.session.add(room)
    db.session.flush()
    return room


@pytest.mark.parametrize(
    ("day", "year"),
    [
        (date(2019, 9, 5), 2019),
        (date(2020, 5, 31), 2019),
        (date(2020, 8, 1), 2020),
        (date(2026, 11, 29), 2026),
    ],
)
def test_current_school_year_turns_over_in_august(day, year):
    assert school_years.current_year(day) == year


@pytest.mark.real_calendar  # no calendar year stored before the test
def test_school_years_are_created_once(app):
    first = school_years.ensure_year(2019)
    assert first.label == "2019-2020" and first.starts_on == date(2019, 8, 1)
    assert school_years.ensure_year(2019) is first
    assert db.session.scalars(select(SchoolYear)).all() == [first]


@pytest.fixture
def khtc(world):
    unit = make_unit(
        "division",
        world.dept,
        name="Phòng Kế hoạch – Tài chính",
        fields="facilities,budget",
    )
    return make_user("division", unit)


def _visible(actor) -> set[int]:
    stmt = school_data.policy.scope_school_data(actor, select(Room.school_id), Room)
    return set(db.session.scalars(stmt))


def test_field_scope_of_school_data(world, khtc):
    for school in (world.s1, world.s1b, world.s2, world.thpt):
        add_room(school)
    everywhere = {world.s1.id, world.s1b.id, world.s2.id, world.thpt.id}
    assert _visible(world.admin) == everywhere
    assert _visible(khtc) == everywhere  # planning–finance reads facilities everywhere
    assert _visible(world.division) == set()  # TCCB: staff only
    assert _visible(world.district) == {world.s1.id, world.s1b.id}
    assert _visible(world.clerk) == {world.s1.id}


def test_division_reads_its_fields_at_its_levels_only(world):
    schools = set(
        db.session.scalars(
            school_data.schools_in_scope(
                world.division_mnth, "classes"
            ).with_only_columns(school_data.Unit.id)
        )
    )
    assert schools == {world.s1.id, world.s2.id}  # primary only, not THCS / THPT
    assert not db.session.scalars(
        school_data.schools_in_scope(world.division_mnth, "budget")
    ).all()


def test_rows_outside_the_scope_are_not_found(world):
    room = add_room(world.s2)
    assert school_data.get_row(world.leader2, Room, room.id) is room
    with pytest.raises(NotFound):
        school_data.get_row(world.leader, Room, room.id)
    with pytest.raises(NotFound):
        school_data.get_row(world.division, Room, room.id)


def test_read_only_roles_cannot_write(world, khtc):
    school_data.require_write(world.clerk, world.s1, "facilities")
    for actor in (world.district, khtc, world.admin, world.teacher):
        with pytest.raises(PermissionDenied):
            school_data.require_write(actor, world.s1, "facilities")


def test_a_stale_version_is_a_conflict(world):
    room = add_room(world.s1)
    room.quantity = 3
    db.session.flush()
    assert room.version == 2
    with pytest.raises(Conflict):
        school_data.check_version(room, 1)
    school_data.check_version(room, 2)


# (actor, ?school=, field, what readable_school and writable_school answer):
# a school user acts on its own school, an officer must choose one; outside the scope
# is 404, in scope without the right 403
CHOICE_CASES = [
    ("clerk", None, "staff", "s1", "s1"),
    ("clerk", "s2", "staff", NotFound, NotFound),
    ("teacher", None, "staff", "s1", PermissionDenied),
    ("district", None, "staff", NotFound, NotFound),
    ("district", "s1", "staff", "s1", PermissionDenied),
    ("district", "s2", "staff", NotFound, NotFound),
    ("admin", "s2", "students", "s2", PermissionDenied),
    ("division", "s1", "students", NotFound, NotFound),  # TCCB reads no pupils
]


@pytest.mark.parametrize(("who", "chosen", "field", "read", "write"), CHOICE_CASES)
def test_the_school_a_request_acts_on(world, who, chosen, field, read, write):
    actor = getattr(world, who)
    school_id = getattr(world, chosen).id if chosen else None
    for ask, expected in (
        (school_data.readable_school, read),
        (school_data.writable_school, write),
    ):
        if isinstance(expected, str):
            assert ask(actor, field, school_id) == getattr(world, expected)
        else:
            with pytest.raises(expected):
                ask(actor, field, school_id)


@pytest.mark.parametrize(
    ("who", "answer"),
    [
        ("leader", "s1"),
        ("teacher", PermissionDenied),
        ("admin", PermissionDenied),  # officers reach the import page, not its right
        ("division", NotFound),  # no pupils' pages at all
    ],
)
def test_imports_write_only_to_the_own_school(world, who, answer):
    actor = getattr(world, who)
    if isinstance(answer, str):
        assert school_data.writable_school(actor, "students", own_only=True) == getattr(
            world, answer
        )
    else:
        with pytest.raises(answer):
            school_data.writable_school(actor, "students", own_only=True)
