"""Imports report every error of every row in one pass (issue 14 point 6): a wrong
cell does not hide the row's class, repeats, IDs used elsewhere or its other cells;
every error names its row, its column and the value the cell holds."""

from io import BytesIO

import pytest
from openpyxl import load_workbook
from sqlalchemy import select

from smasweb.extensions import db
from smasweb.models import Student
from smasweb.services.staff import imports as staff_imports
from smasweb.services.students import imports
from smasweb.services.students import template as students_template
from tests.factories import make_staff, make_student
from tests.services.test_staff_import import person
from tests.services.test_staff_import import xlsx as staff_xlsx
from tests.services.test_students_import import add_class, classes, run, student

__all__ = ["classes"]  # the fixture


def found(report) -> list[tuple]:
    return [(e.row, e.column, e.value, e.message) for e in report.errors]


def test_every_error_of_every_pupil_row_comes_at_once(world, classes):
    make_student(world.s2, personal_id="086318099999", gender="02")  # active elsewhere
    rows = [
        student(  # row 2: a wrong date AND an unknown class
            birth_date="31/02/2018", class_name="1C"
        ),
        student(  # row 3: a repeated code, a wrong gender, a bad ID
            full_name="Lê Văn Tư", gender="Khác", personal_id="999318012346"
        ),
        student(school_code="HS004", personal_id="086318012347"),  # row 4: good
        student(  # row 5: no name, a wrong weight, an ID active in another school
            school_code="HS005",
            full_name="",
            weight_kg="nặng",
            class_name="9Z",
            personal_id="086318099999",
        ),
    ]
    report = run(world.clerk, world.s1, rows, commit=False)
    year = f"{report_year()}-{report_year() + 1}"
    assert found(report) == [
        (
            2,
            "Lớp (tên hoặc mã lớp)",
            "1C",
            f"Trường không có lớp “1C” trong năm học {year}.",
        ),
        (2, "Ngày sinh (dd/mm/yyyy)", "31/02/2018", _date_message("31/02/2018")),
        (3, "Mã học sinh của trường", "HS001", "Trùng với dòng 2 của tệp."),
        (
            3,
            "Giới tính",
            "Khác",
            "“Khác” không có trong danh mục (xem trang Danh mục).",
        ),
        (
            3,
            "Số định danh cá nhân",
            "999318012346",
            "Ba số đầu (999) không phải mã tỉnh nơi đăng ký khai sinh.",
        ),
        (
            5,
            "Lớp (tên hoặc mã lớp)",
            "9Z",
            f"Trường không có lớp “9Z” trong năm học {year}.",
        ),
        (5, "Họ và tên", "", "Bắt buộc nhập."),
        (5, "Số định danh cá nhân", "086318099999", imports.ELSEWHERE["personal_id"]),
        (5, "Cân nặng (kg)", "nặng", "“nặng” không phải số (ví dụ 4,65)."),
    ]
    assert report.items == []


def report_year() -> int:
    from smasweb.services import years

    return years.current_year()


def _date_message(text: str) -> str:
    return f"“{text}” không phải ngày dạng dd/mm/yyyy."


def test_an_id_of_the_school_is_reported_next_to_a_wrong_cell(world, classes):
    owner = make_student(world.s1, personal_id="086318055555", gender="02")
    rows = [student(birth_date="hôm qua", personal_id="086318055555")]
    report = run(world.clerk, world.s1, rows, commit=False)
    assert [(e.column, e.message) for e in report.errors] == [
        ("Ngày sinh (dd/mm/yyyy)", _date_message("hôm qua")),
        ("Số định danh cá nhân", f"Trùng với học sinh {owner.full_name}."),
    ]


def test_every_error_of_every_staff_row_comes_at_once(world):
    make_staff(world.s1, code="GV900", personal_id="086185099999")
    rows = [
        person(  # row 2: a wrong date, a position of another group, a bad phone
            birth_date="32/01/1985", group="Nhân viên", phone="12ab"
        ),
        person(  # row 3: a repeated code, a wrong gender, an ID of another record
            full_name="Lê Văn Tư", gender="Khác", personal_id="086185099999"
        ),
        person(code="GV004", personal_id="086185012346", salary_coefficient="bốn"),
    ]
    report = staff_imports.check_staff(world.clerk, world.s1, staff_xlsx(rows))
    cells = [(e.row, e.column, e.value) for e in report.errors]
    assert cells == [
        (2, "Ngày sinh (dd/mm/yyyy)", "32/01/1985"),
        (2, "Chức vụ", "35"),
        (2, "Điện thoại", "12ab"),
        (3, "Mã cán bộ", "GV001"),
        (3, "Giới tính", "Khác"),
        (3, "Số định danh cá nhân", "086185099999"),
        (4, "Hệ số lương", "bốn"),
    ]
    assert report.errors[5].message.startswith("Số định danh này đã có")
    assert report.errors[3].message == "Mã cán bộ trùng với dòng 2 của tệp."


def test_the_school_code_may_be_left_empty_as_on_the_form(world, classes):
    make_student(world.s1, school_code="HS00001")
    rows = [
        student(school_code=None),
        student(school_code="", full_name="Lê Văn Tư", personal_id="086318012346"),
    ]
    report = run(world.clerk, world.s1, rows)
    assert report.ok, imports.error_lines(report)
    codes = {s.full_name: s.school_code for s in db.session.scalars(select(Student))}
    assert codes["Nguyễn Ngọc Anh"] == "HS00002"
    assert codes["Lê Văn Tư"] == "HS00003"


def _example(school) -> dict:
    wb = load_workbook(BytesIO(students_template.import_template(school)))
    head, example = list(wb["Sheet1"].values)[:2]
    guide = " ".join(str(r[0] or "") for r in wb["Hướng dẫn"].values)
    return dict(zip(head, example, strict=True)) | {"_guide": guide, "_wb": wb}


def test_the_template_fits_the_school_level(world):
    thcs = _example(world.s1b)
    assert thcs["Lớp (tên hoặc mã lớp)"] == "6A"
    assert thcs["Ngày sinh (dd/mm/yyyy)"].year == report_year() - 11
    assert "ví dụ 6A" in thcs["_guide"]
    assert _example(world.thpt)["Lớp (tên hoặc mã lớp)"] == "10A"
    assert _example(world.s1)["Lớp (tên hoặc mã lớp)"] == "1A"
    assert _example(None)["Lớp (tên hoặc mã lớp)"] == "1A"
    from tests.factories import make_unit

    preschool = make_unit("school", world.d1, level_group="01")
    assert _example(preschool)["Lớp (tên hoặc mã lớp)"] == "Mầm 1"


def test_the_template_uses_a_class_of_the_school(world):
    add_class(world.s1b, "6A1", grade="06")
    add_class(world.s1b, "7A1", grade="07")
    assert _example(world.s1b)["Lớp (tên hoặc mã lớp)"] == "6A1"


def test_the_template_says_the_school_code_is_optional(world):
    example = _example(world.s1)
    sheet = example["_wb"]["Sheet1"]
    heads = {c.value: c for c in sheet[1]}
    assert heads["Mã học sinh của trường"].font.color is None  # not red: optional
    assert heads["Họ và tên"].font.color.rgb.endswith("C00000")
    assert "Mã học sinh của trường không bắt buộc" in example["_guide"]
    assert (
        "Mã học sinh của trường" not in example["_guide"].split("Cột bắt buộc:")[1][:80]
    )


def test_every_error_of_every_room_and_equipment_row_comes_at_once(world):
    from smasweb.services.facilities import imports as facilities_imports
    from tests.services.test_facilities_import import (
        EQUIPMENT_HEADERS,
        ROOM_HEADERS,
    )
    from tests.services.test_facilities_import import xlsx as facilities_xlsx

    rooms = [
        ["Phòng bơi", "Kiên cố", "", "", "", 2, -5, ""],  # a kind AND an area
        ["Phòng học", "Gỗ", "", "", "", "hai", 30, ""],  # a construction, a number
    ]
    report = facilities_imports.check_rooms(
        world.clerk, world.s1, facilities_xlsx(ROOM_HEADERS, rooms)
    )
    assert [(e.row, e.column, e.value) for e in report.errors] == [
        (2, "Loại phòng", "Phòng bơi"),
        (2, "Diện tích mỗi phòng (m²)", "-5"),
        (3, "Kết cấu", "Gỗ"),
        (3, "Số phòng", "hai"),
    ]
    equipment = [["TH1-TOAN-01", "Lớp 6", "", "mười", "", ""]]  # a grade AND a number
    report = facilities_imports.check_equipment(
        world.clerk, world.s1, facilities_xlsx(EQUIPMENT_HEADERS, equipment)
    )
    assert [(e.column, e.message) for e in report.errors] == [
        ("Khối", "Khối này không thuộc cấp học của trường."),
        ("Số lượng", "“mười” không phải số nguyên."),
    ]


def test_the_staff_code_may_be_left_empty_as_on_the_form(world):
    from smasweb.models import StaffMember
    from smasweb.services.staff import template as staff_template

    make_staff(world.s1, code="CB0001", personal_id="086185099998")
    rows = [
        person(code=None),
        person(
            code="", full_name="Lê Văn Tư", gender="Nam", personal_id="086085012346"
        ),
    ]
    report = staff_imports.import_staff(world.clerk, world.s1, staff_xlsx(rows))
    assert report.ok, staff_imports.error_lines(report)
    codes = {m.full_name: m.code for m in db.session.scalars(select(StaffMember))}
    assert codes["Nguyễn Thị Lan"] == "CB0002" and codes["Lê Văn Tư"] == "CB0003"
    wb = load_workbook(BytesIO(staff_template.import_template()))
    heads = {c.value: c for c in wb.worksheets[0][1]}
    assert heads["Mã cán bộ"].font.color is None  # not red: optional
    guide = " ".join(str(r[0] or "") for r in wb["Hướng dẫn"].values)
    assert "Mã cán bộ không bắt buộc" in guide


@pytest.mark.parametrize(
    ("school", "level", "title"),
    [
        ("s1", "Tiểu học", "V.07.03.29"),
        ("s1b", "Trung học cơ sở", "V.07.04.32"),
        ("thpt", "Trung học phổ thông", "V.07.05.15"),
    ],
)
def test_the_staff_template_example_is_a_teacher_of_the_school_level(
    world, school, level, title
):
    """…and, given a code of its own, the example row imports into that school."""
    from smasweb.services.staff import template as staff_template

    unit = getattr(world, school)
    wb = load_workbook(BytesIO(staff_template.import_template(unit)))
    head, example = list(wb.worksheets[0].values)[:2]
    row = dict(zip(head, example, strict=True))
    assert (row["Cấp dạy"], row["Mã ngạch"]) == (level, title)
    row["Mã cán bộ"] = "GV777"
    out = BytesIO()
    wb.worksheets[0].delete_rows(2)
    wb.worksheets[0].append([row[h] for h in head])
    wb.save(out)
    out.seek(0)
    report = staff_imports.check_staff(
        world.clerk if school == "s1" else _clerk(unit), unit, out
    )
    assert report.ok, staff_imports.error_lines(report)


def _clerk(school):
    from tests.factories import make_user

    return make_user("school_clerk", school, username=f"cb-{school.code}")
