"""The form's notes in the official PDF, as the preview shows them: the footnote
number after a row's label, "Ghi chú:" and the numbered texts under the table, and
the signature after the last table's notes, never alone on its page."""

import html
import re
import subprocess
import unicodedata

import pytest

from smasweb.services.reports.tables import Row, Table
from tests.services.test_report_pdf import SIGNER, sample_report
from tests.services.test_report_pdf_layout import _pages, _render
from tests.web.test_reports_views import built, period, students, year  # noqa: F401


def _flat(text: str) -> str:
    return re.sub(r"\s+", " ", text)


WORD = re.compile(
    r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>'
)


def _boxes(path) -> list[tuple[str, float, float, float, float]]:
    """(word, xMin, yMin, xMax, yMax) of every word, from pdftotext -bbox."""
    out = subprocess.run(
        ["pdftotext", "-bbox", str(path), "-"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    return [
        (unicodedata.normalize("NFC", html.unescape(w)), *map(float, box))
        for *box, w in WORD.findall(out)
    ]


def _marked(boxes, word: str, mark: int) -> bool:
    """Somewhere `word` is followed, touching it, by `mark` set smaller and higher
    (a superscript, which pdftotext -layout reads as a line of its own)."""
    for w, _, y0, x1, y1 in boxes:
        if w != word:
            continue
        for m, mx0, my0, _, my1 in boxes:
            if (
                m == str(mark)
                and abs(mx0 - x1) < 1
                and my1 - my0 < y1 - y0
                and my0 < y0
            ):
                return True
    return False


def _assert_notes_printed(data, path):
    text = _flat(" ".join(_pages(path)))
    boxes = _boxes(path)
    noted = [t for t in data.tables if t.footnotes()]
    assert noted
    assert text.count("Ghi chú:") == len(noted)
    for table in noted:
        for note in table.footnotes():  # each note, numbered as in the preview
            assert _flat(f"{note.number}. {note.line}")[:60] in text
        marks = table.footnote_marks()
        for row in table.rows:
            if row.note:  # the mark right after the label's last word
                last_word = row.label.split()[-1]
                assert _marked(boxes, last_word, marks[row.note]), row.label


def _assert_signature_after_the_notes(data, last: str):
    last_note = data.tables[-1].footnotes()[-1]
    at = _flat(last).find(_flat(f"{last_note.number}. {last_note.line}")[:60])
    assert at >= 0, "the last table's last note is on the signature's page"
    assert at < _flat(last).find("Nơi nhận:")
    assert SIGNER.title in last and SIGNER.name in last


@pytest.mark.parametrize("level", ["02", "01"])  # primary, preschool
def test_a_real_report_prints_its_notes_under_each_table(
    students,  # noqa: F811
    period,  # noqa: F811
    tmp_path,
    level,
):
    data = built(students.s1, level, period)
    assert data.tables[-1].footnotes(), "the last table has notes"
    path = _render(tmp_path, data)
    _assert_notes_printed(data, path)
    _assert_signature_after_the_notes(data, _pages(path)[-1])


LONG = (
    "Để trống: dòng ngân sách không ghi nguồn kinh phí, vì phần mềm chỉ lưu theo loại "
    "(chi thường xuyên, đầu tư) chứ chưa lưu theo nguồn hay nhóm chi của từng khoản."
)


def _noted_budget_last(rows: int, notes: int):
    """The sample report ending with a portrait table whose every third row has
    one of `notes` long notes."""
    data = sample_report(wide_rows=20)
    data.tables.append(
        Table(
            key="budget",
            title="VI. Ngân sách nhà nước",
            columns=[("Kế hoạch",), ("Thực hiện",)],
            rows=[
                Row(
                    str(i),
                    "",
                    f"Khoản chi số {i}",
                    "đồng",
                    1,
                    "",
                    [i * 1000, i * 900],
                    note=f"Nhóm {i % notes}. {LONG}" if i % 3 == 0 else "",
                )
                for i in range(1, rows + 1)
            ],
        )
    )
    return data


# 38 rows and 4 notes: the rows, the notes and the closing overflow a page together;
# 60 rows and 20 notes: the notes alone fill half a page, the closing cannot follow
@pytest.mark.parametrize(("rows", "notes"), [(38, 4), (60, 20)])
def test_the_last_notes_keep_the_signature_company(tmp_path, rows, notes):
    data = _noted_budget_last(rows, notes)
    pages = _pages(_render(tmp_path, data))
    _assert_signature_after_the_notes(data, pages[-1])
    if notes <= 4:  # a few notes come whole, with the table's last rows
        assert "Ghi chú:" in pages[-1] and f"Khoản chi số {rows}" in pages[-1]
