"""A checked import file kept server-side: one user's, one school's and one kind's,
for SMAS_IMPORT_UPLOAD_MINUTES, no larger than the upload limit, purged when it
expires (by the scheduler's jobs) and deleted once imported."""

import hashlib
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import func, select

from smasweb.extensions import db
from smasweb.models import ImportUpload
from smasweb.services.errors import NotFound, ValidationFailed
from smasweb.services.imports import uploads
from smasweb.services.jobs import runner

DATA = b"PK\x03\x04 an xlsx, for the store"


def kept() -> int:
    return db.session.scalar(select(func.count()).select_from(ImportUpload))


def test_a_kept_file_is_found_by_its_owner_with_its_details(app, world):
    upload = uploads.keep(world.clerk, "students", world.s1, "hoc-sinh.xlsx", DATA)
    assert len(upload.id) >= 40  # a random token, not a counter
    found = uploads.find(world.clerk, "students", world.s1, upload.id)
    assert found is upload
    assert (found.filename, found.size) == ("hoc-sinh.xlsx", len(DATA))
    assert found.sha256 == hashlib.sha256(DATA).hexdigest()
    assert uploads.stream(found).read() == DATA
    minutes = app.config["IMPORT_UPLOAD_MINUTES"]
    assert found.expires_at - found.created_at == timedelta(minutes=minutes)


@pytest.mark.parametrize(
    ("who", "kind", "school"),
    [
        ("leader", "students", "s1"),  # another user of the same school
        ("clerk2", "students", "s2"),  # another school's clerk
        ("clerk", "staff", "s1"),  # the owner, another kind of import
        ("clerk", "students", "s1b"),  # the owner, another school
    ],
)
def test_nobody_else_can_use_the_token(world, who, kind, school):
    upload = uploads.keep(world.clerk, "students", world.s1, "a.xlsx", DATA)
    with pytest.raises(NotFound) as exc:
        uploads.find(getattr(world, who), kind, getattr(world, school), upload.id)
    assert exc.value.field == "file" and "chọn lại tệp" in exc.value.message


@pytest.mark.parametrize("token", [None, "", "x" * 44, "nope"])
def test_a_missing_or_made_up_token_is_not_found(world, token):
    with pytest.raises(NotFound):
        uploads.find(world.clerk, "students", world.s1, token)


def test_an_expired_file_is_not_found_and_the_scheduler_purges_it(app, world):
    old = uploads.keep(world.clerk, "students", world.s1, "old.xlsx", DATA)
    new = uploads.keep(world.clerk, "staff", world.s1, "new.xlsx", DATA)
    old.expires_at = datetime.now(UTC) - timedelta(seconds=1)
    db.session.commit()
    with pytest.raises(NotFound):
        uploads.find(world.clerk, "students", world.s1, old.id)
    runner.run_due()
    assert kept() == 1
    assert uploads.find(world.clerk, "staff", world.s1, new.id).filename == "new.xlsx"


def test_the_keeping_time_is_a_setting(app, world):
    app.config["IMPORT_UPLOAD_MINUTES"] = "5"  # from the environment: text
    try:
        upload = uploads.keep(world.clerk, "staff", world.s1, "a.xlsx", DATA)
    finally:
        app.config["IMPORT_UPLOAD_MINUTES"] = 30
    assert upload.expires_at - upload.created_at == timedelta(minutes=5)


def test_a_file_over_the_upload_limit_or_empty_is_refused(app, world):
    app.config["MAX_UPLOAD_MB"] = 1
    try:
        with pytest.raises(ValidationFailed) as exc:
            uploads.keep(world.clerk, "rooms", world.s1, "big.xlsx", b"x" * (2**20 + 1))
        assert exc.value.message == "Tệp quá lớn: tối đa 1 MB."
        uploads.keep(world.clerk, "rooms", world.s1, "max.xlsx", b"x" * 2**20)
    finally:
        app.config["MAX_UPLOAD_MB"] = 10
    with pytest.raises(ValidationFailed):
        uploads.keep(world.clerk, "rooms", world.s1, "empty.xlsx", b"")
    assert kept() == 1


def test_discard_forgets_the_file(world):
    upload = uploads.keep(world.clerk, "students", world.s1, "a.xlsx", DATA)
    token = upload.id
    uploads.discard(upload)
    with pytest.raises(NotFound):
        uploads.find(world.clerk, "students", world.s1, token)


def test_a_new_file_replaces_the_users_earlier_one_of_the_same_import(world):
    first = uploads.keep(world.clerk, "students", world.s1, "a.xlsx", DATA)
    token = first.id
    other_kind = uploads.keep(world.clerk, "staff", world.s1, "b.xlsx", DATA)
    other_user = uploads.keep(world.leader, "students", world.s1, "c.xlsx", DATA)
    second = uploads.keep(world.clerk, "students", world.s1, "d.xlsx", DATA)
    with pytest.raises(NotFound):
        uploads.find(world.clerk, "students", world.s1, token)
    assert uploads.find(world.clerk, "students", world.s1, second.id) is second
    assert uploads.find(world.clerk, "staff", world.s1, other_kind.id)
    assert uploads.find(world.leader, "students", world.s1, other_user.id)
    assert kept() == 3


def test_a_file_replaced_by_another_tab_still_finishes_its_request(world):
    """The view detaches the kept row before committing it: a second tab that
    replaces it meanwhile leaves this request its content, and discarding it
    afterwards is no error."""
    first = uploads.keep(world.clerk, "students", world.s1, "a.xlsx", DATA)
    db.session.expunge(first)
    db.session.commit()
    uploads.keep(world.clerk, "students", world.s1, "b.xlsx", b"other")
    db.session.commit()
    assert uploads.stream(first).read() == DATA
    uploads.discard(first)
    db.session.commit()
    assert kept() == 1
