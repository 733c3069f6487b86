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


# Labels of the columns several governed models share (a model's own label wins).
SHARED_LABELS = {"school_id": "Trường", "year": "Năm học", "campus_id": "Điểm trường"}


class SchoolOwned:
    """A row of one school's data in one field (lĩnh vực): a governed model.

    Subclassing is the whole registration: the access policy, the calendar guard
    (ORM and Core writes) and the audit trail govern every subclass. Each declares:
    `__field__` the field the policy keys on; `__calendar_field__` (default:
    `__field__`) the finer field whose entry window governs the rows (a period may
    open campuses without the school profile); `__label__` the table's name in the
    audit pages; `__labels__` {column: label} for each audited column, in the order
    the history lists them (SHARED_LABELS names the common ones; a test fails on a
    column without a label). `version` makes a
    stale form a conflict, never an overwrite. `__year_column__` names the column
    that places a row in a school year (default `year` when the table has one; a
    date column counts as the school year of its day): rows of a closed school
    year are refused like a locked period's (services/calendar/windows.allowed).
    `__dated_by__` names the date column of a dated fact (attendance, marks): its
    rows are governed by the report month of that day, written until the month's
    lock (services/calendar/dated.py), not by the window open at the time of writing.
    """

    __field__: ClassVar[str]
    __calendar_field__: ClassVar[str]
    __label__: ClassVar[str]
    __labels__: ClassVar[dict[str, str]]
    _governed: ClassVar[dict[str, type["SchoolOwned"]]] = {}

    def __init_subclass__(cls, **kwargs) -> None:
        super().__init_subclass__(**kwargs)
        SchoolOwned._governed[cls.__tablename__] = cls

    @classmethod
    def governed(cls) -> dict[str, type["SchoolOwned"]]:
        """{table name: model} of every governed model, in definition order."""
        return SchoolOwned._governed

    @classmethod
    def column_labels(cls) -> dict[str, str]:
        """{column: label}: the model's own, in its order, then the shared columns'."""
        shared = {k: v for k, v in SHARED_LABELS.items() if k not in cls.__labels__}
        return {**cls.__labels__, **shared}

    @classmethod
    def calendar_field(cls) -> str:
        return getattr(cls, "__calendar_field__", None) or cls.__field__

    @classmethod
    def dated_by(cls) -> str | None:
        """The date column of a dated fact, or None (see class doc)."""
        return getattr(cls, "__dated_by__", None)

    @classmethod
    def year_column(cls) -> str | None:
        """The column placing a row in a school year (a dated fact's day), or None."""
        named = cls.dated_by() or getattr(cls, "__year_column__", None)
        return named or ("year" if "year" in cls.__table__.c else None)

    school_id: Mapped[int] = mapped_column(ForeignKey("units.id"), index=True)
    version: Mapped[int] = mapped_column(Integer, default=1)

    @declared_attr.directive
    def __mapper_args__(cls) -> dict:
        return {"version_id_col": cls.__table__.c.version}
