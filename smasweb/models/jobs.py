"""Scheduled work: a row per job run (its key is unique) and in-app notices."""

from datetime import datetime

from sqlalchemy import DateTime, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from smasweb.models.base import Base, utcnow


class JobRun(Base):
    """Claims one run of one job for one period: a second claim of the key fails.

    The claim and the job's work commit in one transaction, so two schedulers on two
    hosts never both do it, and a job that fails leaves no claim behind.
    """

    __tablename__ = "job_runs"

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(120), unique=True)
    job: Mapped[str] = mapped_column(String(40), index=True)
    ran_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    host: Mapped[str] = mapped_column(String(120), default="")
    detail: Mapped[str] = mapped_column(String(255), default="")


class Notice(Base):
    """An in-app message to one unit's accounts (or to everyone when unit_id is NULL)."""

    __tablename__ = "notices"
    __table_args__ = (Index("ix_notices_unit_created", "unit_id", "created_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    unit_id: Mapped[int | None] = mapped_column(ForeignKey("units.id"))
    kind: Mapped[str] = mapped_column(String(30))  # reminder, lock, unlock
    title: Mapped[str] = mapped_column(String(200))
    body: Mapped[str] = mapped_column(Text, default="")
    url: Mapped[str | None] = mapped_column(String(200))
    period_id: Mapped[int | None] = mapped_column(
        ForeignKey("report_periods.id"), index=True
    )
    created_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), default=utcnow
    )
    # Shown until then (a reminder is moot once its window has closed).
    expires_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
