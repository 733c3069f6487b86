"""Declarative base with a naming convention (stable constraint names in migrations)."""

from datetime import UTC, datetime
from typing import ClassVar

from sqlalchemy import DateTime, ForeignKey, Integer, MetaData
from sqlalchemy.orm import DeclarativeBase, Mapped, declared_attr, mapped_column

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def utcnow() -> datetime:
    return datetime.now(UTC)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


class TimestampMixin:
    created_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), default=utcnow, nullable=False
    )
    updated_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), default=utcnow, onupdate=utcnow, nullable=False
    )


class SchoolOwned:
    """A row of one school's data in one field (lĩnh vực).

    The field and the school are what the access policy, the calendar guard and the
    audit trail key on; `version` makes a stale form a conflict, never an overwrite.
    `__calendar_field__` (default: `__field__`) is the finer field whose entry window
    governs the rows (a period may open campuses without the school profile).
    """

    __field__: ClassVar[str]
    __calendar_field__: ClassVar[str]

    @classmethod
    def calendar_field(cls) -> str:
        return getattr(cls, "__calendar_field__", None) or cls.__field__

    school_id: Mapped[int] = mapped_column(ForeignKey("units.id"), index=True)
    version: Mapped[int] = mapped_column(Integer, default=1)

    @declared_attr.directive
    def __mapper_args__(cls) -> dict:
        return {"version_id_col": cls.__table__.c.version}
