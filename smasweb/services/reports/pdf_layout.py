"""Pieces of the Decree 30/2020 print layout that are easier in Python than in Jinja:
the place-and-date line, the QR code and table column widths (numbers are written by
text.vn_number, as on the pages).
"""

import re
from dataclasses import dataclass
from datetime import date
from functools import cache
from pathlib import Path

import segno
from fontTools.ttLib import TTFont
from markupsafe import Markup

from smasweb.services.reports.tables import Table
from smasweb.text import vn_number


def place_date(place: str, issued_on: date) -> str:
    """ "Vĩnh Long, ngày 09 tháng 9 năm 2026": days 1–9 and months 1–2 get a leading 0.

    Decree 30/2020, Appendix I: the zero keeps a day or month from being altered by
    hand (ngày 1 → 11); months 3–12 cannot be extended that way, so they keep none.
    """
    month = f"{issued_on.month:02d}" if issued_on.month < 3 else str(issued_on.month)
    return f"{place}, ngày {issued_on.day:02d} tháng {month} năm {issued_on.year}"


NBSP = "\u00a0"
_PLACE = re.compile(
    r"\b(thị xã|thị trấn|thành phố|huyện|quận|tỉnh|xã|phường)\s+(\S.*)$",
    re.IGNORECASE,
)


PLACE_TOGETHER = 24  # characters: "THÀNH PHỐ VĨNH LONG" fits the issuer column


def keep_place(name: str) -> str:
    """A unit's name that wraps before its place, never inside the place name.

    "PHÒNG GD&ĐT THÀNH PHỐ VĨNH LONG" gets no-break spaces inside "THÀNH PHỐ
    VĨNH LONG", so a narrow issuer column prints "PHÒNG GD&ĐT / THÀNH PHỐ VĨNH
    LONG", never "… VĨNH / LONG". A kind and place longer than PLACE_TOGETHER
    characters may still break between the two ("THỊ TRẤN / CÁI NHUM"), never
    inside either. Names without a kind of place are returned unchanged.
    """
    found = _PLACE.search(name)
    if found is None:
        return name
    kind, place = (part.replace(" ", NBSP) for part in found.groups())
    joint = NBSP if len(kind) + len(place) < PLACE_TOGETHER else " "
    return f"{name[: found.start()]}{kind}{joint}{place}"


def qr_svg(url: str) -> Markup:
    """An inline SVG QR code for `url` (no file, no network), sized by the CSS."""
    svg = segno.make(url, error="m", micro=False).svg_inline(
        scale=1, border=2, dark="#000", omitsize=True
    )
    # the namespace makes it SVG for pdf.py's XML parser too (HTML parsers infer it)
    svg = svg.replace("<svg ", '<svg xmlns="http://www.w3.org/2000/svg" ', 1)
    return Markup(svg)  # noqa: S704 - segno's own output, the URL inside is escaped


@dataclass(frozen=True)
class GridLayout:
    """How one table is set: its font size and column widths in mm (TT, Chỉ tiêu,
    Đơn vị tính, Mã số, then one per number column)."""

    font_pt: float
    widths: list[float]


_MM_PER_PT = 25.4 / 72
_FIXED_MM = (9.0, 14.5, 9.0)  # TT, Đơn vị tính, Mã số


# Header cells: a tall table's at its own size, a wide one's at 8 pt (print.css),
# padded 2 pt a side
_FONTS = {False: (11.0, 10.0, 9.0, 8.0), True: (8.5,)}
_HEADER_PT = {True: 8.0}
_HEADER_PAD_MM = 1.6
_BOLD_FONT = (
    Path(__file__).resolve().parents[2] / "static/fonts/LiberationSerif-Bold.ttf"
)


@cache
def _bold_advances() -> tuple[dict[int, int], int]:
    """{code point: advance width} of the bold font the headers print in, and its
    units per em."""
    with TTFont(_BOLD_FONT, lazy=True) as font:
        hmtx = font["hmtx"]
        widths = {cp: hmtx[name][0] for cp, name in font.getBestCmap().items()}
        return widths, font["head"].unitsPerEm


def bold_mm(text: str, font_pt: float) -> float:
    """How wide `text` prints in bold Liberation Serif at `font_pt`, in mm."""
    widths, em = _bold_advances()
    units = sum(widths.get(ord(ch), em // 2) for ch in text)
    return units / em * font_pt * _MM_PER_PT


def grid_layout(table: Table, *, page_mm: float) -> GridLayout:
    """A fixed table layout (WeasyPrint's fastest, and stable from page to page).

    Number columns are as wide as their longest number in Liberation Serif (digits
    are 0.5 em, the "." 0.25 em) and their headers' longest word, plus padding;
    the label column takes the rest but keeps at least a quarter of the page,
    narrowing the number columns if it must. A tall table whose header words do not
    fit then takes a smaller font (a word is never cut in two).
    """
    words = {w for column in table.columns if column for w in column[-1].split()}
    for font_pt in _FONTS[table.wide]:
        head_pt = _HEADER_PT.get(table.wide, font_pt)
        word = max((bold_mm(w, head_pt) for w in words), default=0.0)
        layout, number = _layout(table, page_mm, font_pt, word + _HEADER_PAD_MM)
        if number >= word + _HEADER_PAD_MM:
            break
    return layout


def _layout(table: Table, page_mm: float, font_pt: float, header_mm: float):
    """(GridLayout, number column width) at `font_pt`."""
    count = max(len(table.columns), 1)
    longest = max(
        (vn_number(v) for r in table.rows for v in r.cells), key=len, default="0"
    )
    ems = 0.5 * sum(c.isdigit() for c in longest) + 0.25 * longest.count(".")
    digits = ems * font_pt * _MM_PER_PT + 1.6
    number = max(digits, header_mm, 8.0 if table.wide else 12.0)
    label = page_mm - sum(_FIXED_MM) - number * count
    if label < page_mm / 4:
        label = page_mm / 4
        number = (page_mm - sum(_FIXED_MM) - label) / count
    tt, unit, code = _FIXED_MM
    widths = [tt, round(label, 2), unit, code] + [round(number, 2)] * count
    return GridLayout(font_pt, widths), number
