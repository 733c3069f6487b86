"""Every download of personal data leaves an ExportLog row: who, when, of which unit,
what file, how many rows, masked or not, and the filters used."""

import re
import zipfile
from io import BytesIO

from sqlalchemy import func, select

from smasweb.extensions import db
from smasweb.models import ExportLog, Unit, User
from smasweb.services import policy
from smasweb.text import clean_text

ROW_TAG = re.compile(rb"<(?:\w+:)?row[ >]")


def record(
    actor: User,
    what: str,
    rows: int,
    unit: Unit | None = None,
    masked: bool | None = None,
    detail: str | None = None,
) -> ExportLog:
    """Log one export (flushed; the request commits it). `masked` defaults to whether
    the actor sees the unit's personal data in full."""
    unit = unit or actor.unit
    if masked is None:
        masked = not policy.can_see_personal(actor, unit)
    entry = ExportLog(
        user_id=actor.id,
        actor=f"{actor.full_name} ({actor.username})",
        unit_id=unit.id if unit else None,
        what=what[:60],
        rows=rows,
        masked=masked,
        detail=(detail or None) and detail[:255],
    )
    db.session.add(entry)
    db.session.flush()
    return entry


def record_xlsx(actor: User, what: str, data: bytes, detail: str | None = None, **kw):
    """Log an export whose row count is read from the file: its first sheet's rows
    less the header."""
    return record(actor, what, max(0, data_rows(data) - 1), detail=detail, **kw)


def data_rows(data: bytes) -> int:
    """How many rows the first sheet of an .xlsx holds (without loading it)."""
    with zipfile.ZipFile(BytesIO(data)) as archive:
        return len(ROW_TAG.findall(archive.read("xl/worksheets/sheet1.xml")))


def query_detail(args) -> str:
    """The filters of a request as "key=value, …" (empty values left out)."""
    return clean_text(", ".join(f"{k}={v}" for k, v in args.items(multi=True) if v))


def page(number: int, per_page: int) -> tuple[list[tuple[ExportLog, str]], int]:
    """Newest first: (log row, unit name) of one page, and the total."""
    total = db.session.scalar(select(func.count()).select_from(ExportLog)) or 0
    stmt = (
        select(ExportLog, Unit.name)
        .outerjoin(Unit, Unit.id == ExportLog.unit_id)
        .order_by(ExportLog.at.desc(), ExportLog.id.desc())
        .limit(per_page)
        .offset((number - 1) * per_page)
    )
    return [(log, name or "") for log, name in db.session.execute(stmt)], total
