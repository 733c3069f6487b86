"""In-app notices: posted by jobs to one unit (or to everyone), read on the home page."""

from datetime import date, datetime

from sqlalchemy import insert, or_, select

from smasweb import clock
from smasweb.extensions import db
from smasweb.models import Notice, User

CALENDAR_URL = "/calendar/"  # relative to the app root (jobs run outside requests)


def post(
    unit_id: int | None,
    kind: str,
    title: str,
    *,
    body: str = "",
    url: str | None = CALENDAR_URL,
    period_id: int | None = None,
    expires_at: datetime | None = None,
) -> Notice:
    """Add one notice (unit_id None: for everyone), stamped with the app's clock."""
    notice = Notice(
        unit_id=unit_id,
        kind=kind,
        title=title[:200],
        body=body,
        url=url,
        period_id=period_id,
        created_at=clock.as_utc(clock.now()),
        expires_at=clock.as_utc(expires_at) if expires_at else None,
    )
    db.session.add(notice)
    db.session.flush()
    return notice


def post_many(rows: list[dict]) -> int:
    """Bulk insert of notices (one statement); each row as for post()."""
    if not rows:
        return 0
    stamp = clock.as_utc(clock.now())
    db.session.execute(
        insert(Notice),
        [{"created_at": stamp, "body": "", "url": CALENDAR_URL} | r for r in rows],
    )
    return len(rows)


def for_user(user: User, limit: int = 5) -> list[Notice]:
    """Unexpired notices for the user's unit and for everyone, newest first."""
    moment = clock.as_utc(clock.now())
    return list(
        db.session.scalars(
            select(Notice)
            .where(
                or_(Notice.unit_id.is_(None), Notice.unit_id == user.unit_id),
                or_(Notice.expires_at.is_(None), Notice.expires_at > moment),
            )
            .order_by(Notice.created_at.desc(), Notice.id.desc())
            .limit(limit)
        )
    )


def local_day(notice: Notice) -> date:
    """The day a notice was posted, in Vietnam time (SQLite hands back naive UTC)."""
    return clock.local(notice.created_at).date()
