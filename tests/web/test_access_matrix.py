"""Every route × role × own/foreign object, through the web layer.

The actors come from `world`: admin and a TCCB division officer at the Department,
the d1 district officer, and the leader, clerk and teacher of s1 (a school of d1).
s2 belongs to district d2, so it and its accounts are foreign to d1 and to s1's
users; `peer` is a second leader of s1. Objects outside an actor's scope answer 404
(never 403); objects in scope without the permission answer 403; refused writes
change nothing.
"""

from datetime import UTC, datetime, timedelta
from urllib.parse import parse_qs, urlsplit

import pytest
from sqlalchemy import func, select

from smasweb.extensions import db
from smasweb.models import Unit, User
from tests.conftest import HX
from tests.factories import make_user

ROLES = ("admin", "division", "district", "school_leader", "school_clerk", "teacher")
ACTOR_OF_ROLE = {
    "admin": "admin",
    "division": "division",
    "district": "district",
    "school_leader": "leader",
    "school_clerk": "clerk",
    "teacher": "teacher",
}
TARGETS = (
    "dept",
    "s1",
    "s2",
    "d1",
    "d2",
    "thpt",
    "leader",
    "peer",
    "clerk",
    "teacher",
    "clerk2",
    "district",
    "district2",
)
NEW_UNIT = {
    "kind": "school",
    "parent_code": "PGD857",
    "code": "86857099",
    "name": "Trường Tiểu học Mới",
    "level_group": "06",
    "ownership": "01",
}

# Expected status per role, in ROLES order:
#                     admin division district leader clerk teacher
GET_ROWS = [
    ("/", (200, 200, 200, 200, 200, 200)),
    ("/password", (200, 200, 200, 200, 200, 200)),
    ("/units/", (200, 200, 200, 200, 200, 200)),
    ("/units/new", (200, 403, 403, 403, 403, 403)),
    ("/units/{s1}", (200, 200, 200, 200, 200, 200)),
    ("/units/{s2}", (200, 200, 404, 404, 404, 404)),
    ("/units/{d1}", (200, 200, 200, 404, 404, 404)),
    ("/units/{thpt}", (200, 200, 404, 404, 404, 404)),
    ("/units/{s1}/children", (200, 200, 200, 200, 200, 200)),
    ("/units/{d1}/children", (200, 200, 200, 404, 404, 404)),
    ("/units/{d2}/children", (200, 200, 404, 404, 404, 404)),
    ("/units/{s1}/edit", (200, 403, 403, 403, 403, 403)),
    ("/units/{s2}/edit", (200, 403, 404, 404, 404, 404)),
    ("/units/{s1}/move", (200, 403, 403, 403, 403, 403)),
    ("/units/{s2}/move", (200, 403, 404, 404, 404, 404)),
    ("/units/{s1}/close", (200, 403, 403, 403, 403, 403)),
    ("/units/{s2}/close", (200, 403, 404, 404, 404, 404)),
    ("/accounts/", (200, 404, 200, 200, 404, 404)),
    ("/accounts/new", (200, 404, 403, 200, 404, 404)),
    ("/accounts/new?unit={s2}", (200, 404, 403, 404, 404, 404)),
    ("/accounts/{clerk}", (200, 404, 200, 200, 404, 404)),
    ("/accounts/{peer}", (200, 404, 200, 200, 404, 404)),
    ("/accounts/{clerk2}", (200, 404, 404, 404, 404, 404)),
    ("/accounts/{district}", (200, 404, 200, 404, 404, 404)),
    ("/accounts/{district2}", (200, 404, 404, 404, 404, 404)),
    ("/accounts/{clerk}/edit", (200, 404, 403, 200, 404, 404)),
    ("/accounts/{peer}/edit", (200, 404, 403, 403, 404, 404)),
    ("/accounts/{leader}/edit", (200, 404, 403, 403, 404, 404)),
    ("/accounts/{district}/edit", (200, 404, 403, 404, 404, 404)),
    ("/accounts/{clerk2}/edit", (200, 404, 404, 404, 404, 404)),
    ("/audit/", (200, 403, 403, 403, 403, 403)),
    ("/audit/export.xlsx", (200, 403, 403, 403, 403, 403)),
    ("/calendar/", (200, 200, 200, 200, 200, 200)),
    ("/calendar/unlocks", (200, 403, 200, 403, 403, 403)),
    ("/calendar/unlocks/new", (404, 404, 404, 200, 200, 403)),
    ("/calendar/unlocks/grant", (200, 403, 403, 403, 403, 403)),
    ("/calendar/rules", (200, 403, 403, 403, 403, 403)),
    ("/staff/summary", (200, 200, 200, 200, 200, 200)),
    ("/staff/summary?school={s1}", (200, 200, 200, 200, 200, 200)),
    ("/staff/summary?school={s2}", (200, 200, 404, 404, 404, 404)),
    ("/staff/summary.xlsx?school={s2}", (200, 200, 404, 404, 404, 404)),
    ("/staff/import", (403, 403, 403, 200, 200, 403)),
    ("/staff/template.xlsx", (200, 200, 200, 200, 200, 200)),
    ("/staff/export.xlsx", (200, 200, 200, 200, 200, 200)),
    ("/staff/ministry.xlsx", (404, 404, 404, 200, 200, 200)),
    ("/staff/ministry.xlsx?school={s1}", (200, 200, 200, 200, 200, 200)),
    ("/staff/ministry.xlsx?school={s2}", (200, 200, 404, 404, 404, 404)),
    ("/staff/", (200, 200, 200, 200, 200, 200)),
    ("/staff/new", (404, 404, 404, 200, 200, 403)),
    ("/staff/former", (200, 200, 200, 200, 200, 200)),
    ("/students/import", (403, 404, 403, 200, 200, 403)),
    ("/students/template.xlsx", (200, 404, 200, 200, 200, 200)),
    ("/students/export.xlsx", (200, 404, 200, 200, 200, 200)),
    ("/students/c1.xlsx", (404, 404, 404, 200, 200, 200)),
    ("/students/c1.xlsx?school={s1}", (200, 404, 200, 200, 200, 200)),
    ("/students/c1.xlsx?school={s2}", (200, 404, 404, 404, 404, 404)),
    ("/students/", (200, 404, 200, 200, 200, 200)),
    ("/students/?q=nguyen&status=all", (200, 404, 200, 200, 200, 200)),
    ("/students/new", (404, 404, 404, 200, 200, 403)),
    ("/students/transfer-in", (404, 404, 404, 200, 200, 403)),
    ("/students/duplicates", (200, 404, 200, 200, 200, 200)),
    ("/audit/exports", (200, 403, 403, 403, 403, 403)),
    ("/students/summary", (200, 404, 200, 200, 200, 200)),
    ("/students/summary?school={s1}", (200, 404, 200, 200, 200, 200)),
    ("/students/summary?school={s2}", (200, 404, 404, 404, 404, 404)),
    ("/students/summary.xlsx?school={s2}", (200, 404, 404, 404, 404, 404)),
    ("/reports/", (200, 200, 200, 200, 200, 200)),
    ("/reports/?unit={s1}", (200, 200, 200, 200, 200, 200)),
    ("/reports/?unit={s2}", (200, 200, 404, 404, 404, 404)),
    ("/reports/?unit={d1}", (200, 200, 200, 404, 404, 404)),
    ("/reports/?unit={thpt}", (200, 200, 404, 404, 404, 404)),
    ("/reports/?unit={dept}", (200, 200, 404, 404, 404, 404)),
    ("/reports/after_opening.xlsx?unit={s1}&level=02", (200, 200, 200, 200, 200, 200)),
    ("/reports/after_opening.xlsx?unit={s2}&level=02", (200, 200, 404, 404, 404, 404)),
    ("/reports/board", (200, 200, 200, 403, 403, 403)),
    ("/reports/board?unit={d2}", (200, 200, 404, 403, 403, 403)),
    ("/reports/board?unit={s1}", (404, 404, 404, 403, 403, 403)),
    ("/reports/submission?unit={s1}&level=02", (200, 200, 200, 200, 200, 200)),
    ("/reports/submission?unit={s2}&level=02", (200, 200, 404, 404, 404, 404)),
    ("/reports/submission?unit={thpt}&level=04", (200, 200, 404, 404, 404, 404)),
    ("/verify/", (200, 200, 200, 200, 200, 200)),
]


def _read(model, column):
    """A snapshot function: the committed value of one column of the target row."""

    def read(target_id):
        with db.engine.connect() as conn:
            stmt = select(getattr(model, column)).where(model.id == target_id)
            return conn.execute(stmt).scalar_one()

    return read


def _count(model, column, value):
    def read(_target_id):
        with db.engine.connect() as conn:
            stmt = select(func.count()).where(getattr(model, column) == value)
            return conn.execute(stmt).scalar_one()

    return read


def _account_form(w, t):
    return {
        "username": t.username,
        "full_name": "Tên Đã Sửa",
        "role": t.role,
        "unit_code": t.unit.code,
    }


def _new_account_form(w, t):
    return {
        "username": "gvmoi",
        "full_name": "Lý Văn Mới",
        "role": "teacher",
        "unit_code": t.code,
    }


def _unit_form(w, t):
    return {
        "code": t.code,
        "name": "Tên Đã Sửa",
        "level_group": t.level_group,
        "ownership": "01",
    }


def _move_form(w, t):
    return {
        "parent_code": (w.d2 if t.parent_id == w.d1.id else w.d1).code,
        "effective": "01/01/2024",
    }


# action: (path, form data builder, snapshot of what the action changes)
WRITES = {
    "reset-password": (
        "/accounts/{id}/reset-password",
        lambda w, t: {},
        _read(User, "password_hash"),
    ),
    "unlock": ("/accounts/{id}/unlock", lambda w, t: {}, _read(User, "locked_until")),
    "deactivate": (
        "/accounts/{id}/active",
        lambda w, t: {"active": "0"},
        _read(User, "active"),
    ),
    "edit-account": ("/accounts/{id}/edit", _account_form, _read(User, "full_name")),
    "create-account": (
        "/accounts/new",
        _new_account_form,
        _count(User, "username", "gvmoi"),
    ),
    "create-unit": (
        "/units/new",
        lambda w, t: NEW_UNIT,
        _count(Unit, "code", "86857099"),
    ),
    "edit-unit": ("/units/{id}/edit", _unit_form, _read(Unit, "name")),
    "move-unit": ("/units/{id}/move", _move_form, _read(Unit, "parent_id")),
    "close-unit": (
        "/units/{id}/close",
        lambda w, t: {"closed_on": "01/01/2024"},
        _read(Unit, "closed_on"),
    ),
}
#                                      admin division district leader clerk teacher
WRITE_ROWS = [
    ("reset-password", "clerk", (303, 404, 303, 303, 404, 404)),
    ("reset-password", "peer", (303, 404, 303, 403, 404, 404)),
    ("reset-password", "clerk2", (303, 404, 404, 404, 404, 404)),
    ("reset-password", "district", (303, 404, 403, 404, 404, 404)),
    ("unlock", "clerk", (303, 404, 303, 303, 404, 404)),
    ("unlock", "peer", (303, 404, 303, 403, 404, 404)),
    ("unlock", "clerk2", (303, 404, 404, 404, 404, 404)),
    ("deactivate", "clerk", (303, 404, 403, 303, 404, 404)),
    ("deactivate", "peer", (303, 404, 403, 403, 404, 404)),
    ("deactivate", "clerk2", (303, 404, 404, 404, 404, 404)),
    ("edit-account", "clerk", (303, 404, 403, 303, 404, 404)),
    ("edit-account", "teacher", (303, 404, 403, 303, 404, 404)),
    ("edit-account", "peer", (303, 404, 403, 403, 404, 404)),
    ("edit-account", "clerk2", (303, 404, 404, 404, 404, 404)),
    ("create-account", "s1", (303, 404, 403, 303, 404, 404)),
    ("create-account", "s2", (303, 404, 403, 422, 404, 404)),
    ("create-unit", None, (303, 403, 403, 403, 403, 403)),
    ("edit-unit", "s1", (303, 403, 403, 403, 403, 403)),
    ("edit-unit", "s2", (303, 403, 404, 404, 404, 404)),
    ("move-unit", "s1", (303, 403, 403, 403, 403, 403)),
    ("move-unit", "s2", (303, 403, 404, 404, 404, 404)),
    ("close-unit", "s1", (303, 403, 403, 403, 403, 403)),
    ("close-unit", "s2", (303, 403, 404, 404, 404, 404)),
]

# Lists and searches (htmx fragments): which roles see which row.
SHOWN, HIDDEN = "shown", "hidden"
LIST_ROWS = [
    ("/units/?q=86857001", "<td>86857001</td>", (SHOWN,) * 6),
    ("/units/?q=86862001", "<td>86862001</td>", (SHOWN, SHOWN) + (HIDDEN,) * 4),
    ("/units/?q=PGD857", "<td>PGD857</td>", (SHOWN,) * 3 + (HIDDEN,) * 3),
    ("/accounts/", "<td>cb1</td>", (SHOWN, 404, SHOWN, SHOWN, 404, 404)),
    ("/accounts/", "<td>cb2</td>", (SHOWN, 404, HIDDEN, HIDDEN, 404, 404)),
]


def _by_role(rows):
    return [
        pytest.param(*head, role, want, id=f"{'-'.join(map(str, head))}-{role}")
        for *head, wants in rows
        for role, want in zip(ROLES, wants, strict=True)
    ]


@pytest.fixture
def w(world):
    world.peer = make_user("school_leader", world.s1, username="bgh1b")
    db.session.commit()
    world.ids = {name: getattr(world, name).id for name in TARGETS}
    return world


def _actor(w, role):
    return getattr(w, ACTOR_OF_ROLE[role])


@pytest.mark.parametrize(("path", "role", "expected"), _by_role(GET_ROWS))
def test_get_answers_per_role(w, login, path, role, expected):
    resp = login(_actor(w, role)).get(path.format(**w.ids))
    assert resp.status_code == expected


def _write(w, action, target):
    """(url, form data, snapshot()) for one write action on one target."""
    path, form, read = WRITES[action]
    obj = getattr(w, target) if target else None
    if action == "unlock":
        obj.locked_until = datetime.now(UTC) + timedelta(minutes=15)
        db.session.commit()
    target_id = obj.id if obj else None
    return path.format(id=target_id), form(w, obj), lambda: read(target_id)


@pytest.mark.parametrize(("action", "target", "role", "expected"), _by_role(WRITE_ROWS))
def test_post_answers_and_changes_only_when_allowed(
    w, login, action, target, role, expected
):
    url, data, snapshot = _write(w, action, target)
    before = snapshot()
    resp = login(_actor(w, role)).post(url, data=data)
    assert resp.status_code == expected
    assert (snapshot() != before) == (expected in (200, 303))


@pytest.mark.parametrize(("path", "marker", "role", "expected"), _by_role(LIST_ROWS))
def test_lists_show_only_objects_in_scope(w, login, path, marker, role, expected):
    resp = login(_actor(w, role)).get(path, headers=HX)
    assert resp.status_code == (404 if expected == 404 else 200)
    if resp.status_code == 200:
        assert (marker in resp.text) == (expected == SHOWN)


PUBLIC_PREFIXES = ("/verify/",)  # document verification needs no login
ANONYMOUS_GETS = sorted(
    {path for path, _ in GET_ROWS if not path.startswith(PUBLIC_PREFIXES)} | {"/logout"}
)


def _login_target(location: str) -> str:
    parts = urlsplit(location)
    assert parts.path == "/login"
    return parse_qs(parts.query)["next"][0]


@pytest.mark.parametrize("path", ANONYMOUS_GETS)
def test_anonymous_get_goes_to_login(w, client, path):
    url = path.format(**w.ids)
    plain, htmx = client.get(url), client.get(url, headers=HX)
    assert plain.status_code == 302
    assert _login_target(plain.location) == url
    assert htmx.status_code == 401
    assert _login_target(htmx.headers["HX-Redirect"]) == url


@pytest.mark.parametrize(
    ("action", "target"),
    [
        ("reset-password", "clerk"),
        ("unlock", "clerk"),
        ("deactivate", "clerk"),
        ("edit-account", "clerk"),
        ("create-account", "s1"),
        ("create-unit", None),
        ("edit-unit", "s1"),
        ("move-unit", "s1"),
        ("close-unit", "s1"),
    ],
)
@pytest.mark.parametrize("headers", [{}, HX], ids=["plain", "htmx"])
def test_anonymous_post_is_refused_and_changes_nothing(
    w, client, action, target, headers
):
    url, data, snapshot = _write(w, action, target)
    before = snapshot()
    resp = client.post(url, data=data, headers=headers)
    assert resp.status_code == (401 if headers else 302)
    assert snapshot() == before


@pytest.mark.parametrize(("path", "status"), [("/login", 200), ("/healthz", 200)])
def test_public_pages_need_no_login(client, w, path, status):
    assert client.get(path).status_code == status
