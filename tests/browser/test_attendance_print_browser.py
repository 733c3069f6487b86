"""The month grid prints on A4 landscape (its named page), while the roll call, like
every other page, stays portrait: Chromium's own print of each, read back."""

import re
import subprocess

import pytest
from sqlalchemy import select

from smasweb import clock
from smasweb.extensions import db
from smasweb.models import ClassGroup, Unit
from tests.browser.test_browser import log_in
from tests.factories import make_student
from tests.services.test_students_import import add_class

pytestmark = pytest.mark.browser
SCHOOL = "86857001"  # cb1's school (make_world)


@pytest.fixture(scope="module")
def grid_urls(live_app):
    """(month grid, roll call) of class 5M (no other browser test uses it)."""
    with live_app.app_context():
        school = db.session.scalars(select(Unit).filter_by(code=SCHOOL)).one()
        cls = db.session.scalars(
            select(ClassGroup).filter_by(school_id=school.id, name="5M")
        ).first()
        if cls is None:
            cls = add_class(school, "5M")
            for name in ("Lê Thị An", "Trần Văn Bình"):
                make_student(school, cls, full_name=name)
        db.session.commit()
        today = clock.today()
        base = f"/attendance/{cls.id}"
        return f"{base}/month/{today:%Y-%m}", f"{base}/{today.isoformat()}"


def printed_size(page, path) -> tuple[int, int]:
    """The printed page's (width, height) in points, rounded, as pdfinfo reads it."""
    page.pdf(path=str(path), prefer_css_page_size=True)
    info = subprocess.run(
        ["pdfinfo", str(path)], capture_output=True, text=True, check=True
    ).stdout
    found = re.search(r"Page size:\s+([\d.]+) x ([\d.]+) pts", info)
    return round(float(found[1])), round(float(found[2]))


def test_the_month_grid_prints_landscape_and_the_roll_call_portrait(
    new_page, grid_urls, tmp_path
):
    page = new_page()
    log_in(page, "cb1")
    month, day = grid_urls
    page.goto(month)
    heading = page.get_by_role("heading", level=1).inner_text()
    assert heading.startswith("Sổ điểm danh tháng") and heading.endswith("Lớp 5M")
    assert printed_size(page, tmp_path / "grid.pdf") == (842, 595)  # A4 landscape
    page.goto(day)
    assert printed_size(page, tmp_path / "day.pdf") == (595, 842)
