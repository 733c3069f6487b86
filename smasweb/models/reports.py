"""Official reports: frozen snapshots, the approval chain, issued documents and the
background jobs that render long PDFs."""

from datetime import datetime

from sqlalchemy import (
    DateTime,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from smasweb.models.accounts import User
from smasweb.models.base import Base, utcnow
from smasweb.models.units import Unit


class ReportSnapshot(Base):
    """A school's report data frozen at a moment, with its checksum.

    Written at the period's lock (reason "lock") and again each time the school
    sends its report after an unlock (reason "send"); never updated.
    """

    __tablename__ = "report_snapshots"
    __table_args__ = (
        UniqueConstraint("report_code", "period_id", "unit_id", "level", "version"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    report_code: Mapped[str] = mapped_column(String(40))
    period_id: Mapped[int] = mapped_column(ForeignKey("report_periods.id"), index=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id"), index=True)
    level: Mapped[str] = mapped_column(String(2))  # cấp học
    version: Mapped[int] = mapped_column(Integer, default=1)
    reason: Mapped[str] = mapped_column(String(10))  # lock, send
    data: Mapped[str] = mapped_column(Text)  # ReportData.to_json()
    checksum: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), default=utcnow
    )
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    unit: Mapped[Unit] = relationship()


class ReportSubmission(Base):
    """Where a school's report stands in the chain: gửi → phê chuẩn / từ chối.

    One row per school, report, period and level; `official_snapshot_id` is the
    snapshot the official documents print (the lock's until a later one is approved).
    """

    __tablename__ = "report_submissions"
    __table_args__ = (
        UniqueConstraint("report_code", "period_id", "school_id", "level"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    report_code: Mapped[str] = mapped_column(String(40))
    period_id: Mapped[int] = mapped_column(ForeignKey("report_periods.id"), index=True)
    school_id: Mapped[int] = mapped_column(ForeignKey("units.id"), index=True)
    level: Mapped[str] = mapped_column(String(2))
    status: Mapped[str] = mapped_column(String(10), default="draft", index=True)
    snapshot_id: Mapped[int | None] = mapped_column(ForeignKey("report_snapshots.id"))
    official_snapshot_id: Mapped[int | None] = mapped_column(
        ForeignKey("report_snapshots.id")
    )
    sent_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    sent_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    decided_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    note: Mapped[str | None] = mapped_column(Text)
    version: Mapped[int] = mapped_column(Integer, default=1)  # optimistic lock
    updated_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), default=utcnow, onupdate=utcnow
    )

    school: Mapped[Unit] = relationship()
    snapshot: Mapped["ReportSnapshot | None"] = relationship(foreign_keys=[snapshot_id])
    sent_by: Mapped[User | None] = relationship(foreign_keys=[sent_by_id])
    decided_by: Mapped[User | None] = relationship(foreign_keys=[decided_by_id])

    __mapper_args__ = {"version_id_col": version}


class SubmissionEvent(Base):
    """The chain's history: every send, approval and rejection, append-only."""

    __tablename__ = "report_submission_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    submission_id: Mapped[int] = mapped_column(
        ForeignKey("report_submissions.id"), index=True
    )
    action: Mapped[str] = mapped_column(String(10))  # send, approve, reject
    snapshot_id: Mapped[int | None] = mapped_column(ForeignKey("report_snapshots.id"))
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    actor: Mapped[str] = mapped_column(String(200))  # the name as it was then
    note: Mapped[str | None] = mapped_column(Text)
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class IssuedDocument(Base):
    """An official document printed by the system, found again by its code at
    /verify/<code>. Holds nothing personal: unit, period, level, checksum."""

    __tablename__ = "issued_documents"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(20), unique=True)  # mã xác thực
    report_code: Mapped[str] = mapped_column(String(40))
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id"), index=True)
    period_id: Mapped[int | None] = mapped_column(ForeignKey("report_periods.id"))
    level: Mapped[str] = mapped_column(String(2))
    kind: Mapped[str] = mapped_column(String(10), default="pdf")  # pdf, xlsx
    number: Mapped[str] = mapped_column(String(60), default="")  # số, ký hiệu
    # the number alone ("12") as the officer recorded it; None: printed blank
    document_number: Mapped[str | None] = mapped_column(String(12))
    checksum: Mapped[str] = mapped_column(String(64))  # of the data printed
    issued_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    issued_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    unit: Mapped[Unit] = relationship()


class RenderJob(Base):
    """A PDF made in the background; the finished file is kept as its cache.

    `key` names what is rendered (report, unit, level, period and the checksum of
    the data), so the same document is rendered once and then served from here.
    A class's results document (services/reports/class_jobs.py) sets `class_id`,
    `term` and `names`; `report_code` is then the document's kind.
    """

    __tablename__ = "render_jobs"
    __table_args__ = (Index("ix_render_jobs_status", "status", "created_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(200), unique=True)
    report_code: Mapped[str] = mapped_column(String(40))
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id"))
    period_id: Mapped[int | None] = mapped_column(ForeignKey("report_periods.id"))
    level: Mapped[str] = mapped_column(String(2))
    official: Mapped[bool] = mapped_column(default=False)
    status: Mapped[str] = mapped_column(
        String(10), default="queued"
    )  # running, done, failed
    progress: Mapped[int] = mapped_column(Integer, default=0)  # percent
    pages: Mapped[int | None] = mapped_column(Integer)
    error: Mapped[str | None] = mapped_column(Text)
    document_id: Mapped[int | None] = mapped_column(ForeignKey("issued_documents.id"))
    pdf: Mapped[bytes | None] = mapped_column(LargeBinary)
    requested_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    document_number: Mapped[str | None] = mapped_column(String(12))  # to print
    class_id: Mapped[int | None] = mapped_column(
        ForeignKey("class_groups.id", ondelete="CASCADE")
    )  # a class's results document, else a report
    term: Mapped[str | None] = mapped_column(String(3))  # class documents: hk1, cn
    names: Mapped[bool | None] = mapped_column()  # class documents: shows pupils' names
    created_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), default=utcnow
    )
    started_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    finished_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
