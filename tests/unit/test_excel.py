"""Excel helpers: what is written can be read back, bad uploads get a Vietnamese error."""

import time
from datetime import date, datetime
from decimal import Decimal
from io import BytesIO
from zipfile import ZipFile

import pytest
from openpyxl import load_workbook

from smasweb import excel, xlsx_guard
from smasweb.services.imports.pipeline import ImportReport
from tests import xlsx_files


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
    with pytest.raises(ValueError, match="does not match format"):
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
        "Giá trị": None,
        "Lỗi": "Không có loại phòng “Sân bóng”.",
    }


# (A leading CR is a trigger too, but XML reads any CR back as a line feed.)
FORMULA_LIKE = [
    '=HYPERLINK("http://x","y")',
    "=1+1",
    "+1",
    "-1+2",
    "@SUM(A1)",
    "\t=1+1",
    "#N/A",
]


def sheet_xml(data: bytes) -> str:
    with ZipFile(BytesIO(data)) as z:
        return "".join(
            z.read(n).decode() for n in z.namelist() if n.startswith("xl/worksheets/")
        )


@pytest.mark.parametrize("write", [excel.workbook, excel.streamed_workbook])
def test_formula_like_text_is_written_as_text_numbers_stay_numbers(write):
    data = write(
        "S",
        ["Tên", "Số"],
        [(text, -1) for text in FORMULA_LIKE]
        + [("Lê Văn Tý", -2.5), ("x", Decimal("-3.25")), (True, 0)],
    )
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


def _numbers(rows) -> list[int]:
    return [n for n, _ in rows]


def test_rows_past_the_size_the_sheet_states_are_read():
    rows = "".join(
        f'<row r="{n}"><c t="inlineStr"><is><t>x{n}</t></is></c></row>' for n in (2, 3)
    )
    data = xlsx_files.xlsx(["A"], rows, dimension="A1:A1")
    _, read = excel.read_sheet(BytesIO(data))
    assert read == [(2, {"A": "x2"}), (3, {"A": "x3"})]


def test_a_missing_header_is_found_before_any_row_is_read():
    data = xlsx_files.xlsx(["A", "B"], xlsx_files.text_rows(3, 2))
    with pytest.raises(ValueError, match="^Tệp thiếu cột: C, D.$"):
        excel.read_sheet(BytesIO(data), required=["A", "C", "D"])


def test_a_long_run_of_blank_rows_ends_the_table(monkeypatch):
    monkeypatch.setattr(excel, "MAX_BLANK_RUN", 3)
    rows = xlsx_files.text_rows(2, 1) + xlsx_files.blank_rows(3, first=4)
    rows += xlsx_files.text_rows(1, 1, first=7)
    _, read = excel.read_sheet(BytesIO(xlsx_files.xlsx(["A"], rows)))
    assert _numbers(read) == [2, 3]


def test_a_shorter_run_of_blank_rows_does_not(monkeypatch):
    monkeypatch.setattr(excel, "MAX_BLANK_RUN", 3)
    rows = xlsx_files.text_rows(2, 1) + xlsx_files.blank_rows(2, first=4)
    rows += xlsx_files.text_rows(1, 1, first=6)
    _, read = excel.read_sheet(BytesIO(xlsx_files.xlsx(["A"], rows)))
    assert _numbers(read) == [2, 3, 6]


def test_too_many_data_rows_or_rows_in_all_are_refused(monkeypatch):
    monkeypatch.setattr(excel, "MAX_IMPORT_ROWS", 3)
    monkeypatch.setattr(excel, "MAX_SHEET_ROWS", 6)
    monkeypatch.setattr(excel, "MAX_BLANK_RUN", 3)
    four = xlsx_files.xlsx(["A"], xlsx_files.text_rows(4, 1))
    with pytest.raises(ValueError, match="Tệp có quá nhiều dòng"):
        excel.read_sheet(BytesIO(four))
    spread = xlsx_files.text_rows(1, 1) + xlsx_files.blank_rows(2, first=3)
    spread += xlsx_files.text_rows(1, 1, first=5) + xlsx_files.blank_rows(2, first=6)
    spread += xlsx_files.text_rows(1, 1, first=8)  # past 6 rows in all
    with pytest.raises(ValueError, match="Tệp có quá nhiều dòng"):
        excel.read_sheet(BytesIO(xlsx_files.xlsx(["A"], spread)))


def test_columns_past_the_limit_are_not_read(monkeypatch):
    monkeypatch.setattr(excel, "MAX_IMPORT_COLUMNS", 2)
    headers, read = excel.read_sheet(
        BytesIO(xlsx_files.xlsx(["A", "B", "C"], xlsx_files.text_rows(1, 3)))
    )
    assert headers == ["A", "B"] and list(read[0][1]) == ["A", "B"]


def test_a_zip_bomb_is_refused_before_openpyxl_opens_it(monkeypatch):
    monkeypatch.setattr(xlsx_guard, "MAX_UNZIPPED_MB", 1)
    data = xlsx_files.xlsx(["A"], xlsx_files.blank_rows(20_000))  # ~2.5 MB of XML
    assert len(data) < 200_000
    opened = []
    monkeypatch.setattr(xlsx_guard, "ExcelReader", lambda *a, **k: opened.append(1))
    with pytest.raises(ValueError, match="Tệp quá lớn khi giải nén"):
        excel.read_sheet(BytesIO(data))
    assert opened == []


def test_reading_stops_at_the_deadline():
    data = xlsx_files.xlsx(["A"], xlsx_files.text_rows(600, 1))
    with pytest.raises(ValueError, match="quá nhiều thời gian"):
        excel.read_sheet(BytesIO(data), deadline=time.monotonic() - 1)


def test_a_row_of_millions_of_cells_is_refused_early(monkeypatch):
    """Refused once MAX_ROW_MB of the row is read, not after parsing all 16 MB (a
    count of bytes, not a timing: speed is measured in bench/, not in tests)."""
    cells = "<c><v>1</v></c>" * 1_000_000  # 16 MB of XML in one row, 50 KB zipped
    data = xlsx_files.xlsx(["A"], f'<row r="2">{cells}</row>')
    read = []
    check = xlsx_guard.ReadGuard.check
    monkeypatch.setattr(
        xlsx_guard.ReadGuard, "check", lambda g: (read.append(g.total), check(g))
    )
    with pytest.raises(ValueError, match="một dòng quá dài"):
        excel.read_sheet(BytesIO(data))
    assert max(read) < (xlsx_guard.MAX_ROW_MB + 1) * 1024 * 1024 < len(cells) // 4


def test_a_huge_shared_string_table_stops_at_the_deadline():
    """Shared strings are read when the workbook opens: the guard reaches them."""
    data = xlsx_files.with_shared_strings(["A"], 200_000)
    with pytest.raises(ValueError, match="quá nhiều thời gian"):
        excel.read_sheet(BytesIO(data), deadline=time.monotonic() + 0.05)


def test_a_part_read_whole_is_refused_past_its_limit(monkeypatch):
    data = excel.workbook("S", ["A"], [("x",)])  # styles and theme of a few KB
    _, rows = excel.read_sheet(BytesIO(data))
    assert rows == [(2, {"A": "x"})]
    monkeypatch.setattr(xlsx_guard, "MAX_PART_MB", 2 / 1024)
    with pytest.raises(ValueError, match="phần định dạng quá lớn"):
        excel.read_sheet(BytesIO(data))
