"""Schools due for re-assessment: for each school and kind of recognition, its
latest decision (the one that expires last), listed when it has expired or expires
within the next 12 months. Read by the offices over the schools they see (the
Department, its divisions reading school profiles, a district its own schools)."""

from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, select

from smasweb import clock, excel
from smasweb.extensions import db
from smasweb.models import Unit, User
from smasweb.models.accreditation import Accreditation
from smasweb.services import policy
from smasweb.services.accreditation.records import FIELD

MONTHS_AHEAD = 12
HEADERS = (
    "Trường",
    "Loại công nhận",
    "Cấp độ, mức độ",
    "Số quyết định",
    "Ngày quyết định",
    "Cơ quan ban hành",
    "Ngày hết hiệu lực",
    "Tình trạng",
)


@dataclass
class DueRow:
    school: Unit
    record: Accreditation
    days_left: int  # negative: expired that many days ago

    @property
    def status(self) -> str:
        if self.days_left <= 0:
            return "Đã hết hiệu lực"
        return f"Còn {self.days_left} ngày"


def horizon(day: date) -> date:
    """`day` MONTHS_AHEAD months later (the month's last day when shorter)."""
    month = day.month - 1 + MONTHS_AHEAD
    year, month = day.year + month // 12, month % 12 + 1
    for last in (day.day, 30, 29, 28):
        try:
            return date(year, month, last)
        except ValueError:
            continue
    raise AssertionError("unreachable")


def due_rows(actor: User, day: date | None = None) -> list[DueRow]:
    """The latest decisions of the actor's schools expiring before horizon(day)."""
    policy.require_reads(actor, FIELD)
    day = day or clock.today()
    latest = (
        select(
            Accreditation.school_id,
            Accreditation.kind,
            func.max(Accreditation.expires_on).label("expires_on"),
        )
        .group_by(Accreditation.school_id, Accreditation.kind)
        .subquery()
    )
    stmt = (
        select(Accreditation, Unit)
        .join(
            latest,
            (latest.c.school_id == Accreditation.school_id)
            & (latest.c.kind == Accreditation.kind)
            & (latest.c.expires_on == Accreditation.expires_on),
        )
        .join(Unit, Unit.id == Accreditation.school_id)
        .where(Accreditation.expires_on < horizon(day), Unit.closed_on.is_(None))
        .order_by(Accreditation.expires_on, Unit.name, Accreditation.id)
    )
    stmt = policy.scope_school_data(actor, stmt, Accreditation)
    seen, out = set(), []
    for record, school in db.session.execute(stmt):
        if (record.school_id, record.kind) in seen:  # two decisions, one expiry
            continue
        seen.add((record.school_id, record.kind))
        out.append(DueRow(school, record, (record.expires_on - day).days))
    return out


def export_due(actor: User, day: date | None = None) -> bytes:
    rows = [
        (
            r.school.name,
            r.record.kind_label,
            r.record.level_label,
            r.record.decision_number,
            r.record.decided_on.strftime("%d/%m/%Y"),
            r.record.issued_by or "",
            r.record.expires_on.strftime("%d/%m/%Y"),
            r.status,
        )
        for r in due_rows(actor, day)
    ]
    return excel.workbook("Den han kiem dinh", HEADERS, rows)
