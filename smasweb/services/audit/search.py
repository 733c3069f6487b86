"""The audit trail's read side: one record's history, the admins' search and export.

Rows are only read here; services/guard.py refuses any change to them.
"""

from dataclasses import dataclass
from datetime import date

from sqlalchemy import Select, and_, func, or_, select

from smasweb import clock
from smasweb.extensions import db
from smasweb.models import SCHOOL_DATA_MODELS, AuditEntry, Unit, User
from smasweb.services import policy, school_data
from smasweb.services.errors import NotFound
from smasweb.text import fold

MODELS = {model.__tablename__: model for model in SCHOOL_DATA_MODELS}
ACTIONS = {
    "insert": "Tạo mới",
    "update": "Sửa",
    "delete": "Xóa",
    "bulk_insert": "Nhập hàng loạt",
    "bulk_update": "Sửa hàng loạt",
    "bulk_delete": "Xóa hàng loạt",
}
EXPORT_CAP = 50_000


@dataclass
class RecordHistory:
    """One page of a record's history, newest first."""

    table: str
    record_id: int
    school: Unit
    record: object | None  # None once the record is deleted
    entries: list[AuditEntry]
    total: int
    last_values: dict  # a deleted record's last values, {column: value}


@dataclass
class AuditFilters:
    school: str = ""  # code or name, diacritics ignored
    user: str = ""  # username or name, diacritics ignored
    date_from: date | None = None  # Vietnam days, both ends included
    date_to: date | None = None
    field: str = ""  # a calendar field code
    action: str = ""


def _page(stmt: Select, page: int, per_page: int) -> Select:
    return stmt.limit(per_page).offset((max(page, 1) - 1) * per_page)


def _locate(model, record_id: int) -> tuple[object | None, int | None, dict]:
    """The record and its school; once deleted, the school and values of its last
    audit row (the delete row holds every column's last value)."""
    record = db.session.get(model, record_id)
    if record is not None:
        return record, record.school_id, {}
    last = db.session.execute(
        select(AuditEntry.school_id, AuditEntry.changes)
        .where(
            AuditEntry.table_name == model.__tablename__,
            AuditEntry.record_id == record_id,
        )
        .order_by(AuditEntry.at.desc(), AuditEntry.id.desc())
        .limit(1)
    ).first()
    if last is None:
        return None, None, {}
    values = {k: v[0] if v[1] is None else v[1] for k, v in (last[1] or {}).items()}
    return None, last[0], values


def record_history(
    actor: User, table: str, record_id: int, page: int = 1, per_page: int = 25
) -> RecordHistory:
    """A record's audit rows, if the actor may read its school and field.

    Raises NotFound for an unknown table or record, or one outside the actor's scope.
    """
    model = MODELS.get(table)
    if model is None:
        raise NotFound()
    record, school_id, last_values = _locate(model, record_id)
    if school_id is None:
        raise NotFound()
    school = school_data.get_school(actor, school_id, model.__field__)
    where = (
        AuditEntry.table_name == table,
        AuditEntry.record_id == record_id,
        AuditEntry.school_id == school.id,
    )
    total = db.session.scalar(select(func.count(AuditEntry.id)).where(*where)) or 0
    stmt = select(AuditEntry).where(*where)
    stmt = stmt.order_by(AuditEntry.at.desc(), AuditEntry.id.desc())
    entries = list(db.session.scalars(_page(stmt, page, per_page)))
    return RecordHistory(table, record_id, school, record, entries, total, last_values)


def _words(column, text: str):
    return and_(*(column.contains(w, autoescape=True) for w in fold(text).split()))


def _filtered(f: AuditFilters, stmt: Select) -> Select:
    if f.school.strip():
        code = f.school.strip()
        stmt = stmt.where(or_(Unit.code == code, _words(Unit.name_folded, code)))
    if f.user.strip():
        name = f.user.strip()
        stmt = stmt.where(or_(User.username == name, _words(User.name_folded, name)))
    if f.date_from:
        stmt = stmt.where(AuditEntry.at >= clock.as_utc(clock.start_of(f.date_from)))
    if f.date_to:
        stmt = stmt.where(AuditEntry.at <= clock.as_utc(clock.end_of(f.date_to)))
    if f.field:
        stmt = stmt.where(AuditEntry.field == f.field)
    if f.action:
        stmt = stmt.where(AuditEntry.action == f.action)
    return stmt


def _joined(f: AuditFilters, *columns) -> Select:
    stmt = select(*columns).select_from(AuditEntry)
    stmt = stmt.outerjoin(Unit, Unit.id == AuditEntry.school_id)
    stmt = stmt.outerjoin(User, User.id == AuditEntry.user_id)
    return _filtered(f, stmt)


def _rows(f: AuditFilters) -> Select:
    stmt = _joined(f, AuditEntry, Unit.code, Unit.name, User.username)
    return stmt.order_by(AuditEntry.at.desc(), AuditEntry.id.desc())


def search(
    actor: User, f: AuditFilters, page: int = 1, per_page: int = 25
) -> tuple[list, int]:
    """One page of (entry, school code, school name, username), newest first, and
    the total. Two queries whatever the page holds.

    Raises PermissionDenied unless the actor may search the trail.
    """
    policy.require(actor, "audit.search")
    total = db.session.scalar(_joined(f, func.count(AuditEntry.id))) or 0
    return list(db.session.execute(_page(_rows(f), page, per_page))), total


def export_rows(actor: User, f: AuditFilters) -> list:
    """Every matching row (at most EXPORT_CAP), newest first.

    Raises PermissionDenied unless the actor may search the trail.
    """
    policy.require(actor, "audit.search")
    return list(db.session.execute(_rows(f).limit(EXPORT_CAP)))
