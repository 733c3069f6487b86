"""The guard at the session: ORM objects, ORM bulk statements, overrides, the audit
rows of accepted changes, and the pinned clock."""

from datetime import date, datetime

import pytest
import time_machine
from sqlalchemy import delete, func, insert, select, update

from smasweb import clock, create_app
from smasweb.extensions import db
from smasweb.models import AuditEntry, BudgetLine, Room
from smasweb.services import years as school_years
from smasweb.services.calendar import rules as calendar_rules
from smasweb.services.calendar import unlocks
from smasweb.services.calendar import windows as calendar
from smasweb.services.errors import PeriodLocked, PermissionDenied
from smasweb.services.system import system_override

pytestmark = pytest.mark.real_calendar

OPEN = datetime(2026, 9, 3, 10, 0, tzinfo=clock.VN_TZ)
LOCKED = datetime(2026, 9, 10, 10, 0, tzinfo=clock.VN_TZ)


def room_row(school, **extra) -> dict:
    return {
        "school_id": school.id,
        "kind": "classroom",
        "construction": "kien_co",
        "quantity": 1,
        **extra,
    }


def count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def audit_rows() -> list[AuditEntry]:
    return list(db.session.scalars(select(AuditEntry).order_by(AuditEntry.id)))


def test_every_accepted_change_has_its_audit_row_with_old_and_new_values(world):
    with time_machine.travel(OPEN, tick=False):
        room = Room(**room_row(world.s1, name="Phòng 1"))
        db.session.add(room)
        db.session.commit()
        room.name, room.quantity = "Phòng 1A", 3
        db.session.commit()
        db.session.delete(room)
        db.session.commit()
    inserted, updated, deleted = audit_rows()
    assert [e.action for e in (inserted, updated, deleted)] == [
        "insert",
        "update",
        "delete",
    ]
    assert {e.record_id for e in (inserted, updated, deleted)} == {room.id}
    assert inserted.changes["name"] == [None, "Phòng 1"]
    assert updated.changes == {"name": ["Phòng 1", "Phòng 1A"], "quantity": [1, 3]}
    assert deleted.changes["name"] == ["Phòng 1A", None]
    assert {e.field for e in (inserted, updated, deleted)} == {"facilities"}
    assert clock.local(inserted.at).date() == OPEN.date()
    assert {e.school_id for e in (inserted, updated, deleted)} == {world.s1.id}


def test_a_refused_flush_writes_nothing_not_even_the_allowed_rows(world):
    school_years.ensure_year(2026)
    db.session.commit()
    with time_machine.travel(LOCKED, tick=False):
        db.session.add(
            BudgetLine(
                school_id=world.s1.id, year=2026, category="01", description="Lương"
            )
        )
        db.session.add(Room(**room_row(world.s1)))
        with pytest.raises(PeriodLocked):
            db.session.commit()
        db.session.rollback()
    assert (count(Room), count(BudgetLine), count(AuditEntry)) == (0, 0, 0)


def test_orm_bulk_statements_are_guarded_too(world):
    rows = [room_row(world.s1, name=f"P{i}") for i in range(3)]
    with time_machine.travel(LOCKED, tick=False):
        with pytest.raises(PeriodLocked):
            db.session.execute(insert(Room), rows)
        db.session.rollback()
    with time_machine.travel(OPEN, tick=False):
        db.session.execute(insert(Room), rows)
        db.session.commit()
    assert count(Room) == 3 and count(AuditEntry) == 3  # one row per record
    with time_machine.travel(LOCKED, tick=False):
        for stmt in (
            update(Room).where(Room.school_id == world.s1.id).values(quantity=9),
            delete(Room).where(Room.name == "P1"),
        ):
            with pytest.raises(PeriodLocked):
                db.session.execute(stmt)
            db.session.rollback()
    assert set(db.session.scalars(select(Room.quantity))) == {1}
    with time_machine.travel(OPEN, tick=False):
        db.session.execute(update(Room).values(quantity=2))
        db.session.commit()
    bulk = audit_rows()[-1]
    assert (bulk.action, bulk.changes["rows"]) == ("bulk_update", [None, 3])


def test_system_writes_pass_with_their_reason_recorded(world):
    with time_machine.travel(LOCKED, tick=False), system_override("demo data"):
        db.session.execute(insert(Room), [room_row(world.s1), room_row(world.s2)])
        db.session.add(Room(**room_row(world.s1)))
        db.session.commit()
    assert count(Room) == 3
    reasons = {(e.action, e.reason, e.actor) for e in audit_rows()}
    assert reasons == {
        ("bulk_insert", "demo data", "Hệ thống"),
        ("insert", "demo data", "Hệ thống"),
    }


def test_audit_rows_cannot_be_changed_or_deleted(world):
    with time_machine.travel(OPEN, tick=False):
        db.session.add(Room(**room_row(world.s1)))
        db.session.commit()
    entry = audit_rows()[0]
    entry.actor = "someone else"
    with pytest.raises(PermissionDenied):
        db.session.commit()
    db.session.rollback()
    db.session.delete(entry)
    with pytest.raises(PermissionDenied):
        db.session.commit()
    db.session.rollback()
    for stmt in (update(AuditEntry).values(actor="x"), delete(AuditEntry)):
        with pytest.raises(PermissionDenied):
            db.session.execute(stmt)
        db.session.rollback()
    assert count(AuditEntry) == 1


def test_the_service_actor_is_recorded_outside_a_request(world):
    from smasweb.services.facilities import records as facilities
    from smasweb.services.facilities.records import RoomData

    data = RoomData(kind="classroom", construction="kien_co", quantity=1)
    with time_machine.travel(OPEN, tick=False):
        facilities.create_room(world.clerk, world.s1, data)
        db.session.commit()
    entry = audit_rows()[0]
    assert (entry.user_id, entry.actor) == (world.clerk.id, "Võ Văn An (cb1)")


def test_unlock_opens_only_its_school_and_fields_until_it_expires(world):
    from smasweb.models import UnlockRequest

    db.session.add(
        UnlockRequest(
            school_id=world.s1.id,
            fields="facilities",
            reason="Sửa số phòng học",
            status="granted",
            granted_fields="facilities",
            expires_at=clock.as_utc(clock.end_of(date(2026, 9, 12))),
        )
    )
    db.session.commit()
    with time_machine.travel(LOCKED, tick=False):
        assert calendar.allowed(world.s1, "facilities")
        assert not calendar.allowed(world.s1, "budget")
        assert not calendar.allowed(world.s2, "facilities")
    end = datetime(2026, 9, 12, 23, 59, 59, tzinfo=clock.VN_TZ)
    with time_machine.travel(end, tick=False):
        assert calendar.allowed(world.s1, "facilities")
    with time_machine.travel(datetime(2026, 9, 13, tzinfo=clock.VN_TZ), tick=False):
        assert not calendar.allowed(world.s1, "facilities")


def test_stored_periods_follow_the_departments_edits_and_locks(world):
    calendar_rules.ensure_year(2026)
    period = db.session.scalars(
        select(calendar_rules.ReportPeriod).where(
            calendar_rules.ReportPeriod.kind == "after_opening"
        )
    ).one()
    with time_machine.travel(OPEN, tick=False):
        assert calendar.allowed(world.s1, "facilities")
        calendar.lock(period)
        assert not calendar.allowed(world.s1, "facilities")
        assert (
            "đã khóa số liệu ngày 03/09/2026"
            in calendar.refusal(world.s1, "facilities").message
        )
    with time_machine.travel(LOCKED, tick=False):
        calendar.reopen(period, date(2026, 9, 11))
        assert calendar.allowed(world.s1, "facilities")
    with time_machine.travel(datetime(2026, 9, 12, tzinfo=clock.VN_TZ), tick=False):
        assert not calendar.allowed(world.s1, "facilities")


def test_graduation_windows_apply_only_to_the_levels_that_graduate(world):
    day = datetime(2027, 5, 22, 9, 0, tzinfo=clock.VN_TZ)
    with time_machine.travel(day, tick=False):
        assert calendar.allowed(world.s1b, "graduation_thcs")  # THCS
        assert not calendar.allowed(world.s1, "graduation_thcs")  # primary
        assert not calendar.allowed(world.thpt, "graduation_thcs")


def test_default_calendar_follows_the_plan():
    rules = calendar_rules.default_rules()
    periods = {(p.kind, p.month): p for p in calendar_rules.build(2026, rules)}
    assert len(periods) == 5 + 9 + 4  # windows, the monthly ones, Ministry sync dates
    opening = periods[("after_opening", 0)]
    assert (opening.opens_on, opening.closes_on, opening.locks_on) == (
        date(2026, 9, 1),
        date(2026, 9, 6),
        date(2026, 9, 9),
    )
    march = periods[("monthly", 3)]
    assert (march.opens_on, march.locks_on, march.title) == (
        date(2027, 3, 15),
        date(2027, 3, 17),
        "Báo cáo tháng 03/2027",
    )
    thpt = periods[("graduation_thpt", 0)]
    assert (thpt.opens_on, thpt.locks_on) == (date(2027, 8, 5), date(2027, 8, 15))
    assert periods[("sync_mid", 0)].opens_on == date(2027, 1, 10)
    assert periods[("sync_start", 0)].is_milestone


def test_production_refuses_a_pinned_date(monkeypatch, tmp_path):
    monkeypatch.setenv("SMAS_INSTANCE_PATH", str(tmp_path))
    monkeypatch.setenv("SMAS_ENV", "production")
    monkeypatch.setenv("SMAS_SECRET_KEY", "k" * 32)
    monkeypatch.setenv("SMAS_DATABASE_URL", f"sqlite:///{tmp_path}/x.sqlite3")
    monkeypatch.setenv("SMAS_PUBLIC_URL", "https://smas.example.vn/")
    monkeypatch.setenv("SMAS_TODAY", "2026-09-03")
    with pytest.raises(RuntimeError, match="SMAS_TODAY"):
        create_app()
    monkeypatch.setenv("SMAS_ENV", "development")
    monkeypatch.setenv("SMAS_TODAY", "03/09/2026")
    with pytest.raises(RuntimeError, match="YYYY-MM-DD"):
        create_app()
    monkeypatch.setenv("SMAS_TODAY", "2026-09-03")
    app = create_app()
    with app.app_context():
        assert clock.today() == date(2026, 9, 3)
        assert clock.now().tzinfo == clock.VN_TZ


def test_a_write_after_the_lock_names_the_unlock_it_went_through(world):
    """Inside the window no reason; after the lock, through an unlock, every write
    path (flush, ORM bulk, Core) names the unlock in the audit trail."""
    with time_machine.travel(OPEN, tick=False):
        db.session.add(Room(**room_row(world.s1, name="Trong kỳ")))
        db.session.commit()
    with time_machine.travel(LOCKED, tick=False):
        grant = unlocks.grant_direct(
            world.admin, world.s1, ["facilities"], date(2026, 9, 20), "Bổ sung phòng"
        )
        db.session.commit()
        db.session.add(Room(**room_row(world.s1, name="Sau khóa")))
        db.session.commit()
        db.session.execute(insert(Room), [room_row(world.s1, name="Hàng loạt")])
        db.session.commit()
        db.session.execute(
            insert(Room.__table__).values(**room_row(world.s1, name="Core"))
        )
        db.session.commit()
    in_window, *after = [e for e in audit_rows() if e.table_name == "rooms"]
    assert in_window.reason is None
    assert len(after) == 3
    assert {e.reason for e in after} == {f"Theo mở khóa số {grant.id}: Bổ sung phòng"}
