"""The official PDF as read on paper: place names never split over two lines in the
issuing body, the signature never alone on the last page, every section numbered
and set alike. Read back with pdftotext (-layout, -bbox) like test_report_pdf.py."""

import html
import re
import subprocess
import unicodedata

import pytest

from smasweb.codelists.admin_units import communes_of, districts
from smasweb.models import Unit
from smasweb.services.reports import documents as docs
from smasweb.services.reports import pdf
from smasweb.services.reports.tables import Row, Table
from tests.services.test_report_pdf import (
    CODE,
    ISSUED,
    SIGNER,
    VERIFY_URL,
    sample_report,
)

OFFICIAL = dict(
    draft=False,
    number="15/BC-SGDĐT",
    issued_on=ISSUED,
    verification_code=CODE,
    verify_url=VERIFY_URL,
)


def _pages(path) -> list[str]:
    """Each page's text, laid out, NFC, no-break spaces read as spaces."""
    out = subprocess.run(
        ["pdftotext", "-layout", str(path), "-"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    text = unicodedata.normalize("NFC", out).replace("\u00a0", " ")
    return text.split("\f")[:-1]


def _render(tmp_path, data, signer=SIGNER, name="report.pdf"):
    out = tmp_path / name
    out.write_bytes(pdf.render_pdf(data, signer=signer, **OFFICIAL))
    return out


def _longest_commune(district):
    return max(communes_of(district.code), key=lambda c: len(c.name))


def _demo_school(district) -> Unit:
    """A school of the district as the demo names them (demo/load.py), under its
    office and the Department; the commune with the longest name."""
    dept = Unit(kind="department", name="Sở Giáo dục và Đào tạo Vĩnh Long")
    office = Unit(
        kind="district",
        name=f"Phòng Giáo dục và Đào tạo {district.kind.lower()} {district.short_name}",
        parent=dept,
    )
    commune = _longest_commune(district)
    return Unit(kind="school", name=f"Trường THCS {commune.name}", parent=office)


@pytest.mark.parametrize("district", districts(), ids=lambda d: d.code)
def test_the_issuing_body_never_splits_a_place_name(app, tmp_path, district):
    school = _demo_school(district)
    signer = docs.signer(school, ISSUED.year)
    data = sample_report(wide_rows=1)
    data.tables = data.tables[:1]
    lines = _pages(_render(tmp_path, data, signer))[0].splitlines()
    commune = _longest_commune(district)
    for place in (district.short_name, commune.name.removeprefix(f"{commune.kind} ")):
        wanted = place.upper()
        assert any(wanted in line for line in lines), (wanted, lines[:8])


def test_a_place_name_keeps_together_and_other_names_are_left_alone():
    nbsp = "\u00a0"
    assert pdf.pdf_layout.keep_place("PHÒNG GD&ĐT THÀNH PHỐ VĨNH LONG") == (
        f"PHÒNG GD&ĐT THÀNH{nbsp}PHỐ{nbsp}VĨNH{nbsp}LONG"
    )
    assert (
        pdf.pdf_layout.keep_place("UBND huyện Long Hồ")
        == f"UBND huyện{nbsp}Long{nbsp}Hồ"
    )
    assert (
        pdf.pdf_layout.keep_place("TRƯỜNG THCS PHƯỜNG 9")
        == f"TRƯỜNG THCS PHƯỜNG{nbsp}9"
    )
    long_place = "TRƯỜNG THCS THỊ TRẤN TRÀ ÔN MỚI XA XÔI"  # may break after the kind
    assert pdf.pdf_layout.keep_place(long_place) == (
        f"TRƯỜNG THCS THỊ{nbsp}TRẤN TRÀ{nbsp}ÔN{nbsp}MỚI{nbsp}XA{nbsp}XÔI"
    )
    assert pdf.pdf_layout.keep_place("SỞ GIÁO DỤC VÀ ĐÀO TẠO") == (
        "SỞ GIÁO DỤC VÀ ĐÀO TẠO"
    )


def _budget_last(rows: int):
    """The sample report ending, like the school report, with a short portrait
    table ("VI. Ngân sách nhà nước") of `rows` rows after a wide one."""
    data = sample_report(wide_rows=20)
    budget = Table(
        key="budget",
        title="VI. Ngân sách nhà nước",
        columns=[("Kế hoạch",), ("Thực hiện",)],
        rows=[
            Row("", "", f"Khoản chi số {i}", "đồng", 1, "", [i * 1000, i * 900])
            for i in range(1, rows + 1)
        ],
    )
    data.tables.append(budget)
    return data


# 41–50 rows put the signature alone on a page before it was kept with the rows
@pytest.mark.parametrize("rows", [3, 38, 41, 44, 47, 50])
def test_the_signature_is_never_alone_on_the_last_page(tmp_path, rows):
    pages = _pages(_render(tmp_path, _budget_last(rows)))
    last = pages[-1]
    assert SIGNER.title in last and SIGNER.name in last and "Nơi nhận:" in last
    assert f"Khoản chi số {rows}" in last  # the table's last rows come along
    assert sum(f"Khoản chi số {i} " in last for i in range(1, rows + 1)) >= min(rows, 3)


def _words(path, page: int) -> list[tuple[str, float]]:
    """(word, height in pt) of one page, from pdftotext -bbox."""
    out = subprocess.run(
        ["pdftotext", "-bbox", "-f", str(page), "-l", str(page), str(path), "-"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    found = re.findall(
        r'<word xMin="[\d.]+" yMin="([\d.]+)" xMax="[\d.]+" yMax="([\d.]+)">([^<]*)</word>',
        out,
    )
    return [(html.unescape(w), float(y2) - float(y1)) for y1, y2, w in found]


def test_every_section_is_numbered_and_its_heading_set_alike(tmp_path):
    data = _budget_last(5)
    assert all(re.match(r"^[IVX]+(\.\d+)?\. \S", t.title) for t in data.tables)
    out = _render(tmp_path, data)
    pages = _pages(out)
    budget_page = next(i for i, p in enumerate(pages) if "VI. Ngân sách" in p) + 1
    wide_page = next(i for i, p in enumerate(pages) if "III. Học sinh" in p) + 1
    wide, budget = _words(out, wide_page), _words(out, budget_page)

    def first(words, word: str) -> float:  # a heading comes before its table
        return next(h for w, h in words if w == word)

    assert first(budget, "VI.") == pytest.approx(first(wide, "III."), abs=0.01)
    assert first(budget, "Ngân") == pytest.approx(first(wide, "Học"), abs=0.01)
    # the short table is printed on a portrait page, not stretched over a wide one
    sizes = subprocess.run(
        ["pdfinfo", "-f", "1", "-l", "99", str(out)],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    width, height = re.findall(r"size:\s+([\d.]+) x ([\d.]+)", sizes)[budget_page - 1]
    assert float(width) < float(height)
