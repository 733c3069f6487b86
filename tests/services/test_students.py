"""Pupil services without HTTP: search scoping, the record's rules, one pupil one
active record (service and database), movements and the derived status."""

from datetime import date, timedelta

import pytest
from sqlalchemy.exc import IntegrityError

from smasweb import clock
from smasweb.extensions import db
from smasweb.models import Enrollment, Movement, Student
from smasweb.services import school_data
from smasweb.services.errors import NotFound, PermissionDenied, ValidationFailed
from smasweb.services.students import movements as students_movements
from smasweb.services.students import records as students
from smasweb.services.students import search as students_search
from smasweb.services.students import transfers as students_transfer
from tests.factories import make_student
from tests.web.test_students_views import make_class

PID = "086218001234"


def data(**overrides) -> students.StudentData:
    values = {"full_name": "Lê Văn Tý", "gender": "01", "birth_date": date(2018, 3, 4)}
    return students.StudentData(**{**values, **overrides})


def test_search_scope_by_role(world):
    make_student(world.s1, full_name="Nguyễn An")
    make_student(world.s2, full_name="Nguyễn Bé")
    make_student(world.thpt, full_name="Nguyễn Cả")
    f = students.StudentFilters(q="nguyen")

    def names(actor):
        return {r[0].full_name for r in students.search_students(actor, f)[0]}

    assert names(world.admin) == {"Nguyễn An", "Nguyễn Bé", "Nguyễn Cả"}
    assert names(world.division_mnth) == {"Nguyễn An", "Nguyễn Bé"}
    assert names(world.district) == {"Nguyễn An"}
    assert names(world.clerk) == {"Nguyễn An"}
    with pytest.raises(NotFound):
        students.search_students(world.division, f)


@pytest.mark.parametrize("sort_up_to", [30_000, 2])  # matches sorted / name walked
def test_search_pages_in_name_order_with_the_total(world, monkeypatch, sort_up_to):
    monkeypatch.setattr(students_search, "SORT_MATCHES_UP_TO", sort_up_to)
    cls = make_class(world.s1)
    for name in ("Trần Văn Vỹ", "Lê Thị An", "Trần Thị Bình", "Trần An", "Võ Trần"):
        make_student(world.s1, cls, full_name=name)
    make_student(world.s2, full_name="Trần Thị Cúc")
    f = students.StudentFilters(q="tran")

    def page(actor, n):
        rows, total = students.search_students(actor, f, n, per_page=2)
        return [(r[0].full_name, r[1].id, r[2]) for r in rows], total

    one, two = page(world.admin, 1), page(world.admin, 2)
    assert one == (
        [("Trần An", world.s1.id, "1A"), ("Trần Thị Bình", world.s1.id, "1A")],
        5,
    )
    assert two == (
        [("Trần Thị Cúc", world.s2.id, None), ("Võ Trần", world.s1.id, "1A")],
        5,
    )
    assert page(world.admin, 3) == ([("Trần Văn Vỹ", world.s1.id, "1A")], 5)
    assert page(world.admin, 4) == ([], 5)
    assert page(world.clerk, 1)[1] == 4
    assert students.search_students(world.admin, students.StudentFilters(q="zz")) == (
        [],
        0,
    )


def test_create_enrols_and_records_the_admission(world):
    cls = make_class(world.s1)
    student = students.create_student(world.clerk, world.s1, data(), cls.id)
    assert student.school_code == "HS00001" and student.status == "01"
    assert db.session.query(Enrollment).one().class_id == cls.id
    assert db.session.query(Movement).one().kind == "admission"


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"ministry_code": "12345"}, "ministry_code"),
        ({"personal_id": "086318001234"}, "personal_id"),  # 4th digit: a girl's
        ({"birth_date": date(2000, 1, 1)}, "birth_date"),
        ({"father_phone": "12345"}, "father_phone"),
        ({"ethnicity": "99x"}, "ethnicity"),
        ({"supports": ("77",)}, "supports"),
    ],
)
def test_record_rules(world, overrides, field):
    cls = make_class(world.s1)
    with pytest.raises(ValidationFailed) as err:
        students.create_student(world.clerk, world.s1, data(**overrides), cls.id)
    assert err.value.field == field


def test_one_active_record_names_the_school_only_if_visible(world):
    make_student(world.s2, personal_id=PID)
    cls = make_class(world.s1)
    with pytest.raises(ValidationFailed) as err:
        students.create_student(world.clerk, world.s1, data(personal_id=PID), cls.id)
    assert err.value.field == "personal_id" and "trường khác" in err.value.message
    assert world.s2.name not in err.value.message


def test_an_inactive_record_elsewhere_does_not_block(world):
    make_student(world.s2, personal_id=PID, active=False, status="04")
    cls = make_class(world.s1)
    student = students.create_student(
        world.clerk, world.s1, data(personal_id=PID), cls.id
    )
    assert student.personal_id == PID


def test_database_refuses_two_active_records(world):
    make_student(world.s2, personal_id=PID)
    with pytest.raises(IntegrityError):
        make_student(world.s1, personal_id=PID)
    db.session.rollback()


def test_teacher_and_district_may_not_create(world):
    with pytest.raises(NotFound):
        school_data.writable_school(world.district, students.FIELD)
    cls = make_class(world.s1)
    with pytest.raises(PermissionDenied):
        students.create_student(world.teacher, world.s1, data(), cls.id)


def test_repeat_enrols_in_next_years_class(world):
    cls = make_class(world.s1)
    later = make_class(world.s1, "1B", year=cls.year + 1)
    student = make_student(world.s1, cls)
    move = students_movements.MovementData(
        kind="repeat", on_date=clock.today() - timedelta(days=1), class_id=later.id
    )
    students_movements.add_movement(world.clerk, student, move)
    years = {e.year: e.class_id for e in db.session.query(Enrollment)}
    assert years == {cls.year: cls.id, later.year: later.id}
    assert student.status == "01" and student.active


def test_transfer_in_candidates_show_no_one_from_own_school(world):
    make_student(world.s1, full_name="Cùng Trường", birth_date=date(2018, 1, 1))
    make_student(world.s2, full_name="Cùng Trường", birth_date=date(2018, 1, 1))
    found = students_transfer.find_candidates(
        world.clerk, name="cung truong", birth=date(2018, 1, 1)
    )
    assert [c.school_name for c in found] == [world.s2.name]
    assert not hasattr(found[0], "personal_id")


def test_transfer_in_refuses_a_record_of_own_school(world):
    cls = make_class(world.s1)
    student = make_student(world.s1)
    move = students_transfer.TransferInData(
        source_id=student.id, class_id=cls.id, on_date=clock.today()
    )
    with pytest.raises(NotFound):
        students_transfer.transfer_in(world.clerk, move)
    assert db.session.query(Student).count() == 1
