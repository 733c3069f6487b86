"""Pages run a handful of queries whatever the number of rows (no N+1)."""

import pytest

from smasweb.extensions import db
from tests.factories import make_staff, make_student, make_unit, make_user
from tests.web.test_students_views import make_class


def _grow(world, n: int) -> None:
    for i in range(n):
        school = make_unit("school", world.d1, name=f"Trường Tiểu học Số {i}")
        make_user("school_clerk", school)


@pytest.mark.parametrize(
    "url",
    [
        "/",
        "/units/",
        "/units/{d1}",
        "/accounts/",
        "/accounts/?q=nguyen",
        "/units/{dept}/children",
    ],
)
def test_queries_per_page_do_not_grow_with_rows(world, login, count_queries, url):
    client = login(world.admin)
    path = url.format(d1=world.d1.id, dept=world.dept.id)
    headers = {"HX-Request": "true"} if "children" in path else {}
    small = count_queries(lambda: client.get(path, headers=headers))
    _grow(world, 30)
    large = count_queries(lambda: client.get(path, headers=headers))
    assert large == small, (small, large)
    assert large <= 8


@pytest.mark.parametrize(
    ("url", "most"),
    [
        # the session and its user; the count; the page of rows; the class picker
        ("/students/", 4),
        ("/students/?page=2&gender=02", 4),
        # the session and its user; the count; the page of rows
        ("/staff/", 3),
        # the session and its user; the classes; the campuses
        ("/schools/classes?school={s1}", 3),
    ],
)
def test_a_clerks_list_page_runs_a_handful_of_statements(
    world, login, count_queries, url, most
):
    """The clerk's own school is the scope: no statement to look it up."""
    cls = make_class(world.s1)
    for _ in range(30):
        make_student(world.s1, cls)
        make_staff(world.s1)
    db.session.commit()
    client = login(world.clerk)
    path = url.format(s1=world.s1.id)
    assert client.get(path).status_code == 200
    assert count_queries(lambda: client.get(path)) <= most
