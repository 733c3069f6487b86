"""Giao lớp: the leader gives a teacher another class and takes it back; the teacher's
classes follow; other schools, other roles and the closed "classes" window are
refused; each change is in the audit trail."""

from datetime import datetime

import pytest
import time_machine
from sqlalchemy import select

from smasweb import clock
from smasweb.extensions import db
from smasweb.models import AuditEntry, ClassGroup
from smasweb.models.attendance import ClassTeacher
from smasweb.services.attendance import assignments, classes
from smasweb.services.calendar import rules as calendar_rules
from smasweb.services.errors import (
    NotFound,
    PeriodLocked,
    PermissionDenied,
    ValidationFailed,
)
from tests.factories import make_staff

pytestmark = pytest.mark.real_calendar

OPEN = datetime(2026, 9, 3, 9, tzinfo=clock.VN_TZ)  # the classes' window (1–6/9)
LATER = datetime(2026, 9, 4, 9, tzinfo=clock.VN_TZ)
CLOSED = datetime(2026, 10, 14, 8, tzinfo=clock.VN_TZ)


def at(moment):
    return time_machine.travel(moment, tick=False)


def _class(school, name, staff=None):
    cls = ClassGroup(
        school_id=school.id,
        year=2026,
        grade="03",
        name=name,
        session_pattern="4",
        homeroom_staff_id=staff.id if staff else None,
    )
    db.session.add(cls)
    db.session.flush()
    return cls


@pytest.fixture
def school(world):
    """Teacher Ánh (world.teacher's staff record) is homeroom teacher of 3A; 3B is a
    colleague's; s2 has its own teacher and class."""
    with at(OPEN):
        calendar_rules.ensure_year(2026)
        world.anh = make_staff(world.s1, full_name="Đỗ Thị Ánh")
        world.teacher.staff_id = world.anh.id
        world.a = _class(world.s1, "3A", world.anh)
        world.b = _class(world.s1, "3B", make_staff(world.s1))
        world.s2_teacher = make_staff(world.s2)
        world.s2_class = _class(world.s2, "3A")
        db.session.commit()
    return world


def _give(w, actor=None, staff=None, cls=None):
    return assignments.give(
        actor or w.leader, w.s1, (staff or w.anh).id, (cls or w.b).id, 2026
    )


def _names(w) -> list[str]:
    return [c.name for c in classes.list_classes(w.teacher, w.s1, 2026)]


def test_a_given_class_is_the_teachers_until_taken_back(school):
    w = school
    assert _names(w) == ["3A"]
    with at(OPEN):
        _give(w)
        db.session.commit()
    assert _names(w) == ["3A", "3B"]
    assert classes.get_class(w.teacher, w.b.id).writable
    row = db.session.scalars(select(ClassTeacher)).one()
    with at(LATER):
        member, cls = assignments.take_back(w.leader, row.id)
        db.session.commit()
    assert (member.full_name, cls.name) == ("Đỗ Thị Ánh", "3B")
    assert _names(w) == ["3A"]
    with pytest.raises(PermissionDenied):
        classes.get_class(w.teacher, w.b.id)


def test_the_audit_trail_keeps_the_giving_and_the_taking_back(school):
    w = school
    with at(OPEN):
        _give(w)
        db.session.commit()
        row_id = db.session.scalar(select(ClassTeacher.id))
        assignments.take_back(w.leader, row_id)
        db.session.commit()
    entries = db.session.scalars(
        select(AuditEntry)
        .where(AuditEntry.table_name == "class_teachers")
        .order_by(AuditEntry.id)
    ).all()
    assert [(e.action, e.field, e.record_id) for e in entries] == [
        ("insert", "classes", row_id),
        ("delete", "classes", row_id),
    ]
    assert entries[0].user_id == w.leader.id and entries[0].school_id == w.s1.id
    assert entries[0].changes["staff_id"] == [None, w.anh.id]


def test_another_schools_class_or_teacher_is_not_found(school):
    w = school
    with at(OPEN):
        with pytest.raises(NotFound):
            _give(w, cls=w.s2_class)
        with pytest.raises(NotFound):
            _give(w, staff=w.s2_teacher)
        with pytest.raises(NotFound):  # the older service refuses it too
            classes.assign_class(w.leader, w.b, w.s2_teacher.id)
        _give(w)
        db.session.commit()
        row_id = db.session.scalar(select(ClassTeacher.id))
        with pytest.raises(NotFound):
            assignments.take_back(w.leader2, row_id)
        with pytest.raises(NotFound):
            assignments.managed_school(w.district)
    assert db.session.scalar(select(ClassTeacher.id)) == row_id


@pytest.mark.parametrize("who", ["clerk", "teacher"])
def test_only_the_leader_gives_and_takes_back(school, who):
    w = school
    actor = getattr(w, who)
    with at(OPEN):
        with pytest.raises(PermissionDenied):
            _give(w, actor=actor)
        _give(w)
        db.session.commit()
        row_id = db.session.scalar(select(ClassTeacher.id))
        with pytest.raises(PermissionDenied):
            assignments.take_back(actor, row_id)
    assert not assignments.may_give(actor, w.s1)
    assert assignments.may_give(w.leader, w.s1)


def test_the_homeroom_class_a_second_time_or_an_employee_is_refused(school):
    w = school
    with at(OPEN):
        employee = make_staff(w.s1, group="02", full_name="Bảo Vệ")
        with pytest.raises(ValidationFailed) as homeroom:
            _give(w, cls=w.a)
        _give(w)
        with pytest.raises(ValidationFailed) as twice:
            _give(w)
        with pytest.raises(ValidationFailed) as staff:
            _give(w, staff=employee)
    assert (homeroom.value.field, homeroom.value.message) == (
        "class_id",
        "Đỗ Thị Ánh là giáo viên chủ nhiệm lớp 3A.",
    )
    assert twice.value.message == "Đỗ Thị Ánh đã được giao lớp 3B."
    assert staff.value.field == "staff_id"


def test_outside_the_classes_window_the_guard_refuses_with_423(school):
    w = school
    with at(OPEN):
        _give(w)
        colleague = make_staff(w.s1)
        db.session.commit()
    row_id = db.session.scalar(select(ClassTeacher.id))
    with at(CLOSED):
        with pytest.raises(PeriodLocked) as exc:
            _give(w, cls=w.a, staff=colleague)
        db.session.rollback()
        with pytest.raises(PeriodLocked):
            assignments.take_back(w.leader, row_id)
        db.session.rollback()
    assert exc.value.status == 423
    assert db.session.scalars(select(ClassTeacher.id)).all() == [row_id]


def test_the_list_shows_homeroom_and_given_classes_and_who_has_an_account(school):
    w = school
    with at(OPEN):
        _give(w)
        db.session.commit()
        rows = assignments.teachers(w.leader, w.s1, 2026)
    anh = next(r for r in rows if r.staff.id == w.anh.id)
    assert [c.name for c in anh.homeroom] == ["3A"]
    assert [c.name for _, c in anh.given] == ["3B"]
    assert anh.has_account
    other = next(r for r in rows if r.staff.id == w.b.homeroom_staff_id)
    assert [c.name for c in other.homeroom] == ["3B"] and not other.has_account
    assert w.s2_teacher.id not in {r.staff.id for r in rows}
