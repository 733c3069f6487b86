"""Every table on a screen page sits in its own scroll box, so a wide table scrolls
by itself on a phone instead of pushing the whole page sideways."""

import re
from pathlib import Path

TEMPLATES = Path(__file__).resolve().parents[2] / "smasweb" / "templates"
# PDF pages have no phone to fit.
PRINTED = ("reports/print/", "results/print/", "graduation/print/")


def test_every_screen_table_is_wrapped_in_a_scroll_box():
    bare = []
    for path in sorted(TEMPLATES.rglob("*.html")):
        name = path.relative_to(TEMPLATES).as_posix()
        if name.startswith(PRINTED):
            continue
        text = path.read_text(encoding="utf-8")
        for match in re.finditer(r"<table\b", text):
            before = text[: match.start()].rstrip()
            if not before.endswith('<div class="table-scroll">'):
                line = text.count("\n", 0, match.start()) + 1
                bare.append(f"{name}:{line}")
    assert bare == []
