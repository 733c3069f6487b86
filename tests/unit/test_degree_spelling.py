"""One spelling of the degrees: "Tiến sĩ", "Thạc sĩ" (as in the Ministry's code lists,
docs/domain-reference.md §1.3), never "Tiến sỹ" / "Thạc sỹ", in code lists, reports,
templates and the labels the staff summary prints."""

import re
from pathlib import Path

from smasweb.services.staff import summary as staff_summary

PACKAGE = Path(__file__).resolve().parents[2] / "smasweb"
OTHER_SPELLING = re.compile(r"\b(tiến|thạc)\s+sỹ\b", re.IGNORECASE)


def test_no_file_spells_a_degree_with_y():
    found = [
        f"{path.relative_to(PACKAGE)}: {match.group(0)}"
        for pattern in ("**/*.py", "**/*.html", "**/*.csv", "**/*.txt")
        for path in PACKAGE.glob(pattern)
        for match in OTHER_SPELLING.finditer(path.read_text(encoding="utf-8"))
    ]
    assert found == []


def test_the_staff_qualification_rows_say_tien_si():
    assert "Tiến sĩ, Tiến sĩ khoa học" in staff_summary.QUALIFICATION_LABELS
    assert not any(OTHER_SPELLING.search(x) for x in staff_summary.QUALIFICATION_LABELS)
