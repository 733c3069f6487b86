"""The htmx contract (style.md §3.3): one GET URL serves a full page or a fragment,
and every status (422, 403/404, 400 CSRF, 401) answers htmx the agreed way.

Adding an endpoint that returns a fragment means adding a row to FRAGMENTS.
"""

import json
import re
from urllib.parse import parse_qs, urlsplit

import pytest

from smasweb.extensions import db
from smasweb.models import ClassGroup, Room
from smasweb.services.years import current_year
from tests.conftest import HX, HX_BOOSTED, HX_HISTORY

REQUIRED = "Bắt buộc nhập."

# (who is signed in, None = anonymous; URL; fragment root id), {names} = world ids
FRAGMENTS = [
    ("admin", "/units/", "unit-results"),
    ("admin", "/units/?q=long+phuoc", "unit-results"),
    ("leader", "/units/", "unit-results"),
    ("admin", "/units/{d1}/children", "unit-children-{d1}"),
    ("district", "/units/{d1}/children", "unit-children-{d1}"),
    ("admin", "/accounts/", "account-results"),
    ("leader", "/accounts/?q=an&role=school_clerk", "account-results"),
    ("admin", "/accounts/?page=2", "account-results"),
    ("admin", "/units/new", "unit-form"),
    ("admin", "/units/new?parent={d1}", "unit-form"),
    ("admin", "/units/{s1}/edit", "unit-form"),
    ("admin", "/units/{s1}/move", "unit-move-form"),
    ("admin", "/units/{s1}/close", "unit-close-form"),
    ("admin", "/accounts/new", "account-form"),
    ("leader", "/accounts/{clerk}/edit", "account-form"),
    ("admin", "/password", "password-form"),
    (None, "/login", "login-form"),
    ("admin", "/schools/", "school-results"),
    ("district", "/schools/classes?school={s1}", "class-results"),
    ("clerk", "/schools/{s1}/profile/edit", "profile-form"),
    ("clerk", "/schools/campuses/new?school={s1}", "campus-form"),
    ("clerk", "/schools/classes/new?school={s1}", "class-form"),
    ("clerk", "/schools/classes/bulk?school={s1}", "class-bulk-form"),
    ("clerk", "/facilities/rooms/", "room-results"),
    ("clerk", "/facilities/equipment/", "equipment-results"),
    ("district", "/facilities/", "facility-schools"),
    ("clerk", "/facilities/rooms/new", "room-form"),
    ("leader", "/finance/", "budget-results"),
    ("admin", "/finance/", "budget-school-results"),
    ("leader", "/finance/lines/new", "budget-line-form"),
    ("admin", "/audit/", "audit-results"),
    ("admin", "/audit/?school=long+phuoc&date_from=01/09/2024", "audit-results"),
    ("clerk", "/calendar/", "calendar-year"),
    ("admin", "/calendar/?year=2019", "calendar-year"),
    ("admin", "/calendar/unlocks", "unlock-results"),
    ("district", "/calendar/unlocks?status=all&q=long", "unlock-results"),
    ("clerk", "/calendar/unlocks/new", "unlock-request-form"),
    ("admin", "/calendar/unlocks/grant", "direct-grant-form"),
    ("clerk", "/audit/record/rooms/{room}", "record-history"),
    ("clerk", "/staff/summary", "staff-summary"),
    ("division", "/staff/summary?district={d1}", "staff-summary"),
    ("clerk", "/staff/import", "import-form"),
    ("clerk", "/staff/", "staff-results"),
    ("division", "/staff/?q=nguyen&status=all", "staff-results"),
    ("clerk", "/staff/new", "staff-form"),
    ("clerk", "/staff/former", "former-results"),
    ("clerk", "/students/import", "import-form"),
    ("clerk", "/students/", "student-results"),
    ("division_mnth", "/students/?q=nguyen&status=all", "student-results"),
    ("clerk", "/students/new", "student-form"),
    ("clerk", "/students/transfer-in?name=an&birth=01/01/2018", "transfer-results"),
    ("clerk", "/students/duplicates", "duplicate-results"),
    ("admin", "/audit/exports", "export-log"),
    ("clerk", "/students/summary", "students-summary"),
    ("division_mnth", "/students/summary?district={d1}", "students-summary"),
    ("district", "/reports/?unit={s1}", "report-preview"),
    ("admin", "/reports/", "report-preview"),
    ("district", "/reports/board", "board-results"),
    ("admin", "/reports/board?unit={d1}&status=sent", "board-results"),
    ("leader", "/reports/submission?unit={s1}&level=02", "submission-status"),
    ("clerk", "/attendance/{cls}/2026-10-14", "roll-form"),
    ("admin", "/calendar/holidays", "holiday-form"),
    ("admin", "/attendance/risk/limit", "limit-form"),
    ("admin", "/grades/{cls6}/toan/1", "grade-form"),
    ("admin", "/grades/{cls}/toan/1", "grade-form"),  # a primary class (TT 27)
]
NAMES = ("d1", "s1", "s2", "clerk", "clerk2")


def _starts_with_element(body: str, root_id: str) -> bool:
    return re.match(rf'\s*<[a-z]+\b[^>]*\bid="{re.escape(root_id)}"', body) is not None


@pytest.fixture
def ids(world):
    room = Room(school_id=world.s1.id, kind="classroom", construction="kien_co")
    cls = ClassGroup(school_id=world.s1.id, year=current_year(), grade="01", name="1A")
    cls6 = ClassGroup(
        school_id=world.s1b.id, year=current_year(), grade="06", name="6A"
    )
    db.session.add_all([room, cls, cls6])
    db.session.commit()
    named = {name: getattr(world, name).id for name in NAMES}
    return {**named, "room": room.id, "cls": cls.id, "cls6": cls6.id}


@pytest.fixture
def fetch(world, client, login, ids):
    """fetch(who, url, headers): GET as `who` (a world attribute; None: anonymous)."""

    def do(who, url, headers=None):
        if who is not None:
            login(getattr(world, who))
        return client.get(url.format(**ids), headers=headers or {})

    return do


@pytest.mark.parametrize(("who", "url", "root"), FRAGMENTS)
def test_plain_get_is_full_page(ids, fetch, who, url, root):
    resp = fetch(who, url)
    assert resp.status_code == 200
    assert "<html" in resp.text
    assert f'id="{root.format(**ids)}"' in resp.text
    assert "HX-Request" in resp.vary


@pytest.mark.parametrize(("who", "url", "root"), FRAGMENTS)
def test_htmx_get_is_fragment(ids, fetch, who, url, root):
    resp = fetch(who, url, HX)
    assert resp.status_code == 200
    assert _starts_with_element(resp.text, root.format(**ids)), resp.text[:200]
    assert "<html" not in resp.text
    assert "HX-Request" in resp.vary


@pytest.mark.parametrize(
    "headers", [HX_BOOSTED, HX_HISTORY], ids=["boosted", "history"]
)
@pytest.mark.parametrize(("who", "url", "root"), FRAGMENTS)
def test_boosted_and_history_restore_get_full_page(fetch, who, url, root, headers):
    resp = fetch(who, url, headers)
    assert resp.status_code == 200
    assert "<html" in resp.text
    assert "HX-Request" in resp.vary


# 422: (who, URL, form data, fragment root id, inline error text)
INVALID_POSTS = [
    (None, "/login", {}, "login-form", REQUIRED),
    (
        None,
        "/login",
        {"username": "admin", "password": "sai-mat-khau"},
        "login-form",
        "Tên đăng nhập hoặc mật khẩu không đúng",
    ),
    ("admin", "/units/new", {}, "unit-form", REQUIRED),
    (
        "admin",
        "/units/new",
        {
            "kind": "school",
            "parent_code": "PGD857",
            "code": "86857001",
            "name": "Trùng mã",
            "level_group": "06",
            "ownership": "01",
        },
        "unit-form",
        "Mã đơn vị này đã được dùng.",
    ),
    (
        "admin",
        "/units/{s1}/move",
        {"parent_code": "KHONGCO", "effective": "01/01/2024"},
        "unit-move-form",
        "Không có đơn vị với mã này.",
    ),
    (
        "admin",
        "/units/{s1}/close",
        {"closed_on": "31/02/2024"},
        "unit-close-form",
        "Ngày không hợp lệ",
    ),
    ("admin", "/accounts/new", {}, "account-form", REQUIRED),
    (
        "leader",
        "/accounts/{clerk}/edit",
        {
            "username": "cb1",
            "full_name": "Võ Văn An",
            "role": "school_clerk",
            "unit_code": "86862001",
        },
        "account-form",
        "Không có đơn vị với mã này.",
    ),
    (
        "admin",
        "/password",
        {
            "current_password": "sai-mat-khau",
            "new_password": "Moi2024xyz",
            "confirm": "Moi2024xyz",
        },
        "password-form",
        "Mật khẩu hiện tại không đúng.",
    ),
]


@pytest.mark.parametrize(("who", "url", "data", "root", "error"), INVALID_POSTS)
def test_invalid_post_via_htmx_returns_form_fragment_with_error(
    world, ids, client, login, who, url, data, root, error
):
    if who:
        login(getattr(world, who))
    resp = client.post(url.format(**ids), data=data, headers=HX)
    assert resp.status_code == 422
    assert _starts_with_element(resp.text, root), resp.text[:200]
    assert "<html" not in resp.text
    assert error in resp.text
    assert "HX-Retarget" not in resp.headers


@pytest.mark.parametrize(("who", "url", "data", "root", "error"), INVALID_POSTS[:3])
def test_invalid_post_without_htmx_returns_full_page_with_error(
    world, ids, client, login, who, url, data, root, error
):
    if who:
        login(getattr(world, who))
    resp = client.post(url.format(**ids), data=data)
    assert resp.status_code == 422
    assert "<html" in resp.text
    assert f'id="{root}"' in resp.text
    assert error in resp.text


# Domain and HTTP errors: (who, method, URL, status)
ERRORS = [
    ("leader", "POST", "/units/new", 403),
    ("leader", "GET", "/units/new", 403),
    ("division", "POST", "/units/{s1}/edit", 403),
    ("district", "POST", "/accounts/{clerk}/edit", 403),
    ("leader", "GET", "/units/{s2}", 404),
    ("district", "GET", "/units/{s2}/children", 404),
    ("leader", "POST", "/accounts/{clerk2}/reset-password", 404),
    ("division", "GET", "/accounts/", 404),
    ("admin", "GET", "/units/999999", 404),
    ("admin", "GET", "/khong-co-trang-nay", 404),
    ("admin", "GET", "/accounts/{clerk}/reset-password", 405),
    ("clerk", "GET", "/calendar/unlocks", 403),
    ("leader", "POST", "/calendar/years/2019/generate", 403),
    ("district", "GET", "/calendar/unlocks/999999", 404),
]


@pytest.mark.parametrize("headers", [HX, HX_BOOSTED], ids=["htmx", "boosted"])
@pytest.mark.parametrize(("who", "method", "url", "status"), ERRORS)
def test_error_via_htmx_is_alert_retargeted(
    world, ids, login, who, method, url, status, headers
):
    client = login(getattr(world, who))
    resp = client.open(url.format(**ids), method=method, headers=headers)
    assert resp.status_code == status
    assert resp.text.lstrip().startswith(
        '<p class="flash error" role="alert" tabindex="-1">'
    )
    assert "<html" not in resp.text
    assert resp.headers["HX-Retarget"] == "#alerts"
    assert resp.headers["HX-Reswap"] == "innerHTML"
    assert "HX-Request" in resp.vary


@pytest.mark.parametrize(("who", "method", "url", "status"), ERRORS)
def test_error_without_htmx_is_error_page(world, ids, login, who, method, url, status):
    resp = login(getattr(world, who)).open(url.format(**ids), method=method)
    assert resp.status_code == status
    assert "<html" in resp.text
    assert "HX-Retarget" not in resp.headers


def test_post_ok_via_htmx_answers_hx_location_and_flashes_next_fragment(world, login):
    client = login(world.admin)
    data = {
        "code": "86857001",
        "name": "Trường Tiểu học Long Phước A",
        "level_group": "06",
        "ownership": "01",
    }
    resp = client.post(f"/units/{world.s1.id}/edit", data=data, headers=HX)
    assert resp.status_code == 200
    assert f"/units/{world.s1.id}" in resp.headers["HX-Location"]
    nxt = client.get("/units/", headers=HX)
    assert _starts_with_element(nxt.text, "unit-results")
    assert '<div id="flashes" hx-swap-oob="true">' in nxt.text
    assert "Đã lưu thay đổi." in nxt.text


def test_the_page_after_an_htmx_save_is_whole_even_for_a_list_view(world, login):
    """done() sends htmx on with a header that asks for the whole page: the next
    GET replaces the body, so a list view's fragment alone would drop the menu."""
    client = login(world.admin)
    data = {
        "code": "86857001",
        "name": "Trường Tiểu học Long Phước A",
        "level_group": "06",
        "ownership": "01",
    }
    resp = client.post(f"/units/{world.s1.id}/edit", data=data, headers=HX)
    location = json.loads(resp.headers["HX-Location"])
    assert location["target"] == "body"
    nxt = client.get("/units/", headers={**HX, **location["headers"]})
    assert "<html" in nxt.text and "unit-results" in nxt.text
    assert "Đã lưu thay đổi." in nxt.text


def test_post_ok_without_htmx_redirects_303(world, login):
    data = {
        "code": "86857001",
        "name": "Trường Tiểu học Long Phước A",
        "level_group": "06",
        "ownership": "01",
    }
    resp = login(world.admin).post(f"/units/{world.s1.id}/edit", data=data)
    assert resp.status_code == 303
    assert resp.location == f"/units/{world.s1.id}"


def _csrf_token(client) -> str:
    page = client.get("/units/new").text
    return re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)


@pytest.mark.usefixtures("csrf_on")
@pytest.mark.parametrize(
    ("headers", "refresh"), [({}, None), (HX, "true")], ids=["plain", "htmx"]
)
def test_post_without_csrf_token_is_400(world, login, headers, refresh):
    resp = login(world.admin).post("/units/new", data={}, headers=headers)
    assert resp.status_code == 400
    assert resp.headers.get("HX-Refresh") == refresh
    assert ("<html" in resp.text) == (not headers)


@pytest.mark.usefixtures("csrf_on")
def test_post_with_csrf_token_passes_the_check(world, login):
    client = login(world.admin)
    token = _csrf_token(client)
    by_header = client.post("/units/new", data={}, headers={**HX, "X-CSRFToken": token})
    by_field = client.post("/units/new", data={"csrf_token": token}, headers=HX)
    assert by_header.status_code == by_field.status_code == 422


@pytest.mark.usefixtures("csrf_on")
def test_login_without_csrf_token_is_400_and_signs_nobody_in(world, client):
    resp = client.post("/login", data={"username": "admin", "password": "Matkhau2019"})
    assert resp.status_code == 400
    assert client.get("/").status_code == 302


@pytest.mark.parametrize(
    "headers", [HX, HX_BOOSTED, HX_HISTORY], ids=["htmx", "boosted", "history"]
)
def test_anonymous_htmx_gets_401_with_hx_redirect(world, client, headers):
    resp = client.get("/units/?q=long", headers=headers)
    assert resp.status_code == 401
    target = urlsplit(resp.headers["HX-Redirect"])
    assert target.path == "/login"
    assert parse_qs(target.query)["next"] == ["/units/?q=long"]


def test_anonymous_plain_get_redirects_302_to_login(world, client):
    resp = client.get("/units/?q=long")
    assert resp.status_code == 302
    assert parse_qs(urlsplit(resp.location).query)["next"] == ["/units/?q=long"]
