"""Who opens which gradebooks (services/assessment/access.py) and the teaching
assignments with a class's electives (services/assessment/teaching.py)."""

import pytest
from sqlalchemy import select

from smasweb.extensions import db
from smasweb.models import ClassGroup
from smasweb.models.assessment import ClassSubject, TeachingAssignment
from smasweb.services import years as school_years
from smasweb.services.assessment import access, teaching
from smasweb.services.errors import NotFound, PermissionDenied, ValidationFailed
from tests.factories import make_staff, make_user


@pytest.fixture
def thpt(world):
    """THPT Trà Ôn: class 10A, two teachers (one with an account), its leader."""
    school = world.thpt
    year = school_years.current_year()
    world.cls = ClassGroup(school_id=school.id, year=year, grade="10", name="10A")
    world.cls6 = ClassGroup(school_id=world.s1b.id, year=year, grade="06", name="6A")
    db.session.add_all([world.cls, world.cls6])
    world.t1 = make_staff(school, full_name="Phan Văn Toán")
    world.t2 = make_staff(school, full_name="Hồ Thị Lý")
    world.gv = make_user("teacher", school, staff_id=world.t1.id)
    world.clerk_thpt = make_user("school_clerk", school)
    db.session.commit()
    return world


def test_the_leader_chooses_electives_and_teachers_of_a_class(thpt):
    plan = teaching.plan(thpt.leader_thpt, thpt.cls.id)
    assert "vat_li" not in {s.code for s in plan.subjects}  # not chosen yet
    teachers = {("toan", 1): thpt.t1.id, ("toan", 2): thpt.t2.id}
    teachers[("vat_li", 1)] = thpt.t2.id
    saved = teaching.save(
        thpt.leader_thpt, plan, teachers, {"vat_li", "hoa_hoc", "sinh_hoc", "tin_hoc"}
    )
    db.session.commit()
    assert "vat_li" in {s.code for s in saved.subjects}
    assert saved.teachers == teachers
    assert saved.missing == len(saved.subjects) * 2 - 3
    # dropping Vật lí drops its teacher too; an empty choice takes a teacher back
    again = teaching.save(
        thpt.clerk_thpt,
        saved,
        {("toan", 2): None},
        {"hoa_hoc", "sinh_hoc", "tin_hoc", "dia_li"},
    )
    db.session.commit()
    assert again.teachers == {("toan", 1): thpt.t1.id}
    chosen = db.session.scalars(select(ClassSubject.subject_code)).all()
    assert sorted(chosen) == ["dia_li", "hoa_hoc", "sinh_hoc", "tin_hoc"]


@pytest.mark.parametrize(
    ("electives", "teachers", "field"),
    [
        ({"vat_li", "hoa_hoc", "sinh_hoc", "tin_hoc", "dia_li"}, {}, "electives"),
        ({"toan"}, {}, "electives"),
        (set(), {("toan", 1): -1}, "t_toan_1"),
    ],
)
def test_a_bad_choice_is_refused_next_to_its_field(thpt, electives, teachers, field):
    plan = teaching.plan(thpt.leader_thpt, thpt.cls.id)
    with pytest.raises(ValidationFailed) as refused:
        teaching.save(thpt.leader_thpt, plan, teachers, electives)
    db.session.rollback()
    assert refused.value.field == field
    assert db.session.scalars(select(TeachingAssignment)).all() == []
    assert db.session.scalars(select(ClassSubject)).all() == []


def test_a_teacher_of_another_school_is_refused(thpt):
    stranger = make_staff(thpt.s1b)
    plan = teaching.plan(thpt.leader_thpt, thpt.cls.id)
    with pytest.raises(ValidationFailed):
        teaching.save(thpt.leader_thpt, plan, {("toan", 1): stranger.id}, None)


def test_only_the_schools_leader_and_clerk_assign(thpt):
    with pytest.raises(PermissionDenied):
        teaching.plan(thpt.gv, thpt.cls.id)
    with pytest.raises(NotFound):
        teaching.plan(thpt.leader_thpt, thpt.cls6.id)  # another school's class
    with pytest.raises(NotFound):
        teaching.plan(thpt.district, thpt.cls.id)  # no school of its own


def test_a_teacher_opens_what_it_is_assigned_and_writes_only_that(thpt):
    plan = teaching.plan(thpt.leader_thpt, thpt.cls.id)
    teaching.save(thpt.leader_thpt, plan, {("toan", 2): thpt.t1.id}, None)
    db.session.commit()
    year = school_years.current_year()
    entries = access.entries(thpt.gv, thpt.thpt, year)
    assert [(e.subject.code, e.semesters) for e in entries] == [("toan", {2: True})]
    assert access.get_grid(thpt.gv, thpt.cls.id, "toan", 2).writable
    with pytest.raises(PermissionDenied):
        access.get_grid(thpt.gv, thpt.cls.id, "toan", 1)
    with pytest.raises(NotFound):
        access.get_grid(thpt.leader_thpt, thpt.cls.id, "vat_li", 1)  # not chosen
    leader = access.entries(thpt.leader_thpt, thpt.thpt, year)
    assert all(e.semesters == {1: True, 2: True} for e in leader)
    grid = access.get_grid(thpt.admin, thpt.cls.id, "toan", 1)
    assert not grid.writable and grid.personal  # the admin reads everything
    with pytest.raises(NotFound):
        access.get_grid(thpt.district, thpt.cls.id, "toan", 1)  # not its school
