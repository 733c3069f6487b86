"""Excel helpers: what is written can be read back, bad uploads get a Vietnamese error."""

from datetime import date, datetime
from decimal import Decimal
from io import BytesIO
from zipfile import ZipFile

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


# (A leading CR is a trigger too, but XML reads any CR back as a line feed.)
FORMULA_LIKE = ['=HYPERLINK("http://x","y")', "=1+1", "+1", "-1+2", "@SUM(A1)",
                "\t=1+1", "#N/A"]  # fmt: skip


def sheet_xml(data: bytes) -> str:
    with ZipFile(BytesIO(data)) as z:
        return "".join(
            z.read(n).decode() for n in z.namelist() if n.startswith("xl/worksheets/")
        )


@pytest.mark.parametrize("write", [excel.workbook, excel.streamed_workbook])
def test_formula_like_text_is_written_as_text_numbers_stay_numbers(write):
    data = write("S", ["Tên", "Số"], [(text, -1) for text in FORMULA_LIKE] + [
        ("Lê Văn Tý", -2.5), ("x", Decimal("-3.25")), (True, 0)])  # fmt: skip
    assert "<f>" not in sheet_xml(data)  # no formula element at all
    ws = load_workbook(BytesIO(data)).active
    names = [c for (c,) in ws.iter_rows(min_row=2, max_col=1)]
    assert [c.value for c in names] == [*FORMULA_LIKE, "Lê Văn Tý", "x", "Có"]
    assert {c.data_type for c in names} == {"s"}
    assert [c.quotePrefix for c in names[: len(FORMULA_LIKE)]] == [True] * len(
        FORMULA_LIKE
    )
    assert not any(c.quotePrefix for c in names[len(FORMULA_LIKE) :])
    numbers = [c for (c,) in ws.iter_rows(min_row=2, min_col=2)]
    assert [c.value for c in numbers][-3:] == [-2.5, -3.25, 0]
    assert {c.data_type for c in numbers} == {"n"}
    assert ws["A1"].font.bold


@pytest.mark.parametrize("write", [excel.workbook, excel.streamed_workbook])
def test_characters_xml_cannot_hold_are_dropped_not_a_500(write):
    data = write("S", ["Tên"], [("Lê\x00Văn\x1bTý",), ("=\x07A1",), ("a\tb\nc",)])
    values = [r[0] for r in load_workbook(BytesIO(data)).active.values]
    assert values == ["Tên", "LêVănTý", "=A1", "a\tb\nc"]


def test_a_writer_that_bypasses_cell_still_writes_no_formula():
    wb = excel.new_workbook()
    wb.active.append(["=1+1"])
    wb.active["B1"] = "=HYPERLINK(A1)"
    data = excel.to_bytes(wb)
    assert "<f>" not in sheet_xml(data)
    assert [c.value for c in load_workbook(BytesIO(data)).active[1]] == [
        "=1+1",
        "=HYPERLINK(A1)",
    ]
