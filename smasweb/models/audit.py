"""The audit trail: one append-only row per accepted change of governed data."""

from datetime import datetime

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    String,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from smasweb.models.base import Base, utcnow

BIG_ID = BigInteger().with_variant(Integer, "sqlite")  # SQLite autoincrements INTEGER


class AuditEntry(Base):
    """Who changed what, when: record, calendar field, old → new values.

    Written by the session's flush listener in the same transaction as the change;
    nothing in the app updates or deletes these rows.
    """

    __tablename__ = "audit_entries"
    __table_args__ = (
        Index("ix_audit_entries_school_at", "school_id", "at"),
        Index("ix_audit_entries_record", "table_name", "record_id"),
    )

    id: Mapped[int] = mapped_column(BIG_ID, primary_key=True)
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)
    actor: Mapped[str] = mapped_column(String(200))  # the name as it was then
    school_id: Mapped[int | None] = mapped_column(ForeignKey("units.id"))
    table_name: Mapped[str] = mapped_column(String(60))
    record_id: Mapped[int | None] = mapped_column(Integer)
    action: Mapped[str] = mapped_column(String(12))  # insert, update, delete, bulk_*
    field: Mapped[str] = mapped_column(String(30), index=True)
    changes: Mapped[dict] = mapped_column(JSON)  # {column: [old, new]}
    reason: Mapped[str | None] = mapped_column(String(200))  # system writes say why

    school = relationship("Unit", foreign_keys=[school_id])
    user = relationship("User", foreign_keys=[user_id])


class ExportLog(Base):
    """Who downloaded personal data, when, of which unit and what (append-only)."""

    __tablename__ = "export_logs"
    __table_args__ = (Index("ix_export_logs_unit_at", "unit_id", "at"),)

    id: Mapped[int] = mapped_column(BIG_ID, primary_key=True)
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)
    actor: Mapped[str] = mapped_column(String(200))
    unit_id: Mapped[int | None] = mapped_column(ForeignKey("units.id"))
    what: Mapped[str] = mapped_column(String(60))  # e.g. "students.xlsx"
    rows: Mapped[int] = mapped_column(Integer, default=0)
    masked: Mapped[bool] = mapped_column(Boolean, default=False)
    detail: Mapped[str | None] = mapped_column(String(255))  # the filters used
