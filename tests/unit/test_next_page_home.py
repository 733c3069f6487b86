"""After an htmx save, only rendering.go_to() sends the browser on (HX-Location): it
asks for the whole page, so a list view never answers with its fragment alone and
drops the menu. A view that sends HX-Location itself would repeat that trap."""

from pathlib import Path

import smasweb

PACKAGE = Path(smasweb.__file__).parent
HOME = PACKAGE / "rendering.py"
TRAPS = ("hx_response(location", "make_response(location", "HX-Location")


def test_only_rendering_sends_htmx_to_the_next_page():
    offenders = [
        f"{path.relative_to(PACKAGE.parent)}: {trap}"
        for path in sorted(PACKAGE.rglob("*.py"))
        if path != HOME
        for trap in TRAPS
        if trap in path.read_text()
    ]
    assert offenders == [], "use smasweb.rendering.go_to() or done()"
