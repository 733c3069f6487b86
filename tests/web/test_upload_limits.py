"""D6: an upload cannot hold a worker. Over SMAS_MAX_UPLOAD_MB is a 413 before the
file is read (the CSRF check included); a sheet of 600,000 blank-looking rows or
with wrong headers answers within seconds; an import past its time budget stops
with a 422. Nothing is saved.

Times are printed (pytest -s) for the closing note.
"""

import time
from io import BytesIO

import pytest
from sqlalchemy import func, select
from werkzeug.datastructures import FileStorage
from werkzeug.test import encode_multipart

from smasweb import create_app
from smasweb.blueprints.imports_common import ImportFileForm
from smasweb.extensions import db
from smasweb.models import Room, StaffMember, Student
from smasweb.services.facilities.imports import ROOM_COLUMNS
from smasweb.services.staff.import_cells import COLUMNS as STAFF_COLUMNS
from smasweb.services.students.import_cells import COLUMNS as STUDENT_COLUMNS
from tests import xlsx_files
from tests.conftest import HX

LIMIT = 5.0  # seconds: the bound for any refused upload
IMPORTS = {
    "rooms": ("/facilities/rooms/import", list(ROOM_COLUMNS.values()), Room),
    "pupils": (
        "/students/import",
        [c.header for c in STUDENT_COLUMNS.values()],
        Student,
    ),
    "staff": ("/staff/import", [c.header for c in STAFF_COLUMNS.values()], StaffMember),
}


def count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def post(client, url: str, data: bytes, name: str, headers=None):
    """(response, seconds) of a commit ("Nhập dữ liệu") of the file.

    The body is encoded here, in memory: the test client spools a large one to a
    temporary file it leaves open."""
    boundary, body = encode_multipart(
        {"file": FileStorage(BytesIO(data), name), "action": "save"}
    )
    started = time.perf_counter()
    resp = client.post(
        url,
        data=body,
        content_type=f"multipart/form-data; boundary={boundary}",
        headers=headers or {},
    )
    return resp, time.perf_counter() - started


@pytest.fixture(scope="module")
def blank_sheet():
    """The headers of every import, then 600,000 rows of spaces, empty strings and
    styled empty cells; the sheet says it spans 16,384 columns (built once)."""
    started = time.perf_counter()
    headers = [h for _, heads, _ in IMPORTS.values() for h in heads]
    data = xlsx_files.xlsx(
        headers, xlsx_files.blank_rows(600_000), dimension="A1:XFD600001"
    )
    print(
        f"\n600,000 blank rows: built in {time.perf_counter() - started:.1f} s, "
        f"{len(data) / 1e6:.1f} MB"
    )
    return data


@pytest.fixture(scope="module")
def wrong_header_sheet():
    """15,000 rows × 30 columns of random words under headers no import knows."""
    started = time.perf_counter()
    data = xlsx_files.xlsx(
        [f"Cột {i}" for i in range(1, 31)],
        xlsx_files.text_rows(15_000, 30),
        dimension="A1:XFD1048576",
    )
    print(
        f"\nwrong headers: built in {time.perf_counter() - started:.1f} s, "
        f"{len(data) / 1e6:.1f} MB"
    )
    return data


@pytest.mark.parametrize("what", IMPORTS)
def test_a_20_mb_upload_is_refused_with_413_before_it_is_read(world, login, what):
    url, _, model = IMPORTS[what]
    resp, seconds = post(login(world.clerk), url, b"PK" * (10 * 1024 * 1024), "a.xlsx")
    print(f"\n20 MB {what}: {resp.status_code} in {seconds:.2f} s")
    assert resp.status_code == 413 and seconds < LIMIT
    assert "Tệp quá lớn: tối đa 10 MB." in resp.text
    assert count(model) == 0


@pytest.mark.parametrize("what", IMPORTS)
def test_the_import_page_states_the_limit_next_to_the_file_input(world, login, what):
    page = login(world.clerk).get(IMPORTS[what][0])
    assert page.status_code == 200
    assert 'data-max-bytes="10485760"' in page.text
    assert "<small>Tệp .xlsx, tối đa 10 MB.</small>" in page.text


def test_the_413_is_an_alert_for_htmx_and_follows_the_setting(
    app, world, login, csrf_on
):
    client = login(world.clerk)
    app.config["MAX_CONTENT_LENGTH"] = 1024 * 1024
    app.config["MAX_UPLOAD_MB"] = "1"  # as SMAS_MAX_UPLOAD_MB arrives
    try:
        resp, _ = post(client, "/students/import", b"x" * 2_000_000, "a.xlsx", HX)
    finally:
        app.config["MAX_CONTENT_LENGTH"] = 10 * 1024 * 1024
        app.config["MAX_UPLOAD_MB"] = 10
    assert resp.status_code == 413
    assert resp.headers["HX-Retarget"] == "#alerts"
    assert "Tệp quá lớn: tối đa 1 MB." in resp.text


def test_a_file_under_the_limit_is_still_read(world, login):
    data = xlsx_files.xlsx(list(ROOM_COLUMNS.values()), "")
    resp, _ = post(login(world.clerk), "/facilities/rooms/import", data, "p.xlsx")
    assert resp.status_code == 422
    assert "Tệp không có dòng dữ liệu nào." in resp.text


@pytest.mark.parametrize("what", IMPORTS)
def test_600000_blank_looking_rows_answer_within_seconds(
    world, login, blank_sheet, what
):
    url, _, model = IMPORTS[what]
    resp, seconds = post(login(world.clerk), url, blank_sheet, "trong.xlsx")
    print(f"\n600,000 blank rows, {what}: {resp.status_code} in {seconds:.2f} s")
    assert seconds < LIMIT
    assert resp.status_code == 422
    assert "Tệp không có dòng dữ liệu nào." in resp.text
    assert count(model) == 0


@pytest.mark.parametrize("what", IMPORTS)
def test_a_large_file_with_wrong_headers_is_refused_at_once(
    world, login, wrong_header_sheet, what
):
    url, _, model = IMPORTS[what]
    resp, seconds = post(login(world.clerk), url, wrong_header_sheet, "sai.xlsx")
    print(f"\nwrong headers, {what}: {resp.status_code} in {seconds:.2f} s")
    assert seconds < LIMIT
    assert resp.status_code == 422 and "Tệp thiếu cột" in resp.text
    assert count(model) == 0


def test_an_import_past_its_time_budget_stops_and_saves_nothing(app, world, login):
    headers = list(ROOM_COLUMNS.values())
    good = "".join(
        f'<row r="{n}"><c t="inlineStr"><is><t>Phòng học</t></is></c>'
        f'<c t="inlineStr"><is><t>Kiên cố</t></is></c><c/><c/>'
        f'<c t="inlineStr"><is><t>Phòng {n}</t></is></c><c><v>1</v></c></row>'
        for n in range(2, 12)
    )
    client = login(world.clerk)
    app.config["IMPORT_TIME_BUDGET_S"] = 0
    try:
        resp, _ = post(
            client, "/facilities/rooms/import", xlsx_files.xlsx(headers, good), "p.xlsx"
        )
    finally:
        app.config["IMPORT_TIME_BUDGET_S"] = 20
    assert resp.status_code == 422
    assert "Tệp cần quá nhiều thời gian để đọc và kiểm tra" in resp.text, resp.text[
        -1500:
    ]
    assert count(Room) == 0
    resp, _ = post(
        client, "/facilities/rooms/import", xlsx_files.xlsx(headers, good), "p.xlsx"
    )
    assert resp.status_code == 303 and count(Room) == 10


def test_the_limits_come_from_the_environment(monkeypatch):
    monkeypatch.setenv("SMAS_MAX_UPLOAD_MB", "3")
    app = create_app(
        {"ENV_NAME": "testing", "DATABASE_URL": "sqlite://", "SECRET_KEY": "x"}
    )
    assert app.config["MAX_CONTENT_LENGTH"] == 3 * 1024 * 1024
    with app.test_request_context():
        assert "tối đa 3 MB" in ImportFileForm(meta={"csrf": False}).file.description
