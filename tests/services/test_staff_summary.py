"""Section IV (Cán bộ quản lý, giáo viên, nhân viên) of the start-of-year form."""

from datetime import date

import pytest
from sqlalchemy import event

from smasweb.extensions import db
from smasweb.models import StaffYear
from smasweb.models.schools import SchoolProfile
from smasweb.services import years as school_years
from smasweb.services.errors import NotFound
from smasweb.services.staff import summary
from tests.factories import make_staff, make_unit

Z = [0] * 15


@pytest.fixture
def year():
    return school_years.ensure_year(school_years.current_year()).year


def duties(staff, year, codes):
    db.session.add(
        StaffYear(school_id=staff.school_id, staff_id=staff.id, year=year, duties=codes)
    )
    db.session.flush()


def by_code(rows) -> dict:
    return {r.indicator: r.cells for r in rows}


@pytest.fixture
def demo_school(world, year):
    """A small public primary school (s1) and a private one in the same district."""
    y, s1 = year, world.s1
    f, m = {"gender": "02"}, {"gender": "01"}
    khmer = {"ethnicity": "05"}
    make_staff(s1, group="01", position="01", **f, qualification="16")  # HT
    make_staff(s1, group="01", position="02", **m, **khmer, qualification="02")
    make_staff(s1, group="01", position="02", **f, qualification="14", contract="08")
    make_staff(s1, **f, qualification="16", birth_date=date(y - 25, 3, 1))
    make_staff(
        s1,
        **f,
        **khmer,
        qualification="17",
        contract="08",
        birth_date=date(y - 35, 1, 9),
    )
    tpt = make_staff(
        s1, **m, qualification="03", contract="03", birth_date=date(y - 50, 6, 1)
    )
    duties(tpt, y, "07")  # Tổng phụ trách Đội
    make_staff(s1, **f, qualification="13", birth_date=date(y - 59, 12, 31))
    # 29 on the day school opens, 30 on 31/12: the reference date puts her in 30–39
    make_staff(s1, **f, qualification="16", birth_date=date(y - 30, 12, 31))
    make_staff(s1, status="02")  # transferred out: not counted
    make_staff(s1, group="02", position="15", **f, qualification="04")  # kế toán
    clerk = make_staff(s1, group="02", position="16", **f, contract="03")
    duties(clerk, y, "15,14")  # văn thư kiêm thủ quỹ → 119 only
    make_staff(s1, group="02", position="17", **m, contract="04")  # bảo vệ
    make_staff(s1, group="02", position="09", **f, **khmer, contract="08")  # thư viện
    private = make_unit("school", world.d1, name="Trường Tiểu học Tư thục Sao Mai")
    private.ownership = "09"
    make_staff(
        private, group="01", position="01", **f, qualification="02", contract="03"
    )
    make_staff(
        private, **f, **khmer, contract="03", birth_date=date(y - 40, 5, 5)
    )  # GV, ĐHSP
    make_staff(world.s2, group="01", position="01")  # another district
    return private


def test_school_summary_equals_a_hand_count(world, year, demo_school):
    rows = by_code(summary.build(world.leader, [world.s1.id], year))
    #                  T  Nữ DT DTnữ CL VC∞ VCxđ HĐ CLnữ CLDT CLDTnữ NCL…
    assert rows["78"] == [12, 9, 3, 2, 12, 6, 3, 3, 9, 3, 2, 0, 0, 0, 0]
    assert rows["79"] == [3, 2, 1, 0, 3, 2, 1, 0, 2, 1, 0, 0, 0, 0, 0]
    principal = [1, 1, 0, 0, 1, 1, 0, 0, 1, 0, 0, 0, 0, 0, 0]
    assert rows["80"] == principal and rows["83"] == principal  # ĐHSP
    assert all(rows[c] == Z for c in ("81", "82", "84", "85", "86"))
    assert rows["87"] == [2, 1, 1, 0, 2, 1, 1, 0, 1, 1, 0, 0, 0, 0, 0]
    assert rows["88"] == rows["87"] and rows["89"] == Z
    assert rows["91"] == [1, 1, 0, 0, 1, 0, 1, 0, 1, 0, 0, 0, 0, 0, 0]  # CĐ+BDNVSP
    assert rows["93"] == [1, 0, 1, 0, 1, 1, 0, 0, 0, 1, 0, 0, 0, 0, 0]  # Thạc sĩ
    assert rows["96"] == [5, 4, 1, 1, 5, 3, 1, 1, 4, 1, 1, 0, 0, 0, 0]
    assert rows["98"] == [1, 1, 1, 1, 1, 0, 1, 0, 1, 1, 1, 0, 0, 0, 0]  # CĐSP
    assert rows["99"] == [3, 3, 0, 0, 3, 3, 0, 0, 3, 0, 0, 0, 0, 0, 0]  # 16, 13
    assert rows["102"] == [1, 0, 0, 0, 1, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0]  # Khác
    ages = [rows[str(c)][0] for c in range(103, 109)]
    assert ages == [1, 2, 0, 1, 1, 0]
    assert rows["104"] == [2, 2, 1, 1, 2, 1, 1, 0, 2, 1, 1, 0, 0, 0, 0]
    assert rows["109"] == [1, 0, 0, 0, 1, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0]
    assert rows["110"] == [4, 3, 1, 1, 4, 1, 1, 2, 3, 1, 1, 0, 0, 0, 0]
    assert rows["111"] == [1, 1, 1, 1, 1, 0, 1, 0, 1, 1, 1, 0, 0, 0, 0]
    assert rows["113"] == [1, 1, 0, 0, 1, 1, 0, 0, 1, 0, 0, 0, 0, 0, 0]
    assert rows["114"] == Z and rows["115"] == Z  # the clerk is in 119 only
    assert rows["119"] == [1, 1, 0, 0, 1, 0, 0, 1, 1, 0, 0, 0, 0, 0, 0]


def test_rows_follow_the_form(world, year):
    rows = summary.build(world.leader, None, year)
    assert [r.indicator for r in rows] == [str(n) for n in range(78, 120)]
    assert rows[1].number == "4.1." and rows[1].label == "Cán bộ quản lý"
    assert rows[3].heading == "Chia theo trình độ đào tạo"
    assert len(summary.COLUMNS) == len(rows[0].cells) == 15


def test_district_sums_its_schools_and_splits_private_ones(world, year, demo_school):
    rows = by_code(summary.build(world.district, None, year))
    assert rows["78"] == [14, 11, 4, 3, 12, 6, 3, 3, 9, 3, 2, 2, 2, 1, 1]
    assert rows["80"] == [2, 2, 0, 0, 1, 1, 0, 0, 1, 0, 0, 1, 1, 0, 0]
    assert rows["84"] == [1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 0, 0]
    assert rows["105"] == [1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1]


def test_personnel_division_reads_every_school(world, year, demo_school):
    assert summary.build(world.division, None, year)[0].total == 15
    assert summary.build(world.admin, None, year)[0].total == 15
    only_s2 = summary.build(world.division, [world.s2.id], year)
    assert only_s2[0].total == 1


def test_school_users_never_count_other_schools(world, year, demo_school):
    rows = summary.build(world.leader, [world.s1.id, world.s2.id], year)
    assert rows[0].total == 12
    assert summary.build(world.leader2, None, year)[0].total == 1


def test_division_without_staff_is_refused(world, year):
    with pytest.raises(NotFound):
        summary.build(world.division_mnth, None, year)


def test_deputies_of_remote_schools_count_by_region(world, year):
    db.session.add(
        SchoolProfile(
            school_id=world.s1.id,
            year=year,
            name=world.s1.name,
            level_group="06",
            ownership="01",
            region="04",
        )
    )
    make_staff(world.s1, group="01", position="02")
    rows = by_code(summary.build(world.leader, [world.s1.id], year))
    assert rows["89"][0] == 1 and rows["88"][0] == 0


def test_teachers_by_qualification_and_age_add_up(world, year, demo_school):
    rows = by_code(summary.build(world.admin, None, year))
    teachers = rows["96"]
    for first in (97, 103):
        parts = [rows[str(c)] for c in range(first, first + 6)]
        assert [sum(col) for col in zip(*parts, strict=True)] == teachers


def test_summary_is_one_query_whatever_the_number_of_schools(world, year):
    for i in range(5):
        make_staff(make_unit("school", world.d1, name=f"Trường {i}"))
    statements = []

    def record(*_args):
        statements.append(1)

    event.listen(db.engine, "before_cursor_execute", record)
    try:
        rows = summary.build(world.admin, None, year)
    finally:
        event.remove(db.engine, "before_cursor_execute", record)
    assert rows[0].total == 5
    assert len(statements) <= 2


def test_the_form_notes_rules_for_115_119_and_the_bdnvsp_degrees(world, year):
    """Rows 115/119: a person's jobs are their position's row plus their job
    duties; two jobs → 119 only, party or union duties are not jobs. Rows 99/102:
    a degree with the BDNVSP certificate counts as a pedagogy degree."""
    s1 = world.s1
    plain = make_staff(s1, group="02", position="16")  # văn thư only
    duties(plain, year, "03,01")  # union chair, party secretary: still văn thư
    same = make_staff(s1, group="02", position="16")
    duties(same, year, "15")  # văn thư duty of a văn thư: one job
    guard = make_staff(s1, group="02", position="17")  # bảo vệ
    duties(guard, year, "15")  # who keeps the records: văn thư
    twice = make_staff(s1, group="02", position="17")
    duties(twice, year, "14,15")  # thủ quỹ and văn thư: 119
    make_staff(s1, qualification="13")  # Đại học + BDNVSP → ĐHSP
    make_staff(s1, qualification="03")  # Đại học without it → Khác
    rows = by_code(summary.build(world.leader, [s1.id], year))
    assert rows["110"][0] == 4
    assert rows["115"][0] == 3 and rows["119"][0] == 1 and rows["114"] == Z
    assert rows["99"][0] == 1 and rows["102"][0] == 1
