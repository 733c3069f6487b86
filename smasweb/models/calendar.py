"""The calendar: rules that generate each year's report periods, the periods with
their entry windows and locks, and per-school unlocks (mở khóa)."""

from datetime import date, datetime

from sqlalchemy import (
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from smasweb.models.base import Base, TimestampMixin, utcnow
from smasweb.models.units import split_codes


class PeriodRule(TimestampMixin, Base):
    """How one kind of period falls in every school year (the Department may edit it).

    Dates are day and month; months September to December fall in the year the school
    year starts, January to August in the next. A monthly rule repeats in `months`.
    """

    __tablename__ = "period_rules"

    kind: Mapped[str] = mapped_column(String(30), primary_key=True)
    title: Mapped[str] = mapped_column(String(120))
    opens_day: Mapped[int] = mapped_column(Integer)
    opens_month: Mapped[int] = mapped_column(Integer, default=0)
    closes_day: Mapped[int] = mapped_column(Integer)
    closes_month: Mapped[int] = mapped_column(Integer, default=0)
    locks_day: Mapped[int] = mapped_column(Integer)
    locks_month: Mapped[int] = mapped_column(Integer, default=0)
    # ngày chốt số liệu: the day the numbers count as of (None: the lock day)
    data_day: Mapped[int | None] = mapped_column(Integer)
    data_month: Mapped[int | None] = mapped_column(Integer)
    months: Mapped[str | None] = mapped_column(String(40))  # "9,10,11,12,1,2,3,4,5"
    fields: Mapped[str] = mapped_column(String(200), default="")
    levels: Mapped[str] = mapped_column(String(40), default="")
    position: Mapped[int] = mapped_column(Integer, default=0)

    @property
    def field_codes(self) -> tuple[str, ...]:
        return split_codes(self.fields)

    @property
    def level_codes(self) -> tuple[str, ...]:
        return split_codes(self.levels)

    @property
    def month_list(self) -> tuple[int, ...]:
        return tuple(int(m) for m in split_codes(self.months))


class ReportPeriod(TimestampMixin, Base):
    """One report period of one school year: its entry window, lock date and state.

    Its reports count as of the end of `data_on` (ngày chốt số liệu). The window is
    open from 00:00 of `opens_on` to 23:59:59 of `closes_on` (Vietnam time) unless
    the period is locked; the Department may reopen it for everyone until
    `reopened_until`. `lock_count` numbers the locks, so each lock's hooks run once.
    """

    __tablename__ = "report_periods"
    __table_args__ = (
        UniqueConstraint("year", "kind", "month", name="uq_report_periods_year_kind"),
        Index("ix_report_periods_window", "opens_on", "closes_on"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    year: Mapped[int] = mapped_column(ForeignKey("school_years.year"), index=True)
    kind: Mapped[str] = mapped_column(String(30))
    month: Mapped[int] = mapped_column(Integer, default=0)  # 0 unless monthly
    title: Mapped[str] = mapped_column(String(120))
    opens_on: Mapped[date] = mapped_column(Date)
    closes_on: Mapped[date] = mapped_column(Date)
    locks_on: Mapped[date] = mapped_column(Date)
    data_on: Mapped[date | None] = mapped_column(Date)  # ngày chốt số liệu
    fields: Mapped[str] = mapped_column(String(200), default="")
    levels: Mapped[str] = mapped_column(String(40), default="")
    locked_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    reopened_until: Mapped[date | None] = mapped_column(Date)
    lock_count: Mapped[int] = mapped_column(Integer, default=0)
    position: Mapped[int] = mapped_column(Integer, default=0)

    @property
    def field_codes(self) -> tuple[str, ...]:
        return split_codes(self.fields)

    @property
    def level_codes(self) -> tuple[str, ...]:
        return split_codes(self.levels)

    @property
    def data_date(self) -> date:
        """Ngày chốt số liệu: the period's numbers count as of the end of this day."""
        return self.data_on or self.locks_on

    @property
    def is_milestone(self) -> bool:
        """A Ministry sync date: shown on the calendar, opens nothing."""
        return not self.fields

    def applies_to(self, levels: tuple[str, ...]) -> bool:
        """Does the period concern a school teaching these cấp học?"""
        mine = self.level_codes
        return not mine or bool(set(mine) & set(levels))


class UnlockRequest(TimestampMixin, Base):
    """A school's request to reopen fields after a lock, and the answer to it.

    pending → granted (fields, until `expires_at`) or refused (with a reason);
    a grant ends by itself at its expiry (status expired once the job has seen it).
    The Department may also grant an unlock without a request.
    """

    __tablename__ = "unlock_requests"
    __table_args__ = (Index("ix_unlock_requests_school_status", "school_id", "status"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    school_id: Mapped[int] = mapped_column(ForeignKey("units.id"))
    period_id: Mapped[int | None] = mapped_column(ForeignKey("report_periods.id"))
    fields: Mapped[str] = mapped_column(String(200))
    reason: Mapped[str] = mapped_column(Text, default="")
    requested_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    requested_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), default=utcnow
    )
    status: Mapped[str] = mapped_column(String(10), default="pending", index=True)
    granted_fields: Mapped[str | None] = mapped_column(String(200))
    expires_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    decided_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    decision_note: Mapped[str | None] = mapped_column(Text)

    school = relationship("Unit", foreign_keys=[school_id])
    period = relationship(ReportPeriod)
    requested_by = relationship("User", foreign_keys=[requested_by_id])
    decided_by = relationship("User", foreign_keys=[decided_by_id])

    @property
    def field_codes(self) -> tuple[str, ...]:
        return split_codes(self.fields)

    @property
    def granted_codes(self) -> tuple[str, ...]:
        return split_codes(self.granted_fields)


class SchoolHoliday(TimestampMixin, Base):
    """A holiday of a school year for every school (Tết, 30/4–1/5, 2/9 …): no roll
    call on its days. The Department edits them (services/calendar/school_days.py)."""

    __tablename__ = "school_holidays"
    __table_args__ = (Index("ix_school_holidays_year_start", "year", "starts_on"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    year: Mapped[int] = mapped_column(ForeignKey("school_years.year"))
    starts_on: Mapped[date] = mapped_column(Date)
    ends_on: Mapped[date] = mapped_column(Date)
    name: Mapped[str] = mapped_column(String(120))
