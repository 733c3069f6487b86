"""Excel imports of rooms and equipment: templates, dry run, all rows or none."""

from io import BytesIO

import pytest
from openpyxl import Workbook, load_workbook
from sqlalchemy import func, select

from smasweb.extensions import db
from smasweb.models.facilities import EquipmentItem, Room
from smasweb.models.schools import Campus
from smasweb.services.errors import PermissionDenied, ValidationFailed
from smasweb.services.facilities import imports

ROOM_HEADERS = list(imports.ROOM_COLUMNS.values())
EQUIPMENT_HEADERS = list(imports.EQUIPMENT_COLUMNS.values())


def xlsx(headers, rows) -> BytesIO:
    wb = Workbook()
    ws = wb.active
    ws.append(headers)
    for row in rows:
        ws.append(row)
    out = BytesIO()
    wb.save(out)
    out.seek(0)
    return out


def count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


GOOD_ROOMS = [
    ["Phòng học", "Kiên cố", "Không", "", "Phòng 1A", 4, 48, "Tốt"],
    ["classroom", "tam", "Có", "", "Phòng mượn", 1, "36,5", ""],
    ["Thu vien", "ban_kien_co", "", "", None, 1, None, "repair"],
]


def test_template_has_vietnamese_headers_and_code_list_sheets():
    wb = load_workbook(BytesIO(imports.rooms_template()))
    assert [c.value for c in wb.worksheets[0][1]] == ROOM_HEADERS
    assert len(wb.sheetnames) == 4
    codes = {row[0] for row in wb.worksheets[1].iter_rows(values_only=True)}
    assert "classroom" in codes


def test_good_room_import_saves_every_row_accepting_codes_or_labels(world):
    report = imports.import_rooms(world.clerk, world.s1, xlsx(ROOM_HEADERS, GOOD_ROOMS))
    assert report.ok and not report.errors
    rooms = db.session.scalars(select(Room).order_by(Room.id)).all()
    assert [(r.kind, r.construction, r.borrowed, r.quantity) for r in rooms] == [
        ("classroom", "kien_co", False, 4),
        ("classroom", "tam", True, 1),
        ("library", "ban_kien_co", False, 1),
    ]
    assert str(rooms[1].area_m2) == "36.50"


def test_import_with_one_bad_row_saves_nothing_and_names_row_and_column(world):
    rows = [*GOOD_ROOMS, ["Phòng bơi", "Kiên cố", "", "", "", 0, 30, ""]]
    report = imports.import_rooms(world.clerk, world.s1, xlsx(ROOM_HEADERS, rows))
    assert not report.ok
    assert count(Room) == 0
    lines = imports.error_lines(report)
    assert "Dòng 5, cột Loại phòng: “Phòng bơi” không có trong danh mục." in lines
    assert any(line.startswith("Dòng 5, cột Số phòng") for line in lines)


def test_domain_rule_errors_are_reported_on_their_column(world):
    rows = [["Phòng học", "Kiên cố", "", "", "", 2, -5, ""]]
    report = imports.check_rooms(world.clerk, world.s1, xlsx(ROOM_HEADERS, rows))
    assert imports.error_lines(report) == [
        "Dòng 2, cột Diện tích mỗi phòng (m²): Diện tích mỗi phòng phải lớn hơn 0."
    ]


def test_dry_run_saves_nothing(world):
    report = imports.check_rooms(world.clerk, world.s1, xlsx(ROOM_HEADERS, GOOD_ROOMS))
    assert report.ok and len(report.items) == 3
    db.session.flush()
    assert count(Room) == 0


def test_campus_column_accepts_the_campus_code_or_name(world):
    campus = Campus(school_id=world.s1.id, code="DT2", name="Điểm trường Phú Quới")
    db.session.add(campus)
    db.session.flush()
    rows = [
        ["Phòng học", "Kiên cố", "", "DT2", "", 1, None, ""],
        ["Phòng học", "Kiên cố", "", "Điểm trường Phú Quới", "", 1, None, ""],
        ["Phòng học", "Kiên cố", "", "Không có", "", 1, None, ""],
    ]
    report = imports.check_rooms(world.clerk, world.s1, xlsx(ROOM_HEADERS, rows))
    assert [r.campus_id for r in report.items] == [campus.id, campus.id]
    assert imports.error_lines(report) == [
        "Dòng 4, cột Điểm trường: Trường không có điểm trường “Không có”."
    ]


def test_file_missing_columns_is_refused_on_the_file_field(world):
    with pytest.raises(ValidationFailed) as exc:
        imports.check_rooms(world.clerk, world.s1, xlsx(["Loại phòng"], [["x"]]))
    assert exc.value.field == "file" and "Kết cấu" in exc.value.message


def test_file_that_is_not_excel_is_refused(world):
    with pytest.raises(ValidationFailed) as exc:
        imports.check_rooms(world.clerk, world.s1, BytesIO(b"not a workbook"))
    assert exc.value.field == "file"


def test_district_officer_cannot_import(world):
    with pytest.raises(PermissionDenied):
        imports.check_rooms(world.district, world.s1, xlsx(ROOM_HEADERS, GOOD_ROOMS))


def test_equipment_import_uses_item_defaults_and_checks_the_school_level(world):
    rows = [
        ["TH1-TOAN-01", "", "", 10, "Tốt", ""],
        ["Máy chiếu đa năng", "", "", 2, "", ""],
        ["MN-MG-01", "", "", 3, "", ""],
    ]
    report = imports.import_equipment(
        world.clerk, world.s1, xlsx(EQUIPMENT_HEADERS, rows)
    )
    assert count(EquipmentItem) == 0
    assert imports.error_lines(report) == [
        "Dòng 4, cột Mã thiết bị, đồ chơi: "
        "Đồ dùng, đồ chơi chỉ dành cho trường có cấp học mầm non."
    ]
    report = imports.import_equipment(
        world.clerk, world.s1, xlsx(EQUIPMENT_HEADERS, rows[:2])
    )
    assert report.ok
    saved = db.session.scalars(select(EquipmentItem).order_by(EquipmentItem.id))
    assert [(r.code, r.grade, r.quantity) for r in saved] == [
        ("TH1-TOAN-01", "01", 10),
        ("DC-MAYCHIEU-01", None, 2),
    ]
