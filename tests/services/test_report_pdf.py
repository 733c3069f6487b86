"""The official report PDF: Decree 30/2020 layout, Vietnamese text, fonts, safety.

Unit tests (no database): a hand-made ReportData is rendered once per module and
read back with poppler (pdftotext, pdffonts, pdfinfo, pdftoppm).
"""

import re
import socket
import subprocess
import unicodedata
from datetime import date
from random import Random

import pytest

from smasweb.services.reports import pdf
from smasweb.services.reports.pdf_layout import place_date, qr_svg
from smasweb.services.reports.tables import ReportData, Row, Table
from smasweb.text import vn_number

ISSUED = date(2026, 9, 9)
CODE = "7KQ2-M9XA-4TPD"
VERIFY_URL = "https://smas.vinhlong.edu.vn/xac-thuc/7KQ2-M9XA-4TPD"
SIGNER = pdf.Signer(
    governing_body="UBND TỈNH VĨNH LONG",
    unit_name="SỞ GIÁO DỤC VÀ ĐÀO TẠO",
    title="GIÁM ĐỐC",
    name="Nguyễn Thị Thủy Tiên",
    recipients=("Bộ Giáo dục và Đào tạo (để báo cáo)", "UBND tỉnh (để báo cáo)"),
)
# Every Vietnamese letter shape the fonts must carry: ơ ư ạ ả ẫ ặ ệ ỉ ọ ộ ớ ợ ụ ủ ữ ự
# ỳ ỵ ỷ ỹ đ Đ (and the common ones around them).
LABELS = [
    "Tổng quy mô",
    "Học sinh ở bán trú",
    "Học sinh mẫu giáo đã qua lớp chồi",
    "Học sinh có hoàn cảnh đặc biệt",
    "Học sinh được hỗ trợ chi phí",
    "Học sinh có chỉ số khối cơ thể thấp",
    "Học sinh học hòa nhập",
    "Học sinh dân tộc Khmer",
    "Học sinh lớp ghép",
    "Học sinh ở điểm trường lẻ",
    "Học sinh được khám sức khỏe định kỳ",
    "Học sinh sinh năm Quý Tỵ",
    "Tỷ lệ huy động trẻ 6 tuổi",
    "Học sinh ở xã Mỹ Thuận",
    "Học sinh thuộc hộ nghèo",
    "Học sinh sử dụng thư viện",
    "Học sinh bỏ học giữa chừng",
    "Học sinh học tiếng Anh tự chọn",
    "Học sinh được học bơi",
    "Học sinh lưu ban",
    "Đội viên Đội Thiếu niên",
    "Học sinh phục vụ thư viện",
    "Học sinh có kỹ năng số",
    "Học sinh khả năng đặc biệt",
]


def sample_report(*, wide_rows: int = 45, extra_wide_tables: int = 0) -> ReportData:
    """Three tables (schools, classes, a 15-column wide pupils table); more wide
    tables make a long document for the bench."""
    rnd = Random(2026)
    schools = Table(
        key="truong",
        title="I. Trường",
        columns=[("Tổng số",), ("Công lập",), ("Tư thục",)],
        rows=[
            Row("1", "1.1.", "Tổng số trường", "trường", 0, "", [215, 210, 5]),
            Row(
                "2",
                "",
                "- Trung du, đồng bằng, thành phố",
                "trường",
                1,
                "Chia ra theo vùng:",
                [215, 210, 5],
            ),
            Row(
                "8",
                "",
                "- Trường đạt chuẩn quốc gia mức độ 1",
                "trường",
                1,
                "Trong đó:",
                [102, 101, 1],
            ),
            Row(
                "19", "", "- Trường có nguồn nước sạch", "trường", 1, "", [213, 208, 5]
            ),
            Row("26", "1.2.", "Số điểm trường", "điểm", 0, "", [0, 0, 0]),
        ],
    )
    classes = Table(
        key="lop",
        title="II. Lớp",
        columns=[("Tổng số",), ("Công lập",), ("Tư thục",)],
        rows=[Row("27", "", "Lớp", "lớp", 0, "", [4412, 4380, 32])]
        + [
            Row(
                str(28 + g),
                "",
                f"- Lớp {g + 1}",
                "lớp",
                1,
                "Chia ra:" if g == 0 else "",
                [900 + g, 890 + g, 10],
            )
            for g in range(5)
        ],
    )
    groups = ("Tổng số", "Công lập", "Tư thục")
    subs = (
        ("Tổng",),
        ("Nữ",),
        ("Dân tộc thiểu số", "Tổng"),
        ("Dân tộc thiểu số", "Nữ"),
        ("Khuyết tật",),
    )
    columns = [(g, *s) for g in groups for s in subs]

    def wide(key: str, title: str) -> Table:
        rows = []
        for i in range(wide_rows):
            label = LABELS[i % len(LABELS)]
            cells = [rnd.randrange(0, 250_000) for _ in columns]
            rows.append(Row(str(37 + i), f"3.{i + 1}.", label, "người", 0, "", cells))
        return Table(key=key, title=title, columns=columns, rows=rows, wide=True)

    tables = [schools, classes, wide("hoc_sinh", "III. Học sinh")]
    tables += [
        wide(f"hs{n}", f"III.{n}. Học sinh (tiếp)") for n in range(extra_wide_tables)
    ]
    return ReportData(
        code="02-TH-DN",
        title="Báo cáo thống kê giáo dục tiểu học",
        level="01",
        level_label="Tiểu học",
        unit_id=1,
        unit_name="Sở Giáo dục và Đào tạo tỉnh Vĩnh Long",
        unit_kind="department",
        year=2026,
        period_id=1,
        period_title="Kỳ đầu năm học 2026-2027",
        school_count=215,
        tables=tables,
    )


def _run(*args: str) -> str:
    return subprocess.run(args, check=True, capture_output=True, text=True).stdout


def _text(path, first: int | None = None, last: int | None = None) -> str:
    pages = [
        *(["-f", str(first)] if first else []),
        *(["-l", str(last)] if last else []),
    ]
    out = _run("pdftotext", "-layout", *pages, str(path), "-")
    return unicodedata.normalize("NFC", out)


def _page_sizes(path) -> list[tuple[float, float]]:
    info = _run("pdfinfo", "-f", "1", "-l", "999", str(path))
    return [
        (float(w), float(h))
        for w, h in re.findall(r"size:\s+([\d.]+) x ([\d.]+)", info)
    ]


@pytest.fixture(scope="module")
def official(tmp_path_factory):
    data = sample_report()
    out = tmp_path_factory.mktemp("pdf") / "official.pdf"
    out.write_bytes(
        pdf.render_pdf(
            data,
            signer=SIGNER,
            draft=False,
            number="15/BC-SGDĐT",
            issued_on=ISSUED,
            verification_code=CODE,
            verify_url=VERIFY_URL,
        )
    )
    return data, out


def test_place_date_puts_a_zero_before_days_1_9_and_months_1_2():
    assert (
        place_date("Vĩnh Long", date(2026, 9, 9))
        == "Vĩnh Long, ngày 09 tháng 9 năm 2026"
    )
    assert (
        place_date("Vĩnh Long", date(2027, 1, 5))
        == "Vĩnh Long, ngày 05 tháng 01 năm 2027"
    )
    assert (
        place_date("Trà Vinh", date(2027, 2, 28))
        == "Trà Vinh, ngày 28 tháng 02 năm 2027"
    )
    assert (
        place_date("Vĩnh Long", date(2026, 12, 10))
        == "Vĩnh Long, ngày 10 tháng 12 năm 2026"
    )


def test_every_label_and_title_comes_back_with_its_diacritics(official):
    data, path = official
    text = _text(path)
    for table in data.tables:
        assert table.title in text
        for row in table.rows:
            assert row.label in text
            if row.heading:
                assert row.heading in text
    for expected in (
        "BÁO CÁO THỐNG KÊ GIÁO DỤC TIỂU HỌC",
        "KỲ ĐẦU NĂM HỌC 2026-2027",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "UBND TỈNH VĨNH LONG",
        "SỞ GIÁO DỤC VÀ ĐÀO TẠO",
        "Số: 15/BC-SGDĐT",
        "Vĩnh Long, ngày 09 tháng 9 năm 2026",
        "GIÁM ĐỐC",
        "(Ký, ghi rõ họ tên, đóng dấu)",
        "Nguyễn Thị Thủy Tiên",
        "Nơi nhận:",
        "- Bộ Giáo dục và Đào tạo (để báo cáo);",
        "- Lưu: VT.",
        f"Mã xác thực: {CODE}",
        "Chỉ tiêu",
    ):
        assert expected in text, expected
    assert "BẢN NHÁP" not in text


def test_numbers_are_printed_with_vietnamese_separators(official):
    data, path = official
    text = _text(path)
    row = data.table("hoc_sinh").rows[0]
    line = next(ln for ln in text.splitlines() if row.label in ln)
    assert line.split()[-len(row.cells) :] == [vn_number(v) for v in row.cells]


def test_page_numbers_start_on_page_two_in_the_top_margin(official):
    _, path = official
    first = _text(path, 1, 1).strip().splitlines()
    second = _text(path, 2, 2).strip().splitlines()
    assert first[0].split()[0] != "1"
    assert second[0].strip() == "2"


def test_only_the_bundled_liberation_serif_is_embedded(official):
    _, path = official
    fetcher = pdf.static_fetcher()
    pdf.html_to_pdf('<link rel="stylesheet" href="css/print.css"><p>Đ</p>', fetcher)
    fonts = sorted(u.rsplit("/", 1)[1] for u in fetcher.fetched if "/fonts/" in u)
    assert fonts == [
        f"LiberationSerif-{s}.ttf" for s in ("Bold", "BoldItalic", "Italic", "Regular")
    ]
    rows = _run("pdffonts", str(path)).splitlines()[2:]
    assert rows
    for row in rows:
        name, *_ = row.split()
        # Liberation Serif 2.1 from static/fonts, under its @font-face family name
        assert re.fullmatch(
            r"[A-Z]{6}\+Liberation-Serif-SMAS(-Bold)?(-Italic)?", name
        ), row
        assert " yes yes " in row, row  # embedded, subset


def test_wide_tables_are_on_landscape_pages(official):
    _, path = official
    sizes = _page_sizes(path)
    assert sizes[0][0] < sizes[0][1]  # page 1: portrait
    landscape = [i + 1 for i, (w, h) in enumerate(sizes) if w > h]
    assert landscape
    for page in landscape:
        assert "Dân tộc thiểu số" in _text(path, page, page)  # its header repeats


def test_first_page_renders_to_a_non_blank_image(official, tmp_path):
    _, path = official
    out = str(tmp_path / "page")
    _run("pdftoppm", "-r", "60", "-png", "-f", "1", "-l", "1", str(path), out)
    png = next(tmp_path.glob("page*.png")).read_bytes()
    assert png.startswith(b"\x89PNG")
    assert len(png) > 10_000  # a blank A4 at 60 dpi compresses to ~1 KB


def test_a_draft_has_the_watermark_on_every_page_and_no_verification(tmp_path):
    data = sample_report(wide_rows=3)
    signer = pdf.Signer(
        "SỞ GIÁO DỤC VÀ ĐÀO TẠO", "TRƯỜNG TIỂU HỌC LONG HỒ", "HIỆU TRƯỞNG"
    )
    html = pdf.render_html(
        data,
        signer=signer,
        draft=True,
        number="…/BC-THLH",
        issued_on=ISSUED,
        verification_code=CODE,
        verify_url=VERIFY_URL,
    )
    assert "Mã xác thực" not in html and "<svg" not in html
    out = tmp_path / "draft.pdf"
    out.write_bytes(pdf.html_to_pdf(html))
    pages = len(_page_sizes(out))
    assert pages >= 2
    # -layout leaves rotated text out; -raw keeps it
    raw = unicodedata.normalize("NFC", _run("pdftotext", "-raw", str(out), "-"))
    assert raw.count("BẢN NHÁP") == pages
    assert "(Ký, ghi rõ họ tên, đóng dấu)" in _text(out)


def test_an_official_copy_needs_its_verification():
    with pytest.raises(ValueError, match="verification"):
        pdf.render_html(
            sample_report(wide_rows=1),
            signer=SIGNER,
            draft=False,
            number="1/BC",
            issued_on=ISSUED,
        )


def test_the_qr_code_of_the_verify_url_is_inline_svg(official):
    html = pdf.render_html(
        official[0],
        signer=SIGNER,
        draft=False,
        number="1/BC",
        issued_on=ISSUED,
        verification_code=CODE,
        verify_url=VERIFY_URL,
    )
    assert qr_svg(VERIFY_URL) in html
    links = html.replace('xmlns="http://www.w3.org/2000/svg"', "")  # a name, not a link
    assert "<img" not in links and "data:" not in links and "http://" not in links


@pytest.fixture
def no_network(monkeypatch):
    def refuse(self, *args, **kwargs):
        raise AssertionError(f"network access during a PDF render: {args}")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)


def test_the_fetcher_serves_static_files_only(no_network):
    outside = [
        "http://127.0.0.1:9/tracker.png",
        "https://example.org/x.css",
        "file:///etc/passwd",
        "file://otherhost/work/x.png",
        "../../../../../../etc/hostname",
        "fonts/../../__init__.py",
        "ftp://example.org/x.png",
    ]
    html = (
        '<link rel="stylesheet" href="css/print.css">'
        '<link rel="stylesheet" href="file:///etc/ssl/openssl.cnf">'
        "<style>@import url(http://127.0.0.1:9/a.css);</style>"
        + "".join(f'<img src="{url}">' for url in outside)
        + "<p>Đồng Tháp</p>"
    )
    fetcher = pdf.static_fetcher()
    assert pdf.html_to_pdf(html, fetcher).startswith(b"%PDF")
    assert fetcher.fetched and all("/smasweb/static/" in u for u in fetcher.fetched)
    assert len(fetcher.refused) == len(outside) + 2
    assert not any("passwd" in u or "hostname" in u for u in fetcher.fetched)


def test_markup_in_report_data_is_printed_as_text(no_network):
    data = sample_report(wide_rows=1)
    data.tables[0].rows[0].label = '<img src="file:///etc/passwd">Trường'
    html = pdf.render_html(
        data, signer=SIGNER, draft=True, number="1/BC", issued_on=ISSUED
    )
    assert '<img src="file:///etc/passwd">' not in html
    assert "&lt;img src=&#34;file:///etc/passwd&#34;&gt;Trường" in html


def test_a_blank_signer_name_leaves_room_to_sign_by_hand():
    signer = pdf.Signer("", "PHÒNG GIÁO DỤC VÀ ĐÀO TẠO", "TRƯỞNG PHÒNG")
    html = pdf.render_html(
        sample_report(wide_rows=1),
        signer=signer,
        draft=True,
        number="…/BC-PGDĐT",
        issued_on=date(2027, 1, 5),
    )
    assert 'class="name">\u00a0<' in html
    assert "ngày 05 tháng 01 năm 2027" in html
    assert "governing" not in html
