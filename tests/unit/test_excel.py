"""Excel helpers: what is written can be read back, bad uploads get a Vietnamese error."""

from datetime import date, datetime
from io import BytesIO

import pytest
from openpyxl import load_workbook

from smasweb import excel
from smasweb.services.imports import ImportReport


def test_workbook_round_trip_with_code_sheets():
    data = excel.workbook(
        "Phòng học",
        ["Mã", "Tên", "Số lượng"],
        [("classroom", "Phòng học", 12), ("library", None, 1)],
        code_sheets={"Loại phòng": {"classroom": "Phòng học"}},
    )
    headers, rows = excel.read_sheet(BytesIO(data))
    assert headers == ["Mã", "Tên", "Số lượng"]
    assert rows == [
        (2, {"Mã": "classroom", "Tên": "Phòng học", "Số lượng": 12}),
        (3, {"Mã": "library", "Tên": None, "Số lượng": 1}),
    ]
    assert load_workbook(BytesIO(data)).sheetnames == ["Phòng học", "Loại phòng"]


def test_blank_rows_are_skipped_but_row_numbers_stay_true():
    data = excel.workbook("S", ["A"], [("x",), ("",), ("y",)])
    _, rows = excel.read_sheet(BytesIO(data))
    assert [n for n, _ in rows] == [2, 4]


def test_a_file_that_is_not_xlsx_is_refused_in_vietnamese():
    with pytest.raises(ValueError, match="không phải bảng tính Excel"):
        excel.read_sheet(BytesIO(b"not a spreadsheet"))


def test_dates_from_excel_cells_or_dd_mm_yyyy_text():
    assert excel.parse_date(datetime(2019, 9, 5, 0, 0)) == date(2019, 9, 5)
    assert excel.parse_date("05/09/2019") == date(2019, 9, 5)
    assert excel.parse_date("") is None
    with pytest.raises(ValueError):
        excel.parse_date("2019-09-05")


def test_import_report_is_ok_only_without_errors_and_with_rows():
    report = ImportReport()
    assert not report.ok
    report.items.append("row")
    assert report.ok
    report.add_error(5, "Loại phòng", "Không có loại phòng “Sân bóng”.")
    assert not report.ok
    _, rows = excel.read_sheet(BytesIO(report.errors_workbook()))
    assert rows[0][1] == {
        "Dòng": 5,
        "Cột": "Loại phòng",
        "Lỗi": "Không có loại phòng “Sân bóng”.",
    }
