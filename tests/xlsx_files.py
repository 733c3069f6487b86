"""Builders of large .xlsx uploads, written fast: the sheet XML is made as text and
zipped directly (openpyxl, even write-only, needs ~10 s for 600,000 rows)."""

import random
import string
import zipfile
from io import BytesIO

from openpyxl import Workbook

SHEET = "xl/worksheets/sheet1.xml"
MAIN_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"


def xlsx(
    headers,
    rows_xml: str,
    dimension: str | None = None,
    parts: dict[str, str] | None = None,
    types: str = "",
) -> bytes:
    """A workbook whose first row is `headers` and whose next rows are the
    <row> elements `rows_xml`; `dimension` overrides the size the sheet states;
    `parts` are added (with `types` declared in [Content_Types].xml)."""
    wb = Workbook()
    wb.active.append(list(headers))
    base = BytesIO()
    wb.save(base)
    out = BytesIO()
    with (
        zipfile.ZipFile(BytesIO(base.getvalue())) as src,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as dst,
    ):
        for info in src.infolist():
            data = src.read(info.filename)
            if info.filename == SHEET:
                text = data.decode().replace("</sheetData>", rows_xml + "</sheetData>")
                if dimension:
                    start = text.index('<dimension ref="') + len('<dimension ref="')
                    text = text[:start] + dimension + text[text.index('"', start) :]
                data = text.encode()
            if info.filename == "[Content_Types].xml" and types:
                data = data.replace(b"</Types>", types.encode() + b"</Types>")
            dst.writestr(info.filename, data)
        for name, text in (parts or {}).items():
            dst.writestr(name, text)
    return out.getvalue()


def with_shared_strings(headers, count: int) -> bytes:
    """A workbook with a shared-string table of `count` strings (Excel's way to
    store text; openpyxl writes none)."""
    strings = "<si><t>abcdefgh</t></si>" * count
    sst = f'<sst xmlns="{MAIN_NS}">{strings}</sst>'
    override = (
        '<Override PartName="/xl/sharedStrings.xml" ContentType="application/'
        'vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>'
    )
    return xlsx(headers, "", parts={"xl/sharedStrings.xml": sst}, types=override)


def blank_rows(count: int, first: int = 2) -> str:
    """Rows that look blank: a space in the first cell, an empty string and a
    styled empty cell after it."""
    return "".join(
        f'<row r="{n}"><c t="inlineStr"><is><t xml:space="preserve"> </t></is></c>'
        f'<c t="inlineStr"><is><t></t></is></c><c s="0"/></row>'
        for n in range(first, first + count)
    )


def text_rows(count: int, columns: int, first: int = 2, seed: int = 1) -> str:
    """Rows of random words (they compress about as poorly as real names do)."""
    rng = random.Random(seed)
    words = ["".join(rng.choices(string.ascii_letters, k=8)) for _ in range(4096)]
    names = [_col(c) for c in range(1, columns + 1)]
    out = []
    for n in range(first, first + count):
        picks = rng.choices(words, k=columns)
        cells = "".join(
            f'<c r="{name}{n}" t="inlineStr"><is><t>{word}</t></is></c>'
            for name, word in zip(names, picks, strict=True)
        )
        out.append(f'<row r="{n}">{cells}</row>')
    return "".join(out)


def _col(number: int) -> str:
    name = ""
    while number:
        number, rest = divmod(number - 1, 26)
        name = chr(65 + rest) + name
    return name
