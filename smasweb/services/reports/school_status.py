"""Where a school's after-opening report stands, for its own users' home page: the
period, each level's status in the chain (with the rejection note) and what is
still missing. A few statements whatever the school's size: the period, the
school's submissions and completeness's grouped counts."""

from dataclasses import dataclass, field

from sqlalchemy import select

from smasweb.extensions import db
from smasweb.models import ReportPeriod, Unit, User
from smasweb.models.reports import ReportSubmission
from smasweb.services.errors import NotFound
from smasweb.services.reports import approvals, completeness
from smasweb.services.reports.approvals import CODE

LABELS = {
    "draft": "Chưa gửi",
    "sent": "Đã gửi, chờ phê chuẩn",
    "approved": "Đã phê chuẩn",
    "rejected": "Bị từ chối",
}


@dataclass
class LevelStatus:
    level: str
    row: ReportSubmission | None

    @property
    def status(self) -> str:
        return self.row.status if self.row else "draft"

    @property
    def label(self) -> str:
        return LABELS[self.status]


@dataclass
class SchoolReport:
    school: Unit
    period: ReportPeriod
    levels: list[LevelStatus]
    missing: list[str] = field(default_factory=list)
    started: bool = False
    may_send: bool = False

    @property
    def to_send(self) -> LevelStatus | None:
        """The level the leader sends next: data entered, not sent or rejected."""
        if not (self.may_send and self.started):
            return None
        waiting = [s for s in self.levels if s.status in ("draft", "rejected")]
        return waiting[0] if waiting else None


def for_school(actor: User) -> SchoolReport | None:
    """The actor's school's report in the current period (None: not a school user,
    or no period in the calendar yet)."""
    school = actor.unit
    if not school.is_school:
        return None
    try:
        period = approvals.get_period(None)
    except NotFound:
        return None
    levels = approvals.levels_for(actor, school, period)
    if not levels:
        return None
    rows = {
        r.level: r
        for r in db.session.scalars(
            select(ReportSubmission).where(
                ReportSubmission.report_code == CODE,
                ReportSubmission.period_id == period.id,
                ReportSubmission.school_id == school.id,
            )
        )
    }
    found = completeness.for_schools([school.id], period.year)
    done = found.get(school.id, completeness.Completeness())
    return SchoolReport(
        school,
        period,
        [LevelStatus(lv, rows.get(lv)) for lv in levels],
        done.messages(),
        done.started,
        approvals.may_send(actor, school),
    )
