"""D5: integers too large for the database, in a query string or a URL, answer like a
missing id (404) or are ignored (a list's first page) — never 500.

Every GET rule of the app is walked as the admin and a district officer: rules with
integer path arguments get 99999999999999999999 (past the converter's bound → 404)
and 2**31-1 (the largest id, which the database takes → 404, no overflow); every rule
without arguments gets each list query argument set to the huge value in turn.
"""

import re
import time

import pytest
from werkzeug.routing import AnyConverter, IntegerConverter

from smasweb.blueprints.query_args import to_int
from smasweb.extensions import db
from tests.conftest import HX
from tests.factories import make_staff, make_student
from tests.web.test_students_views import make_class

HUGE = "99999999999999999999"
MAX_INT = 2**31 - 1  # PostgreSQL INTEGER
QUERY_ARGS = (
    "page",
    "class",
    "school",
    "unit",
    "year",
    "staff",
    "student",
    "parent",
    "district",
    "period",
    "campus",
    "version",
)
ARG = re.compile(r"<(?:(?P<conv>[^:>(]+)(?:\([^)]*\))?:)?(?P<name>[^>]+)>")


@pytest.mark.parametrize(
    ("raw", "value"),
    [
        ("12", 12),
        (" 7 ", 7),
        (str(MAX_INT), MAX_INT),
        (str(MAX_INT + 1), None),
        (HUGE, None),
        ("9" * 5000, None),  # past Python's int() digit limit
        ("²", None),  # isdigit() but not a number int() reads
        ("-1", None),
        ("1e3", None),
        (None, None),
    ],
)
def test_to_int_takes_only_ids_the_database_can_hold(raw, value):
    assert to_int(raw) == value


def _get_rules(app):
    return [
        r
        for r in app.url_map.iter_rules()
        if "GET" in r.methods and r.endpoint != "static"
    ]


def _fill(rule, number: str) -> str | None:
    """The rule's path with int arguments set to `number`; None if it has none."""
    has_int = False

    def value(match):
        nonlocal has_int
        converter = rule._converters[match["name"]]
        if isinstance(converter, IntegerConverter):
            has_int = True
            return number
        if isinstance(converter, AnyConverter):
            return sorted(converter.items)[0]
        return "x"

    path = ARG.sub(value, rule.rule)
    return path if has_int else None


def _urls(app, one_by_one: bool) -> list[str]:
    """Rules with int arguments filled; the others with the query arguments set one
    at a time (thorough, ~800 requests) or all at once."""
    urls = []
    every = "&".join(f"{name}={HUGE}" for name in QUERY_ARGS)
    for rule in _get_rules(app):
        if rule.arguments:
            urls += [u for n in (HUGE, str(MAX_INT)) if (u := _fill(rule, n))]
        elif one_by_one:
            urls += [f"{rule.rule}?{name}={HUGE}" for name in QUERY_ARGS]
        else:
            urls.append(f"{rule.rule}?{every}")
    return urls


def _walk(client, urls) -> tuple[dict[str, int], int]:
    """{url: status or error} of every request that answered 500, and the count."""
    bad, sent = {}, 0
    for url in urls:
        sent += 1
        try:
            status = client.get(url).status_code
        except Exception as exc:  # testing: a 500 propagates as the exception
            bad[url] = repr(exc)[:120]
            db.session.rollback()
            continue
        if status >= 500:
            bad[url] = status
    return bad, sent


@pytest.mark.parametrize(("who", "one_by_one"), [("admin", True), ("district", False)])
def test_no_url_answers_500_to_an_oversized_integer(app, world, login, who, one_by_one):
    cls = make_class(world.s1)
    make_student(world.s1, cls)
    make_staff(world.s1)
    db.session.commit()
    client = login(getattr(world, who))
    started = time.perf_counter()
    bad, sent = _walk(client, _urls(app, one_by_one))
    print(f"\n{who}: {sent} requests in {time.perf_counter() - started:.1f} s")
    assert bad == {}


@pytest.mark.parametrize(
    "url",
    [
        f"/students/{HUGE}",
        f"/units/{HUGE}",
        f"/staff/{HUGE}/years/{HUGE}",
        f"/students/{MAX_INT}",
    ],
)
def test_an_oversized_id_in_the_path_is_not_found(world, login, url):
    resp = login(world.admin).get(url)
    assert resp.status_code == 404
    assert "Không tìm thấy" in resp.text


def test_an_oversized_page_shows_the_first_page(world, login):
    make_student(world.s1, full_name="Nguyễn Văn Bình")
    db.session.commit()
    resp = login(world.admin).get(f"/students/?q=nguyen&page={HUGE}")
    assert resp.status_code == 200
    assert "Nguyễn Văn Bình" in resp.text


@pytest.mark.parametrize(
    ("url", "data", "field"),
    [
        (
            "/schools/classes/new?school={s1}&year=2024",
            {"grade": "01", "name": "1C", "planned_size": HUGE},
            "planned_size",
        ),
        (
            "/schools/campuses/new?school={s1}",
            {"code": "DC", "name": "Điểm chính", "distance_km": "10000"},
            "distance_km",
        ),
    ],
)
def test_a_number_too_large_for_its_column_is_a_422(world, login, url, data, field):
    resp = login(world.clerk).post(url.format(s1=world.s1.id), data=data, headers=HX)
    assert resp.status_code == 422
    error = resp.text.split(f'id="{field}-error"')[1][:200]
    assert "Giá trị quá lớn, hãy kiểm tra lại." in error
