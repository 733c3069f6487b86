"""The pupils' summary page (section III), its filters, its Excel export and scope."""

from datetime import date

import pytest

from smasweb.extensions import db
from smasweb.models.schools import ClassGroup
from smasweb.services import years as school_years
from tests.conftest import HX
from tests.factories import make_student
from tests.web.test_staff_summary_views import cell_numbers, sheet_rows


@pytest.fixture
def students(world):
    year = school_years.ensure_year(school_years.current_year()).year
    classes = {}
    for school, grade in ((world.s1, "01"), (world.s1b, "06"), (world.s2, "02")):
        classes[school.id] = cls = ClassGroup(
            school_id=school.id, year=year, grade=grade, name=f"{int(grade)}A"
        )
        db.session.add(cls)
    db.session.flush()
    born = date(year - 6, 2, 3)
    make_student(world.s1, classes[world.s1.id], gender="02", birth_date=born)
    make_student(world.s1, classes[world.s1.id], ethnicity="05", birth_date=born)
    make_student(world.s1b, classes[world.s1b.id], birth_date=date(year - 11, 1, 1))
    make_student(
        world.s2,
        classes[world.s2.id],
        gender="02",
        ethnicity="05",
        full_name="Thạch Thị Sa Rươn",
        birth_date=date(year - 7, 1, 1),
    )
    db.session.commit()
    return world


def test_school_user_sees_their_school_summary(students, login):
    page = login(students.clerk).get("/students/summary")
    assert page.status_code == 200 and "<html" in page.text
    assert "Trường Tiểu học Long Phước" in page.text
    assert cell_numbers(page.text, "37") == [2, 1, 1, 0, 2, 1, 1, 0, 0, 0, 0, 0]
    assert cell_numbers(page.text, "52")[0] == 2  # 6 years old in grade 1


def test_filter_answers_htmx_with_the_fragment(students, login):
    resp = login(students.district).get(
        f"/students/summary?school={students.s1.id}", headers=HX
    )
    assert resp.text.lstrip().startswith('<section id="students-summary"')
    assert cell_numbers(resp.text, "37")[0] == 2


def test_district_and_mnth_division_scopes(students, login):
    page = login(students.district).get("/students/summary")
    assert cell_numbers(page.text, "37")[0] == 3  # s1 and s1b, not s2
    assert "Trường THCS Long Phước" in page.text
    mnth = login(students.division_mnth)
    assert cell_numbers(mnth.get("/students/summary").text, "37")[0] == 3  # no THCS
    page = mnth.get(f"/students/summary?district={students.d2.id}")
    assert cell_numbers(page.text, "37") == [1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0]
    assert mnth.get(f"/students/summary?school={students.s1b.id}").status_code == 404


@pytest.mark.parametrize(
    ("who", "url"),
    [
        ("clerk", "/students/summary?school={s2}"),
        ("district", "/students/summary.xlsx?school={s2}"),
        ("division", "/students/summary"),  # TCCB reads no pupils
        ("division", "/students/summary.xlsx"),
    ],
)
def test_outside_the_scope_is_404(students, login, who, url):
    url = url.format(s2=students.s2.id)
    assert login(getattr(students, who)).get(url).status_code == 404


def test_excel_equals_the_page(students, login):
    client = login(students.admin)
    page = client.get("/students/summary").text
    rows = sheet_rows(client.get("/students/summary.xlsx"))
    assert rows[0][:3] == ("Mã số", "Chỉ tiêu", "Tổng số")
    assert rows[1][:3] == ("37", "3.1. Tổng quy mô", 4)
    for row in rows[1:]:
        if row[0]:
            assert list(row[2:]) == cell_numbers(page, row[0]), row[1]
    assert any(r[1] == "Học sinh lớp 6" for r in rows)
