"""Class pages: list with search and filters, forms, bulk, roll over, export."""

from io import BytesIO

import pytest
from openpyxl import load_workbook
from sqlalchemy import select

from smasweb.extensions import db
from smasweb.models import ClassGroup
from smasweb.services import years as school_years
from smasweb.services.schools import campuses
from smasweb.services.schools.campuses import CampusData
from tests.conftest import HX, HX_BOOSTED, HX_HISTORY

YEAR = school_years.current_year()  # past years are closed to writes


def add_class(school, name, grade="01", year=YEAR, **kw) -> ClassGroup:
    school_years.ensure_year(year)
    cls = ClassGroup(school_id=school.id, year=year, grade=grade, name=name, **kw)
    db.session.add(cls)
    db.session.commit()
    return cls


def class_names(year=YEAR) -> list[str]:
    stmt = select(ClassGroup.name).where(ClassGroup.year == year)
    return sorted(db.session.scalars(stmt))


def list_url(world, **args) -> str:
    query = "&".join(f"{k}={v}" for k, v in args.items())
    return f"/schools/classes?school={world.s1.id}&year={YEAR}&{query}"


def test_class_list_searches_filters_and_pages(world, login):
    main = campuses.create_campus(world.clerk, world.s1, CampusData("C1", "Chính"))
    for n in range(1, 31):
        add_class(world.s1, f"1A{n}", campus_id=main.id if n == 7 else None)
    add_class(world.s1, "2B", grade="02")
    client = login(world.clerk)
    first = client.get(list_url(world)).text
    assert "31 lớp" in first and "<td>1A1</td>" in first and "Trang 1/2" in first
    assert "<td>1A30</td>" not in first
    assert "<td>1A30</td>" in client.get(list_url(world, page=2)).text
    found = client.get(list_url(world, q="2b"), headers=HX).text
    assert "<td>2B</td>" in found and "<td>1A1</td>" not in found
    by_grade = client.get(list_url(world, grade="02"), headers=HX).text
    assert "1 lớp" in by_grade
    by_campus = client.get(list_url(world, campus=main.id), headers=HX).text
    assert "<td>1A7</td>" in by_campus and "1 lớp" in by_campus


def test_class_list_is_a_fragment_for_htmx_and_a_page_otherwise(world, login):
    client = login(world.district)
    url = list_url(world, q="a")
    fragment = client.get(url, headers=HX)
    assert fragment.text.lstrip().startswith('<section id="class-results">')
    for headers in ({}, HX_BOOSTED, HX_HISTORY):
        page = client.get(url, headers=headers)
        assert "<html" in page.text and 'id="class-results"' in page.text
        assert "HX-Request" in page.vary


def test_read_only_officers_see_no_class_buttons(world, login):
    add_class(world.s1, "1A")
    html = login(world.district).get(list_url(world)).text
    assert "<td>1A</td>" in html
    assert "Thêm lớp" not in html and "Xóa" not in html


def test_classes_export_opens_and_holds_the_rows(world, login):
    add_class(world.s1, "1A", session_pattern="4", planned_size=32)
    add_class(world.s1, "2A", grade="02", foreign_language_1="01")
    add_class(world.s2, "1A")  # another school: not in this export
    resp = login(world.division_mnth).get(
        f"/schools/classes.xlsx?school={world.s1.id}&year={YEAR}"
    )
    assert resp.status_code == 200
    assert resp.mimetype.endswith("spreadsheetml.sheet")
    rows = list(load_workbook(BytesIO(resp.data)).active.iter_rows(values_only=True))
    assert rows[0][:3] == ("Mã khối", "Khối", "Tên lớp")
    assert rows[1][:3] == ("01", "Lớp 1", "1A")
    assert rows[1][6:8] == ("4", "Sáng, chiều") and rows[1][-1] == 32
    assert rows[2][12:14] == ("01", "Tiếng Anh")
    assert len(rows) == 3


def test_export_link_is_on_the_list(world, login):
    html = login(world.clerk).get(list_url(world)).text
    assert f"/schools/classes.xlsx?school={world.s1.id}" in html


@pytest.mark.parametrize(
    ("data", "field_id", "message"),
    [
        ({"grade": "", "name": "1A"}, "grade", "Bắt buộc nhập."),
        ({"grade": "06", "name": "6A"}, "grade", "Giá trị không có trong danh mục."),
        ({"grade": "01", "name": ""}, "name", "Bắt buộc nhập."),
        (
            {"grade": "01", "name": "1a"},
            "name",
            f"Lớp 1a đã có trong năm học {YEAR}-{YEAR + 1}.",
        ),
        (
            {"grade": "01", "name": "1C", "sessions_per_week": "20"},
            "sessions_per_week",
            "Số buổi học/tuần từ 1 đến 14.",
        ),
        (
            {"grade": "01", "name": "1C", "is_combined": "y", "combined_grades": "01"},
            "combined_grades",
            "Lớp ghép phải ghép từ 2 khối trở lên.",
        ),
        ({"grade": "01", "name": "1C", "planned_size": "ba"}, "planned_size", "số"),
    ],
)
def test_bad_class_input_is_422_next_to_the_field_and_saves_nothing(
    world, login, data, field_id, message
):
    add_class(world.s1, "1A")
    url = f"/schools/classes/new?school={world.s1.id}&year={YEAR}"
    resp = login(world.clerk).post(url, data=data, headers=HX)
    assert resp.status_code == 422
    assert resp.text.lstrip().startswith('<form id="class-form"')
    assert message in resp.text.split(f'id="{field_id}-error"')[1][:200]
    assert class_names() == ["1A"]


def test_size_warning_is_shown_but_the_class_is_saved(world, login):
    client = login(world.clerk)
    resp = client.post(
        f"/schools/classes/new?school={world.s1.id}&year={YEAR}",
        data={"grade": "01", "name": "1A", "planned_size": "40"},
    )
    assert resp.status_code == 303
    page = client.get(resp.location).text
    assert "sĩ số 40 vượt quá quy định (tối đa 35 học sinh/lớp)" in page
    assert "vượt sĩ số quy định" in page
    cls = db.session.scalar(select(ClassGroup))
    assert cls.planned_size == 40
    edit = client.get(f"/schools/classes/{cls.id}/edit").text
    assert "tối đa 35" in edit


def test_class_edit_and_delete(world, login):
    cls = add_class(world.s1, "1A")
    client = login(world.clerk)
    form = client.get(f"/schools/classes/{cls.id}/edit").text
    assert 'value="1A"' in form
    resp = client.post(
        f"/schools/classes/{cls.id}/edit",
        data={"grade": "01", "name": "1A1", "version": str(cls.version)},
    )
    assert resp.status_code == 303
    assert class_names() == ["1A1"]
    assert client.post(f"/schools/classes/{cls.id}/delete").status_code == 303
    assert class_names() == []


def test_stale_class_form_is_409(world, login):
    cls = add_class(world.s1, "1A")
    client = login(world.clerk)
    url = f"/schools/classes/{cls.id}/edit"
    client.post(url, data={"grade": "01", "name": "1B", "version": "1"})
    resp = client.post(url, data={"grade": "01", "name": "1C", "version": "1"})
    assert resp.status_code == 409
    assert class_names() == ["1B"]


def test_other_schools_class_is_404(world, login):
    cls = add_class(world.s1, "1A")
    client = login(world.clerk2)
    assert client.get(f"/schools/classes/{cls.id}/edit").status_code == 404
    assert client.post(f"/schools/classes/{cls.id}/delete").status_code == 404
    assert client.get(f"/schools/classes?school={world.s1.id}").status_code == 404
    assert class_names() == ["1A"]


@pytest.mark.parametrize(
    ("who", "status"),
    [("division", 404), ("division_mnth", 200), ("district", 200), ("teacher", 200)],
)
def test_divisions_see_classes_only_of_their_fields(world, login, who, status):
    resp = login(getattr(world, who)).get(f"/schools/classes?school={world.s1.id}")
    assert resp.status_code == status


def test_teacher_cannot_change_classes(world, login):
    cls = add_class(world.s1, "1A")
    client = login(world.teacher)
    resp = client.post(f"/schools/classes/{cls.id}/delete")
    assert resp.status_code == 403
    assert class_names() == ["1A"]


def test_bulk_form_refuses_the_batch_when_a_name_exists(world, login):
    add_class(world.s1, "1A2")
    resp = login(world.clerk).post(
        f"/schools/classes/bulk?school={world.s1.id}&year={YEAR}",
        data={"grade": "01", "names": "1A1-1A3"},
        headers=HX,
    )
    assert resp.status_code == 422
    assert resp.text.lstrip().startswith('<form id="class-bulk-form"')
    assert "Đã có lớp: 1A2." in resp.text.split('id="names-error"')[1][:100]
    assert class_names() == ["1A2"]


def test_bulk_form_creates_a_comma_list(world, login):
    resp = login(world.clerk).post(
        f"/schools/classes/bulk?school={world.s1.id}&year={YEAR}",
        data={"grade": "03", "names": "3A, 3B"},
    )
    assert resp.status_code == 303
    assert class_names() == ["3A", "3B"]


def test_rollover_creates_next_years_classes(world, login):
    add_class(world.s1, "1A")
    add_class(world.s1, "5A", grade="05")
    client = login(world.clerk)
    resp = client.post(f"/schools/classes/rollover?school={world.s1.id}&year={YEAR}")
    assert resp.status_code == 303
    assert resp.location == f"/schools/classes?school={world.s1.id}&year={YEAR + 1}"
    assert class_names(YEAR + 1) == ["2A"]
    again = client.post(
        f"/schools/classes/rollover?school={world.s1.id}&year={YEAR}", headers=HX
    )
    assert again.status_code == 422 and "đã có lớp" in again.text
    assert class_names(YEAR + 1) == ["2A"]


def test_school_page_sums_classes_by_grade(world, login):
    add_class(world.s1, "1A", planned_size=30)
    add_class(world.s1, "1B", planned_size=32)
    html = login(world.district).get(f"/schools/{world.s1.id}?year={YEAR}").text
    assert '<td>Lớp 1</td><td class="num">2</td><td class="num">62</td>' in html
