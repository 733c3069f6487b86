"""The primary gradebook (services/assessment/primary_grid.py, TT 27/2020): which
moments have a test column, the homeroom teacher writes every subject of its
class and a specialist only its own, a save stores only what changed (dated
today) and deletes what was emptied, a bad cell refuses the whole save."""

import pytest
from sqlalchemy import select

from smasweb import clock
from smasweb.extensions import db
from smasweb.models import ClassGroup
from smasweb.models.assessment import PrimaryEvaluation, TeachingAssignment
from smasweb.services import years as school_years
from smasweb.services.assessment import access, gradebook, primary_grid, teaching
from smasweb.services.errors import NotFound, PermissionDenied
from tests.factories import make_staff, make_student, make_user


@pytest.fixture
def primary(world):
    """Tiểu học Long Phước: 4A (homeroom `gv`, two pupils), 3A (homeroom `gv2`),
    an English teacher `gvta` assigned Ngoại ngữ 1 of 4A in semester I."""
    school, year = world.s1, school_years.current_year()
    staff = [make_staff(school) for _ in range(3)]
    world.gv, world.gv2, world.gvta = (
        make_user("teacher", school, staff_id=s.id) for s in staff
    )
    world.c4 = ClassGroup(
        school_id=school.id,
        year=year,
        grade="04",
        name="4A",
        homeroom_staff_id=staff[0].id,
    )
    world.c3 = ClassGroup(
        school_id=school.id,
        year=year,
        grade="03",
        name="3A",
        homeroom_staff_id=staff[1].id,
    )
    db.session.add_all([world.c4, world.c3])
    db.session.flush()
    world.an = make_student(school, world.c4, full_name="Lê Thị An")
    world.bao = make_student(school, world.c4, full_name="Trần Văn Bảo")
    db.session.add(
        TeachingAssignment(
            school_id=school.id,
            year=year,
            class_id=world.c4.id,
            subject_code="ngoai_ngu_1",
            semester=1,
            staff_id=staff[2].id,
        )
    )
    db.session.commit()
    return world


def keys(sheet):
    return [c.key for c in sheet.columns]


def test_the_test_column_is_there_only_when_the_subject_has_a_test(primary):
    def sheet(cls, code, sem=1):
        return primary_grid.grid(primary.leader, cls.id, code, sem)

    assert keys(sheet(primary.c4, "toan")) == [
        "gk1_level",
        "gk1_test",
        "gk1_comment",
        "ck1_level",
        "ck1_test",
        "ck1_comment",
    ]
    assert "gk2_test" in keys(sheet(primary.c4, "tieng_viet", 2))  # lớp 4: mid-terms
    assert keys(sheet(primary.c4, "khoa_hoc")) == [
        "gk1_level",
        "gk1_comment",
        "ck1_level",
        "ck1_test",
        "ck1_comment",
    ]
    assert "gk1_test" not in keys(sheet(primary.c3, "toan"))  # lớp 3: end only
    assert not any(c.part == "test" for c in sheet(primary.c4, "dao_duc").columns)


def test_the_homeroom_teacher_writes_every_subject_a_specialist_only_its_own(primary):
    year = school_years.current_year()
    entries = access.entries(primary.gv, primary.s1, year)
    assert {e.cls.name for e in entries} == {"4A"}
    assert all(e.semesters == {1: True, 2: True} for e in entries)
    assert {e.subject.code for e in entries} >= {"toan", "dao_duc", "ngoai_ngu_1"}
    assert primary_grid.grid(primary.gv, primary.c4.id, "dao_duc", 2).access.writable
    english = access.entries(primary.gvta, primary.s1, year)
    assert [(e.subject.code, e.semesters) for e in english] == [
        ("ngoai_ngu_1", {1: True})
    ]
    with pytest.raises(PermissionDenied):
        primary_grid.grid(primary.gvta, primary.c4.id, "toan", 1)
    with pytest.raises(PermissionDenied):
        primary_grid.grid(primary.gv2, primary.c4.id, "toan", 1)  # 3A's teacher


def test_a_save_writes_what_changed_dated_today_and_deletes_what_was_emptied(
    primary,
):
    an, bao = primary.an.id, primary.bao.id
    typed = {
        (an, "gk1_level"): "t",
        (an, "gk1_test"): "9",
        (an, "gk1_comment"): "  Tính nhanh,   cẩn thận. ",
        (bao, "ck1_level"): "CHT",
        (bao, "ck1_test"): "4",
    }
    sheet = primary_grid.grid(primary.gv, primary.c4.id, "toan", 1)
    assert primary_grid.save(primary.gv, sheet, typed) == 5
    db.session.commit()
    rows = db.session.scalars(select(PrimaryEvaluation)).all()
    got = {(r.student_id, r.term): (r.level, r.test_score, r.comment) for r in rows}
    assert got == {
        (an, "gk1"): ("T", 9, "Tính nhanh, cẩn thận."),
        (bao, "ck1"): ("C", 4, None),
    }
    assert {r.day for r in rows} == {clock.today()}
    assert {r.item for r in rows} == {"toan"}
    again = primary_grid.grid(primary.gv, primary.c4.id, "toan", 1)
    row = next(r for r in again.rows if r.student.id == an)
    assert row.cells["gk1_test"] == "9" and row.cells["gk1_level"] == "T"
    same = dict(typed) | {(bao, "ck1_level"): "C"}
    assert primary_grid.save(primary.gv, again, same) == 0
    emptied = {k: v for k, v in typed.items() if k[0] == an}
    assert primary_grid.save(primary.gv, again, emptied) == 2
    db.session.commit()
    assert db.session.scalars(select(PrimaryEvaluation.student_id)).all() == [an]


@pytest.mark.parametrize(
    ("key", "typed", "message"),
    [
        ("gk1_level", "A", "Chỉ nhập T (Hoàn thành tốt), H (Hoàn thành)"),
        ("gk1_test", "11", "Điểm kiểm tra phải từ 0 đến 10."),
        ("gk1_test", "7.5", "Điểm kiểm tra là số nguyên"),
        ("gk1_test", "7,5", "Điểm kiểm tra là số nguyên"),
        ("ck1_comment", "x" * 301, "Nhận xét dài tối đa 300 ký tự."),
    ],
)
def test_a_bad_cell_refuses_the_whole_save(primary, key, typed, message):
    sheet = primary_grid.grid(primary.gv, primary.c4.id, "toan", 1)
    entries = {(primary.an.id, "ck1_level"): "H", (primary.bao.id, key): typed}
    with pytest.raises(gradebook.GridErrors) as refused:
        primary_grid.save(primary.gv, sheet, entries)
    db.session.rollback()
    assert list(refused.value.errors) == [(primary.bao.id, key)]
    assert refused.value.errors[primary.bao.id, key].startswith(message)
    assert db.session.scalars(select(PrimaryEvaluation)).all() == []


def test_the_grids_do_not_cross_levels(primary):
    year = school_years.current_year()
    cls6 = ClassGroup(school_id=primary.s1b.id, year=year, grade="06", name="6A")
    db.session.add(cls6)
    db.session.commit()
    with pytest.raises(NotFound):
        gradebook.grid(primary.leader, primary.c4.id, "toan", 1)
    with pytest.raises(NotFound):
        primary_grid.grid(primary.admin, cls6.id, "toan", 1)
    with pytest.raises(NotFound):
        primary_grid.grid(primary.leader, primary.c4.id, "ngu_van", 1)


def test_the_leader_assigns_teachers_of_a_primary_class(primary):
    assert [c.name for c in teaching.classes(primary.s1, primary.c4.year)] == [
        "3A",
        "4A",
    ]
    plan = teaching.plan(primary.leader, primary.c4.id)
    assert not plan.upper and "dao_duc" in {s.code for s in plan.subjects}
    assert plan.teachers == {("ngoai_ngu_1", 1): primary.gvta.staff_id}
    saved = teaching.save(
        primary.leader, plan, {("ngoai_ngu_1", 2): primary.gvta.staff_id}, None
    )
    db.session.commit()
    assert set(saved.teachers) == {("ngoai_ngu_1", 1), ("ngoai_ngu_1", 2)}
