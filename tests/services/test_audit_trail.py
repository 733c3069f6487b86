"""The audit trail's read side (record history, admins' search) and its append-only rule."""

from datetime import date, datetime

import pytest
from sqlalchemy import delete, select, update

from smasweb import clock
from smasweb.extensions import db
from smasweb.models import AuditEntry, ClassGroup, Room
from smasweb.services import years as school_years
from smasweb.services.audit import search as audit_search
from smasweb.services.audit.search import AuditFilters
from smasweb.services.errors import NotFound, PermissionDenied


def vn(*args) -> datetime:
    return datetime(*args, tzinfo=clock.VN_TZ)


def add_room(world, **values) -> Room:
    db.session.info["actor"] = (world.clerk.id, "Võ Văn An (cb1)")
    room = Room(school_id=world.s1.id, kind="classroom", construction="kien_co")
    for key, value in values.items():
        setattr(room, key, value)
    db.session.add(room)
    db.session.commit()
    return room


def add_class(school, name="1A") -> ClassGroup:
    year = school_years.current_year()  # past years are closed to writes
    school_years.ensure_year(year)
    cls = ClassGroup(school_id=school.id, year=year, grade="01", name=name)
    db.session.add(cls)
    db.session.commit()
    return cls


def entry(school, user=None, at=None, **values) -> AuditEntry:
    """An audit row written directly (inserting is the one thing the trail allows)."""
    row = AuditEntry(
        at=clock.as_utc(at or clock.now()),
        user_id=user.id if user else None,
        actor=f"{user.full_name} ({user.username})" if user else "Hệ thống",
        school_id=school.id,
        table_name=values.pop("table_name", "rooms"),
        record_id=values.pop("record_id", 1),
        action=values.pop("action", "update"),
        field=values.pop("field", "facilities"),
        changes=values.pop("changes", {"name": ["A", "B"]}),
    )
    db.session.add(row)
    db.session.flush()
    return row


def test_an_orm_update_of_an_audit_row_is_refused(world):
    room = add_room(world, name="Phòng 1")
    row = db.session.scalars(select(AuditEntry)).one()
    row.actor = "Người khác"
    with pytest.raises(PermissionDenied):
        db.session.flush()
    db.session.rollback()
    assert db.session.get(Room, room.id) is not None
    assert db.session.scalars(select(AuditEntry.actor)).one() == "Võ Văn An (cb1)"


def test_an_orm_delete_of_an_audit_row_is_refused(world):
    add_room(world)
    db.session.delete(db.session.scalars(select(AuditEntry)).one())
    with pytest.raises(PermissionDenied):
        db.session.flush()
    db.session.rollback()
    assert len(db.session.scalars(select(AuditEntry)).all()) == 1


@pytest.mark.parametrize(
    "statement",
    [update(AuditEntry).values(actor="x"), delete(AuditEntry)],
    ids=["bulk-update", "bulk-delete"],
)
def test_bulk_statements_on_audit_rows_are_refused(world, statement):
    add_room(world)
    with pytest.raises(PermissionDenied):
        db.session.execute(statement)
    db.session.rollback()
    assert db.session.scalars(select(AuditEntry.actor)).one() == "Võ Văn An (cb1)"


def test_no_audit_route_changes_anything(app):
    rules = [r for r in app.url_map.iter_rules() if r.endpoint.startswith("audit.")]
    assert rules
    for rule in rules:
        assert rule.methods <= {"GET", "HEAD", "OPTIONS"}, rule


def test_history_is_newest_first_with_old_and_new_values(world):
    room = add_room(world, name="Phòng 1")
    room.name = "Phòng 2"
    room.quantity = 3
    db.session.commit()
    history = audit_search.record_history(world.clerk, "rooms", room.id)
    assert [e.action for e in history.entries] == ["update", "insert"]
    assert history.entries[0].changes == {
        "name": ["Phòng 1", "Phòng 2"],
        "quantity": [1, 3],
    }
    assert history.entries[0].actor == "Võ Văn An (cb1)"
    assert (history.total, history.school.id, history.record) == (2, world.s1.id, room)


def test_history_pages_hold_per_page_entries(world):
    room = add_room(world, name="0")
    for n in range(1, 5):
        room.name = str(n)
        db.session.commit()
    second = audit_search.record_history(world.clerk, "rooms", room.id, 2, 2)
    assert second.total == 5
    assert [e.changes["name"][1] for e in second.entries] == ["2", "1"]


def test_a_deleted_record_keeps_its_history_for_its_school(world):
    db.session.info["actor"] = (world.clerk.id, "Võ Văn An (cb1)")
    cls = add_class(world.s1)
    class_id = cls.id
    db.session.delete(cls)
    db.session.commit()
    history = audit_search.record_history(world.leader, "class_groups", class_id)
    assert history.record is None
    assert [e.action for e in history.entries] == ["delete", "insert"]
    assert history.last_values["name"] == "1A"
    with pytest.raises(NotFound):
        audit_search.record_history(world.leader2, "class_groups", class_id)


@pytest.mark.parametrize(
    ("who", "table", "visible"),
    [
        ("admin", "rooms", True),
        ("district", "rooms", True),
        ("district2", "rooms", False),
        ("leader2", "rooms", False),
        ("teacher", "rooms", True),
        ("division", "rooms", False),  # TCCB: staff only
        ("division_mnth", "class_groups", True),  # its field and levels
        ("division_mnth", "rooms", False),
    ],
)
def test_history_is_visible_only_with_the_school_and_field(world, who, table, visible):
    record = add_room(world) if table == "rooms" else add_class(world.s1)
    record_id = record.id
    actor = getattr(world, who)
    if visible:
        assert audit_search.record_history(actor, table, record_id).total == 1
    else:
        with pytest.raises(NotFound):
            audit_search.record_history(actor, table, record_id)


@pytest.mark.parametrize(
    ("table", "record_id"), [("users", 1), ("audit_entries", 1), ("rooms", 999999)]
)
def test_unknown_tables_and_records_are_not_found(world, table, record_id):
    with pytest.raises(NotFound):
        audit_search.record_history(world.admin, table, record_id)


def test_only_admins_search_the_trail(world):
    for who in ("district", "division", "leader", "clerk"):
        with pytest.raises(PermissionDenied):
            audit_search.search(getattr(world, who), AuditFilters())
        with pytest.raises(PermissionDenied):
            audit_search.export_rows(getattr(world, who), AuditFilters())


@pytest.fixture
def trail(world):
    """Four audit rows across two schools, two users, two days and two fields."""
    return {
        "a": entry(world.s1, world.clerk, vn(2024, 9, 1, 23, 30)),
        "b": entry(world.s1, world.leader, vn(2024, 9, 2, 0, 30), field="classes"),
        "c": entry(world.s2, world.clerk2, vn(2024, 9, 2, 10, 0), action="insert"),
        "d": entry(world.s2, None, vn(2024, 9, 3, 7, 0), field="budget"),
    }


def _found(world, **filters) -> list[str]:
    rows, total = audit_search.search(world.admin, AuditFilters(**filters))
    assert total == len(rows)
    return [row[0].id for row in rows]


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        ({}, "dcba"),
        ({"school": "long phuoc"}, "ba"),  # no diacritics typed
        ({"school": "Trà Côn"}, "dc"),
        ({"school": "86862001"}, "dc"),
        ({"user": "cb1"}, "a"),
        ({"user": "pham thi lan"}, "b"),
        ({"date_from": date(2024, 9, 2)}, "dcb"),  # 00:30 on the 2nd, Vietnam time
        ({"date_to": date(2024, 9, 1)}, "a"),  # 23:30 on the 1st is still the 1st
        ({"date_from": date(2024, 9, 2), "date_to": date(2024, 9, 2)}, "cb"),
        ({"field": "classes"}, "b"),
        ({"action": "insert"}, "c"),
        ({"school": "tra con", "field": "budget"}, "d"),
    ],
)
def test_search_filters(world, trail, filters, expected):
    assert _found(world, **filters) == [trail[k].id for k in expected]


def test_search_pages_and_counts(world, trail):
    rows, total = audit_search.search(world.admin, AuditFilters(), 2, 3)
    assert total == 4
    assert [r[0].id for r in rows] == [trail["a"].id]
    entry_, code, name, username = rows[0]
    assert (code, name, username) == ("86857001", "Trường Tiểu học Long Phước", "cb1")
