"""D7: the loser of a race gets 409 with what changed, never 500.

Real threads post through their own clients against the file-based SQLite and the
PostgreSQL app. A barrier inside the flush holds every request until all of them
have read the record and passed the service's checks, so the race is hit every run.
"""

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from sqlalchemy import event, select
from sqlalchemy.orm import Session

from smasweb.extensions import db
from smasweb.models import ClassGroup
from tests.conftest import HX, sign_in
from tests.web.test_schools_classes_views import YEAR, add_class, class_names


def clients(app, user, n):
    out = []
    for _ in range(n):
        out.append(sign_in(app.test_client(), user))
    return out


@pytest.fixture
def flush_barrier():
    """flush_barrier(n, wanted): flushes for which wanted(session) is true wait until
    n of them are ready (the requests have all read and checked by then)."""
    listeners = []

    def install(n, wanted):
        barrier = threading.Barrier(n, timeout=20)

        def wait(session, _ctx, _instances):
            if wanted(session):
                barrier.wait()

        event.listen(Session, "before_flush", wait)
        listeners.append(wait)
        return barrier

    yield install
    for fn in listeners:
        event.remove(Session, "before_flush", fn)


def race(posts):
    with ThreadPoolExecutor(len(posts)) as pool:
        return list(pool.map(lambda post: post(), posts))


def has_class(objects) -> bool:
    return any(isinstance(o, ClassGroup) for o in objects)


def test_six_saves_from_one_version_give_one_303_and_five_409(
    app, world, flush_barrier
):
    cls = add_class(world.s1, "1A", planned_size=30)
    db.session.commit()
    url = f"/schools/classes/{cls.id}/edit"
    flush_barrier(6, lambda s: has_class(s.dirty))

    def post(client, n):
        data = {"grade": "01", "name": f"1A{n}", "planned_size": str(30 + n)}
        return lambda: client.post(url, data={**data, "version": "1"})

    answers = race([post(c, n) for n, c in enumerate(clients(app, world.clerk, 6))])

    assert sorted(r.status_code for r in answers) == [303] + [409] * 5
    for resp in answers:
        if resp.status_code == 409:
            assert "Dữ liệu đã bị người khác thay đổi" in resp.text
            # the fields the winner changed, by their labels, and a way back
            assert "Người khác đã sửa: " in resp.text
            assert "Tên lớp" in resp.text
            assert f'href="{url}"' in resp.text
    db.session.expire_all()
    saved = db.session.get(ClassGroup, cls.id)
    assert saved.version == 2
    assert saved.planned_size == 30 + int(saved.name[2:])  # one user's save, whole
    assert len(class_names()) == 1


def test_htmx_loser_keeps_its_form_and_gets_an_alert(app, world, flush_barrier):
    cls = add_class(world.s1, "1A")
    db.session.commit()
    url = f"/schools/classes/{cls.id}/edit"
    flush_barrier(2, lambda s: has_class(s.dirty))
    a, b = clients(app, world.clerk, 2)
    data = {"grade": "01", "version": "1"}
    page = f"http://localhost/schools/classes?school={world.s1.id}&year={YEAR}"
    hx = {**HX, "HX-Current-URL": page}
    answers = race(
        [
            lambda: a.post(url, data={**data, "name": "1B"}, headers=hx),
            lambda: b.post(url, data={**data, "name": "1C"}, headers=hx),
        ]
    )
    loser = next(r for r in answers if r.status_code == 409)
    assert loser.headers["HX-Retarget"] == "#alerts"
    assert 'role="alert"' in loser.text
    # the link reloads the page the user is on (the form came in a dialog)
    assert f'href="{page[16:].replace("&", "&amp;")}"' in loser.text
    assert sorted(r.status_code for r in answers) == [200, 409]  # HX-Location


def test_two_identical_creates_give_one_303_and_one_409(app, world, flush_barrier):
    add_class(world.s1, "1X")  # the school year exists: only the class races
    db.session.commit()
    url = f"/schools/classes/new?school={world.s1.id}&year={YEAR}"
    flush_barrier(2, lambda s: has_class(s.new))
    data = {"grade": "01", "name": "1A"}
    posts = [lambda c=c: c.post(url, data=data) for c in clients(app, world.clerk, 2)]

    answers = race(posts)

    assert sorted(r.status_code for r in answers) == [303, 409]
    loser = next(r for r in answers if r.status_code == 409)
    assert "vừa được lưu bởi một thao tác khác" in loser.text
    assert class_names() == ["1A", "1X"]
    names = db.session.scalars(select(ClassGroup.name).where(ClassGroup.name == "1A"))
    assert len(list(names)) == 1


def test_two_identical_imports_at_once_save_the_students_once(
    app, world, flush_barrier
):
    from prometheus_client import REGISTRY

    from smasweb.models import Student
    from tests.web.test_students_import_views import GOOD, count, upload
    from tests.web.test_students_import_views import add_class as add_student_class

    for name in ("1A", "1B"):
        add_student_class(world.s1, name)
    db.session.commit()
    flush_barrier(2, lambda s: any(isinstance(o, Student) for o in s.new))

    def imports(outcome):  # how many saves of pupils were timed, by outcome
        labels = {"kind": "students", "mode": "save", "outcome": outcome}
        value = REGISTRY.get_sample_value("smas_import_duration_seconds_count", labels)
        return value or 0

    before = imports("ok"), imports("error")
    posts = [
        lambda c=c: c.post("/students/import", data=upload(GOOD))
        for c in clients(app, world.clerk, 2)
    ]

    answers = race(posts)

    # The loser ends in the unique constraint (409), or, when the winner committed
    # before it read, finds the students and updates them (303): never a 500, and
    # the students are saved once either way.
    statuses = sorted(r.status_code for r in answers)
    assert statuses in ([303, 409], [303, 303])
    assert count() == len(GOOD)
    lost = statuses.count(409)
    assert (imports("ok"), imports("error")) == (before[0] + 2 - lost, before[1] + lost)


def test_saving_a_record_someone_deleted_meanwhile_is_409(app, world, flush_barrier):
    cls = add_class(world.s1, "1A")
    db.session.commit()
    flush_barrier(2, lambda s: has_class(s.dirty) or has_class(s.deleted))
    editor, remover = clients(app, world.clerk, 2)
    data = {"grade": "01", "name": "1B", "version": "1"}
    url = f"/schools/classes/{cls.id}"

    answers = race(
        [
            lambda: editor.post(f"{url}/edit", data=data),
            lambda: remover.post(f"{url}/delete"),
        ]
    )

    codes = [r.status_code for r in answers]
    assert sorted(codes) == [303, 409]
    loser = answers[codes.index(409)]
    if codes[1] == 303:  # the delete won: the save is told the record is gone
        assert "vừa bị người khác xóa" in loser.text
        assert class_names() == []
    else:  # the save won: the delete is refused, the record kept
        assert "Dữ liệu đã bị người khác thay đổi" in loser.text
        assert class_names() == ["1B"]


@pytest.mark.parametrize(
    ("headers", "expected"),
    [
        (
            {"Referer": "http://localhost/students/7/edit?tab=1"},
            "/students/7/edit?tab=1",
        ),
        ({"Referer": "http://localhost//evil.example/x"}, "/students/7/edit"),
        ({"Referer": "http://evil.example/x"}, "/students/7/edit"),
        ({}, "/students/7/edit"),
    ],
)
def test_the_reload_link_stays_on_this_site(app, headers, expected):
    # a POST to the edit form: reloading it is a GET of the same address
    from smasweb.db_errors import reload_url

    path = "/students/7/edit"
    with app.test_request_context(path, method="POST", headers=headers):
        assert reload_url() == expected
