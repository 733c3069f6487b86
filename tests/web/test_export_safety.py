"""Every Excel download of the app, walked with hostile text stored: names that read
like formulas come out as text exactly as stored (issue 12, D1), and a control
character stored in a name no longer breaks an export (D2)."""

from datetime import timedelta
from io import BytesIO

import pytest
from openpyxl import load_workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from sqlalchemy import select

from smasweb import clock, excel
from smasweb.extensions import db
from smasweb.models import Accreditation, BudgetLine, ClassGroup
from smasweb.models.facilities import Room
from smasweb.services import years as school_years
from tests.factories import make_staff, make_student
from tests.services.test_students_import import add_class

HOSTILE = {
    "pupil": '=HYPERLINK("http://x","y")',
    "staff": "=1+1",
    "room": "@SUM(A1)",
    "class": "-1+2",
    "budget": "+1",
    "school": "=2*3 Trường",
}
# (who, path, query, hostile texts that must come out as cells)
DOWNLOADS = [
    ("admin", "/students/export.xlsx", {}, {"pupil", "school"}),
    ("clerk", "/students/c1.xlsx", {}, {"pupil", "class"}),
    ("clerk", "/students/summary.xlsx", {}, set()),
    ("clerk", "/students/template.xlsx", {}, set()),
    ("admin", "/staff/export.xlsx", {}, {"staff", "school"}),
    ("clerk", "/staff/ministry.xlsx", {}, {"staff"}),
    ("clerk", "/staff/summary.xlsx", {}, set()),
    ("clerk", "/staff/template.xlsx", {}, set()),
    ("clerk", "/finance/budget.xlsx", {"school": "s1"}, {"budget"}),
    ("admin", "/finance/budget.xlsx", {}, {"school"}),
    ("clerk", "/schools/classes.xlsx", {"school": "s1"}, {"class"}),
    ("admin", "/schools/profiles.xlsx", {}, {"school"}),
    ("admin", "/schools/accreditation/due.xlsx", {}, {"school"}),
    ("clerk", "/facilities/rooms.xlsx", {}, {"room"}),
    ("admin", "/facilities/rooms.xlsx", {}, {"room", "school"}),
    ("clerk", "/facilities/equipment.xlsx", {}, set()),
    ("clerk", "/facilities/summary.xlsx", {}, set()),
    ("clerk", "/facilities/rooms/template.xlsx", {}, set()),
    ("clerk", "/facilities/equipment/template.xlsx", {}, set()),
    ("admin", "/audit/export.xlsx", {}, {"school"}),
    ("leader", "/reports/after_opening.xlsx", {"unit": "s1", "level": "02"},
     {"school"}),
    ("district", "/reports/board.xlsx", {}, {"school"}),
    ("admin", "/reports/board.xlsx", {}, {"school"}),
    ("admin", "/accounts/export.xlsx", {}, set()),
    ("admin", "/units/export.xlsx", {}, {"school"}),
    ("admin", "/calendar/unlocks.xlsx", {"status": "all"}, set()),
    ("clerk", "/attendance/{class}/month/2026-10.xlsx", {}, {"pupil", "school"}),
    ("admin", "/grades/{grades}/toan/1.xlsx", {}, {"pupil"}),
    ("clerk", "/grades/assignments.xlsx", {}, {"class", "staff", "school"}),
    ("clerk", "/graduation/thpt/export.xlsx", {}, set()),
    ("clerk", "/graduation/thpt/template.xlsx", {}, set()),
]  # fmt: skip
# The error sheets of the imports: a file with the template's columns and one row
# of hostile text in every cell gives a sheet of row errors.
ERROR_SHEETS = [
    ("/students/template.xlsx", "/students/import/errors.xlsx"),
    ("/staff/template.xlsx", "/staff/import/errors.xlsx"),
    ("/facilities/rooms/template.xlsx", "/facilities/rooms/import/errors.xlsx"),
    (
        "/facilities/equipment/template.xlsx",
        "/facilities/equipment/import/errors.xlsx",
    ),
    ("/graduation/thpt/template.xlsx", "/graduation/thpt/import/errors.xlsx"),
]


def store(world, names: dict[str, str]) -> None:
    """A record of each kind named `names[kind]`, written through the ORM."""
    year = school_years.current_year()
    school_years.ensure_year(year)
    world.s1.name = names["school"]
    cls = add_class(world.s1, names["class"])
    make_student(world.s1, cls, full_name=names["pupil"])
    grades = add_class(world.s1b, "6A", grade="06")  # a secondary class's gradebook
    make_student(world.s1b, grades, full_name=names["pupil"])
    make_staff(world.s1, full_name=names["staff"])
    db.session.add(
        Room(
            school_id=world.s1.id,
            kind="classroom",
            construction="kien_co",
            quantity=1,
            name=names["room"],
        )
    )
    db.session.add(
        BudgetLine(
            school_id=world.s1.id, year=year, category="01", description=names["budget"]
        )
    )
    today = clock.today()  # a decision expiring next month: on the due list
    db.session.add(
        Accreditation(
            school_id=world.s1.id, kind="kiem_dinh", level=2, decision_number="1/QĐ",
            decided_on=today - timedelta(days=5 * 365), expires_on=today + timedelta(days=30),
        )
    )  # fmt: skip
    db.session.commit()


def url(world, path: str, query: dict) -> str:
    """The download's URL; {class} is s1's class, {grades} s1b's (any id for
    matching the rule)."""
    for slot, school in (("{class}", "s1"), ("{grades}", "s1b")):
        if slot in path:
            found = world and db.session.scalar(
                select(ClassGroup.id).where(
                    ClassGroup.school_id == getattr(world, school).id
                )
            )
            path = path.replace(slot, str(found or 1))
    args = {k: getattr(world, v).id if v == "s1" else v for k, v in query.items()}
    return path + ("?" + "&".join(f"{k}={v}" for k, v in args.items()) if args else "")


def cells(data: bytes) -> list:
    """Every non-empty cell of every sheet."""
    wb = load_workbook(BytesIO(data))
    return [
        c for ws in wb for row in ws.iter_rows() for c in row if c.value is not None
    ]


def texts(found: list) -> list[str]:
    return [c.value for c in found if isinstance(c.value, str)]


def downloads(world, login):
    """(url, expected hostile kinds, workbook bytes) of every download: DOWNLOADS,
    then the error sheets."""
    for who, path, query, expected in DOWNLOADS:
        target = url(world, path, query)
        resp = login(getattr(world, who)).get(target)
        assert resp.status_code == 200, (target, resp.status_code)
        assert resp.mimetype == excel.XLSX_MIMETYPE, target
        yield target, expected, resp.data
    client = login(world.clerk)
    for template, errors in ERROR_SHEETS:
        headers, _ = excel.read_sheet(BytesIO(client.get(template).data))
        bad = excel.workbook("Nhap", headers, [[HOSTILE["staff"]] * len(headers)])
        upload = {"file": (BytesIO(bad), "tep.xlsx")}
        resp = client.post(errors, data=upload)
        assert resp.status_code == 200, (errors, resp.status_code)
        assert resp.mimetype == excel.XLSX_MIMETYPE, errors
        yield errors, set(), resp.data


def test_the_walk_covers_every_excel_download_of_the_app(app):
    """A new .xlsx route fails here until it is added to the walk below."""
    walked = {path for _, path, _, _ in DOWNLOADS} | {e for _, e in ERROR_SHEETS}
    adapter = app.url_map.bind("localhost")
    covered = set()
    for path in (url(None, p, {}) for p in walked):
        method = "POST" if "/import/" in path else "GET"
        covered.add(adapter.match(path, method, return_rule=True)[0].rule)
    routes = {r.rule for r in app.url_map.iter_rules() if r.rule.endswith(".xlsx")}
    assert routes == covered


def test_text_that_reads_like_a_formula_comes_out_as_that_text(world, login):
    store(world, HOSTILE)
    for target, expected, data in downloads(world, login):
        found = cells(data)
        assert not [c.coordinate for c in found if c.data_type == "f"], target
        values = texts(found)
        for kind in expected:
            text = HOSTILE[kind]
            assert any(v == text or v.startswith(text + " ") for v in values), (
                target,
                kind,
            )
        for cell in found:
            if isinstance(cell.value, str) and cell.value[:1] in "=+-@":
                assert cell.data_type == "s" and cell.quotePrefix, (target, cell)


@pytest.fixture
def controls(backend) -> str:
    """Control characters a pasted name can carry; PostgreSQL refuses a NUL in text
    itself, SQLite stores it."""
    return "\x1b\x07" if backend == "postgresql" else "\x00\x1b"


def test_control_characters_stored_in_names_do_not_break_any_download(
    world, login, controls
):
    names = {kind: f"Tên{controls}lỗi {kind}" for kind in HOSTILE}
    store(world, names)
    student = f"Tên{controls}lỗi pupil".replace(controls, "")
    for target, _, data in downloads(world, login):
        values = texts(cells(data))
        assert not [v for v in values if ILLEGAL_CHARACTERS_RE.search(v)], target
        if target.startswith(("/students/export", "/students/c1")):
            assert student in values, target
