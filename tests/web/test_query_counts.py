"""Pages run a handful of queries whatever the number of rows (no N+1)."""

import pytest

from tests.factories import make_unit, make_user


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
