"""`flask smas demo` gives every demo school plausible staff, with Khmer staff in the
Khmer districts, valid personal IDs, a yearly assignment and homeroom links."""

from collections import Counter

import pytest
from sqlalchemy import select

from smasweb.demo.names import KHMER_FAMILY
from smasweb.extensions import db
from smasweb.models import StaffMember, StaffYear, Unit, User
from smasweb.models.schools import ClassGroup
from smasweb.services import personal_id
from smasweb.services import years as school_years
from smasweb.services.staff import summary as staff_summary

TRA_ON = "86862"  # school codes: 86 + district 862 (Trà Ôn) + number


@pytest.fixture
def demo(demo_db):
    schools = list(db.session.scalars(select(Unit).where(Unit.kind == "school")))
    staff = list(db.session.scalars(select(StaffMember)))
    return schools, staff


def test_every_school_has_a_principal_deputies_teachers_and_employees(demo):
    schools, staff = demo
    per_school = Counter((s.school_id, s.group, s.position) for s in staff)
    for school in schools:
        head = "05" if "05" in school.level_codes else "01"
        assert per_school[(school.id, "01", head)] == 1, school.name
        deputies = sum(
            n
            for (sid, g, p), n in per_school.items()
            if sid == school.id and g == "01" and p != head
        )
        assert 1 <= deputies <= 3
        assert per_school[(school.id, "03", "35")] >= 2
        assert per_school[(school.id, "02", "15")] == 1  # kế toán


def test_personal_ids_are_valid_and_unique(demo):
    _, staff = demo
    for s in staff:
        assert personal_id.problem(s.personal_id, s.gender, s.birth_date) is None
    assert len({s.personal_id for s in staff}) == len(staff)
    ours = sum(s.personal_id.startswith("086") for s in staff)
    assert ours > 0.8 * len(staff)


def test_khmer_staff_work_in_tra_on_schools_with_khmer_names(demo):
    schools, staff = demo
    tra_on = {s.id for s in schools if s.code.startswith(TRA_ON)}
    khmer = [s for s in staff if s.ethnicity == "05"]
    assert any(s.school_id in tra_on for s in khmer)
    assert all(s.full_name.split()[0] in KHMER_FAMILY for s in khmer)
    long_ho = {s.id for s in schools if s.code.startswith("86857")}
    assert not any(s.school_id in long_ho for s in khmer)


def test_people_are_plausible(demo):
    _, staff = demo
    year = school_years.current_year()
    ages = [year - s.birth_date.year for s in staff]
    assert min(ages) >= 23 and max(ages) <= 59
    women = Counter(s.gender for s in staff if s.teaching_level == "01")
    assert women["02"] > 0.9 * sum(women.values())  # preschool teachers
    civil_servants = sum(s.contract in ("07", "08") for s in staff)
    assert civil_servants > 0.75 * len(staff)
    teachers = [s for s in staff if s.group == "03"]
    below = sum(s.training_standard == "03" for s in teachers)
    assert below < 0.2 * len(teachers)
    assert all(s.sort_key and s.name_folded for s in staff)


def test_teachers_have_this_years_assignment_and_homeroom_classes(demo):
    year = school_years.current_year()
    rows = db.session.execute(
        select(StaffMember.group, StaffMember.teaching_level, StaffYear)
        .join(StaffYear, StaffYear.staff_id == StaffMember.id)
        .where(StaffYear.year == year)
    ).all()
    teaching = [y for g, level, y in rows if g == "03" and level != "01"]
    assert teaching and all(15 <= y.periods_per_week <= 19 for y in teaching)
    assert all(y.subjects for y in teaching)
    classes = list(
        db.session.scalars(select(ClassGroup).where(ClassGroup.year == year))
    )
    linked = [c for c in classes if c.homeroom_staff_id]
    assert len(linked) > 0.8 * len(classes)
    for c in linked[:50]:
        teacher = db.session.get(StaffMember, c.homeroom_staff_id)
        assert (
            teacher.school_id == c.school_id and c.homeroom_teacher == teacher.full_name
        )


def test_demo_teacher_accounts_link_to_a_staff_record_of_their_school(demo):
    users = db.session.scalars(select(User).where(User.role == "teacher")).all()
    for user in users:
        record = db.session.get(StaffMember, user.staff_id)
        assert record.school_id == user.unit_id and record.full_name == user.full_name


def test_summary_of_a_demo_school_equals_a_count_of_its_records(demo):
    schools, staff = demo
    school = next(s for s in schools if s.code.startswith(TRA_ON))
    admin = db.session.scalar(select(User).where(User.username == "admin"))
    year = school_years.current_year()
    rows = {r.indicator: r.cells for r in staff_summary.build(admin, [school.id], year)}
    mine = [s for s in staff if s.school_id == school.id and s.status != "02"]
    teachers = [s for s in mine if s.group == "03"]
    assert rows["78"][0] == len(mine)
    assert rows["78"][1] == sum(s.gender == "02" for s in mine)
    assert rows["78"][2] == sum(s.ethnicity == "05" for s in mine)
    assert rows["80"][0] == 1
    assert rows["96"][0] == len(teachers)
    assert rows["96"][5] == sum(s.contract == "07" for s in teachers)
    assert rows["110"][0] == sum(s.group == "02" for s in mine)
