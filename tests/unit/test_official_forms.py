"""The official forms shipped as data: every row of 01-MN-ĐN and 02-TH-ĐN with the
Ministry's Mã số and labels, chosen by school year."""

import os
import re
from pathlib import Path

import pytest

from smasweb.services.reports import forms
from smasweb.services.reports.tables import Row

# The Ministry's 2020 workbooks as text (not shipped with the project: see the
# README's "Official forms"); where this machine has them, the rows are compared.
REFERENCE = Path(
    os.environ.get(
        "SMAS_REFERENCE_DIR",
        Path(__file__).resolve().parents[3] / "shared" / "reference" / "csdl",
    )
)
FILES = {"01": "bieu01_mn_dn.txt", "02": "bieu02_th_dn.txt"}
ITEM = re.compile(
    r"^(?:(?:\d[\d.]*|[IVX]+)\s*\|\s*|[-+]\s*)?(?P<label>[^|]+?)\s*\|\s*[^|]*\|\s*(?P<code>\d+)\b"
)


@pytest.mark.parametrize(("level", "last"), [("01", 212), ("02", 132)])
def test_every_row_of_the_form_in_order(level, last):
    form = forms.for_level(level, 2019)
    codes = [int(r.code) for r in form.rows if r.code and r.section != "budget"]
    assert codes == list(range(1, last + 1))
    assert all(r.label and r.unit for r in form.rows if r.code)


def test_the_preschool_form_has_the_dan_lap_column_and_its_own_codes():
    mn = forms.for_level("01", 2024)
    assert mn.ownerships == ("Công lập", "Tư thục", "Dân lập")
    assert mn.row("pupils", "83").label == "Quy mô trẻ"
    assert mn.row("staff", "128").label == "Đại học sư phạm"
    th = forms.for_level("02", 2024)
    assert th.row("staff", "83").label == "Đại học sư phạm"
    assert th.row("pupils", "77").label == (
        "Học sinh được hỗ trợ tiền ăn, tiền nhà ở và gạo"
    )


def test_a_level_without_a_shipped_form_gets_none_and_years_pick_the_version():
    assert forms.for_level("03", 2024) is None
    assert forms.for_level("02", 2017) is None  # before TT 24/2018
    assert forms.for_level("02", 2030).circular.startswith("Thông tư")


def test_layout_prints_uncounted_rows_blank_and_misprinted_names_wrong_codes():
    form = forms.for_level("02", 2024)
    rows = forms.layout(form, "pupils", {"37": [9, 4]})
    assert rows[0].label == "Học sinh" and rows[0].cells == []  # section caption
    total = next(r for r in rows if r.indicator == "37")
    assert (total.number, total.label, total.cells) == ("3.1.", "Tổng quy mô", [9, 4])
    assert next(r for r in rows if r.indicator == "73").cells == []
    assert forms.misprinted(form, "pupils", rows) == []
    wrong = [Row("83", "", "Đại học sư phạm"), Row("999", "", "Gì đó")]
    assert len(forms.misprinted(form, "pupils", wrong)) == 2


@pytest.mark.parametrize("level", sorted(FILES))
def test_rows_equal_the_ministrys_workbook(level):
    source = REFERENCE / FILES[level]
    if not source.exists():
        pytest.skip(f"the Ministry's workbooks are not on this machine ({source})")
    expected, sheet = [], ""
    for line in source.read_text(encoding="utf-8").splitlines():
        if line.startswith("=== SHEET"):
            sheet = line
        m = ITEM.match(line.strip())
        if m and "Ngân sách" not in sheet:
            expected.append((m["code"], forms._plain(m["label"].lstrip("-+ "))))
    got = [
        (r.code, forms._plain(r.label))
        for r in forms.for_level(level, 2019).rows
        if r.code and r.section != "budget"
    ]
    assert got == expected


def test_the_primary_budget_sheet_follows_the_ministrys_ngan_sach_sheet():
    """The 2020 primary workbook has no Ngân sách sheet; the preschool one's rows
    (mục II 15, 6 and 7: 56–71) are the same on every level's sheet, and the
    level's own block (Tiểu học 24–31) repeats Mầm non's rows 16–23."""
    source = REFERENCE / FILES["01"]
    if not source.exists():
        pytest.skip(f"the Ministry's workbooks are not on this machine ({source})")
    text = source.read_text(encoding="utf-8").split("=== SHEET Ngân sách")[1]
    sheet = {}
    for line in text.split("=== SHEET")[0].splitlines():
        parts = [p.strip() for p in line.split("|")]
        if len(parts) >= 4 and parts[3].isdigit():
            sheet[parts[3]] = (parts[0], forms._plain(parts[1]), parts[2])
    rows = {r.code: r for r in forms.for_level("02", 2024).section("budget") if r.code}
    assert "15" in sheet and len(rows) == 1 + 3 * 8
    for code, row in rows.items():
        number, label, unit = sheet[
            code if int(code) not in range(24, 32) else str(int(code) - 8)
        ]
        assert (forms._plain(row.label), row.unit) == (
            "giáo dục tiểu học" if code == "24" else label,
            unit,
        )
        if int(code) not in range(24, 32):
            assert row.number == number
    assert all(r.note for r in rows.values())  # where each number comes from
