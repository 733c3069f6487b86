"""Writes made by the system itself (demo data, jobs), with an explicit override."""

from collections.abc import Iterator
from contextlib import contextmanager

from smasweb.extensions import db


@contextmanager
def system_override(reason: str) -> Iterator[None]:
    """Mark the session's writes as the system's, for the given reason.

    The calendar guard and the audit trail read session.info["override"]: inside this
    block they let the write through and record the reason instead of a user.
    """
    previous = db.session.info.get("override")
    db.session.info["override"] = reason
    try:
        yield
    finally:
        if previous is None:
            db.session.info.pop("override", None)
        else:
            db.session.info["override"] = previous
