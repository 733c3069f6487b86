"""`flask smas demo` fills every class of the current year with plausible pupils:
Khmer pupils in the Khmer districts, valid personal IDs, ages matching the grade,
a status consistent with each pupil's movements."""

from collections import Counter, defaultdict

import pytest
from sqlalchemy import func, select

from smasweb.demo.names import KHMER_FAMILY
from smasweb.extensions import db
from smasweb.models import Unit, User
from smasweb.models.schools import ClassGroup
from smasweb.models.students import Enrollment, Movement, Student
from smasweb.services import personal_id
from smasweb.services import years as school_years
from smasweb.services.students import rules as student_rules
from smasweb.services.students import summary as students_summary

TRA_ON, LONG_HO = "86862", "86857"  # school codes: 86 + district + number


@pytest.fixture
def demo(demo_db):
    return list(db.session.scalars(select(Unit).where(Unit.kind == "school")))


def test_every_class_of_the_current_year_has_its_planned_students(demo):
    year = school_years.current_year()
    sizes = dict(
        db.session.execute(
            select(Enrollment.class_id, func.count())
            .where(Enrollment.year == year)
            .group_by(Enrollment.class_id)
        ).all()
    )
    classes = list(
        db.session.scalars(select(ClassGroup).where(ClassGroup.year == year))
    )
    assert classes
    for cls in classes:
        assert sizes.get(cls.id) == (cls.planned_size or sizes.get(cls.id)), cls.name
        assert sizes.get(cls.id, 0) >= 8
    # every other pupil record is one of last year's lớp 9 who graduated (the
    # THCS graduation demo): it left before this year began
    enrolled = select(Enrollment.student_id).where(Enrollment.year == year)
    left = db.session.scalars(select(Student).where(Student.id.not_in(enrolled)))
    graduated = select(Movement.student_id).where(Movement.kind == "graduated")
    assert all(s.id in set(db.session.scalars(graduated)) for s in left)
    assert db.session.scalar(
        select(func.count()).select_from(Student).where(Student.id.in_(enrolled))
    ) == sum(sizes.values())


def test_personal_ids_are_valid_and_unique_and_ages_match_the_grade(demo):
    year = school_years.current_year()
    rows = db.session.execute(
        select(Student, ClassGroup.grade)
        .join(Enrollment, Enrollment.student_id == Student.id)
        .join(ClassGroup, ClassGroup.id == Enrollment.class_id)
        .where(Enrollment.year == year)  # last year's classes hold them too
    ).all()
    ids = [s.personal_id for s, _ in rows if s.personal_id]
    assert len(ids) > 0.85 * len(rows)
    assert len(set(ids)) == len(ids)
    codes = [s.ministry_code for s, _ in rows if s.ministry_code]
    assert len(set(codes)) == len(codes) > 0.8 * len(rows)
    assert all(len(c) == 10 and c.isdigit() for c in codes)
    right = 0
    for s, grade in rows:
        keys = Student.search_keys(s.full_name, s.ministry_code, s.school_code)
        assert (s.name_folded, s.sort_key) == (keys["name_folded"], keys["sort_key"])
        if s.personal_id:
            assert personal_id.problem(s.personal_id, s.gender, s.birth_date) is None
        right += year - s.birth_date.year == student_rules.right_age(grade)
    general = sum(student_rules.grade_number(g) is not None for _, g in rows)
    assert 0.9 * general <= right < general
    girls = sum(s.gender == "02" for s, _ in rows) / len(rows)
    assert 0.42 < girls < 0.54


def test_khmer_students_study_in_tra_on_with_khmer_names(demo):
    schools = {s.id: s for s in demo}
    khmer = Counter()
    students = Counter()
    for sid, ethnicity, name in db.session.execute(
        select(Student.school_id, Student.ethnicity, Student.full_name)
    ):
        students[sid] += 1
        if ethnicity == "05":
            khmer[sid] += 1
            assert name.split()[0] in KHMER_FAMILY
    tra_on = [sid for sid in students if schools[sid].code.startswith(TRA_ON)]
    share = sum(khmer[s] for s in tra_on) / sum(students[s] for s in tra_on)
    assert 0.2 < share < 0.45
    assert not any(khmer[s] for s in students if schools[s].code.startswith(LONG_HO))


def test_status_is_consistent_with_the_movements_and_the_summary(demo):
    moves = defaultdict(list)
    for m in db.session.scalars(select(Movement)):
        moves[m.student_id].append(m)
    kinds = {m.kind for ms in moves.values() for m in ms}
    assert kinds == {"transfer_in", "dropout", "graduated"}  # graduated: last lớp 9
    assert len({ms[0].school_id for ms in moves.values()}) == len(demo)
    assert all(m.reason for ms in moves.values() for m in ms if m.kind == "dropout")
    for s in db.session.scalars(select(Student)):
        expected = student_rules.derive_status(moves.get(s.id, []))
        assert (s.status, s.active, s.status_on) == expected, s.full_name
    admin = db.session.scalar(select(User).filter_by(username="admin"))
    rows = students_summary.build(admin, None, school_years.current_year())
    active = db.session.scalar(select(func.count()).where(Student.active))
    dropped = sum(ms[-1].kind == "dropout" for ms in moves.values())
    assert rows[0].indicator == "37" and rows[0].total == active > 0 and dropped
    grades = [r.total for r in rows if r.key.startswith("grade")]
    assert sum(grades) == active


def test_province_demo_fills_a_sample_of_schools_in_the_test_suite(province_demo_db):
    """The full province load (~720,000 pupils) takes minutes per backend (see
    bench/students_search.py); under test every 25th school gets its pupils."""
    year = school_years.current_year()
    schools = db.session.scalar(
        select(func.count()).select_from(Unit).where(Unit.kind == "school")
    )
    filled = db.session.scalar(select(func.count(func.distinct(Student.school_id))))
    assert schools // 25 <= filled <= schools // 25 + 1
    planned = db.session.scalar(
        select(func.sum(ClassGroup.planned_size)).where(
            ClassGroup.year == year,
            ClassGroup.school_id.in_(select(Student.school_id).distinct()),
        )
    )
    assert db.session.scalar(select(func.count()).select_from(Student)) == planned
