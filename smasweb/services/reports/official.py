"""Which numbers a report prints: a live draft before the period's lock, the frozen
snapshots after it.

At the lock the calendar's lock hook freezes every open school's report data (one
snapshot per school and level, with its SHA-256 checksum) and makes it the school's
official data. After that a school's official report is its official snapshot —
the lock's, until the district approves a newer one the school sent after an
unlock — and a district's or the province's official report is the sum of the
official snapshots of the schools under it. Live data changed after the lock never
reaches an official document by itself.
"""

from dataclasses import dataclass

from sqlalchemy import func, select

from smasweb import clock
from smasweb.extensions import db
from smasweb.models import Unit, User
from smasweb.models.calendar import ReportPeriod
from smasweb.models.reports import ReportSnapshot, ReportSubmission
from smasweb.models.units import split_codes
from smasweb.services import reports as registry
from smasweb.services.calendar import windows as calendar
from smasweb.services.errors import ValidationFailed
from smasweb.services.jobs import runner as jobs
from smasweb.services.reports import ReportDefinition
from smasweb.services.reports.scope import LEVELS, ReportScope, as_of, open_on
from smasweb.services.reports.tables import ReportData, sum_reports


@dataclass
class Printed:
    """What a document prints: the data, whether it is official, and from which
    snapshots (school reports: one; districts and the province: their schools')."""

    data: ReportData
    official: bool
    snapshot_ids: list[int]

    @property
    def checksum(self) -> str:
        return self.data.checksum()


def is_frozen(period: ReportPeriod | None) -> bool:
    """Locked (as of now) and its lock's snapshots taken."""
    if period is None or not calendar.is_locked(period, clock.now()):
        return False
    return (
        db.session.scalar(
            select(ReportSnapshot.id)
            .where(ReportSnapshot.period_id == period.id)
            .limit(1)
        )
        is not None
    )


def _next_version(code: str, period_id: int, unit_id: int, level: str) -> int:
    last = db.session.scalar(
        select(func.max(ReportSnapshot.version)).where(
            ReportSnapshot.report_code == code,
            ReportSnapshot.period_id == period_id,
            ReportSnapshot.unit_id == unit_id,
            ReportSnapshot.level == level,
        )
    )
    return (last or 0) + 1


def freeze_school(
    definition: ReportDefinition,
    school: Unit,
    level: str,
    period: ReportPeriod,
    reason: str,
    actor: User | None = None,
    data: ReportData | None = None,
) -> ReportSnapshot:
    """Build the school's report from live data (or take `data`, already built from
    it) and store it as a new snapshot."""
    if data is None:
        scope = ReportScope(school, level, period.year, period, [school])
        data = definition.build(scope)
    snapshot = ReportSnapshot(
        report_code=definition.code,
        period_id=period.id,
        unit_id=school.id,
        level=level,
        version=_next_version(definition.code, period.id, school.id, level),
        reason=reason,
        data=data.to_json(),
        checksum=data.checksum(),
        created_by_id=actor.id if actor else None,
    )
    db.session.add(snapshot)
    db.session.flush()
    return snapshot


def submission(code: str, period: ReportPeriod, school: Unit, level: str):
    """The school's row in the approval chain (created, as a draft, when missing)."""
    row = db.session.scalar(
        select(ReportSubmission).where(
            ReportSubmission.report_code == code,
            ReportSubmission.period_id == period.id,
            ReportSubmission.school_id == school.id,
            ReportSubmission.level == level,
        )
    )
    if row is None:
        row = ReportSubmission(
            report_code=code, period_id=period.id, school_id=school.id, level=level
        )
        db.session.add(row)
    return row


def period_levels(period: ReportPeriod, school: Unit) -> list[str]:
    """The school's levels the period applies to."""
    wanted = set(split_codes(period.levels) or LEVELS)
    return [c for c in school.level_codes if c in wanted]


@jobs.lock_hook
def freeze_at_lock(period: ReportPeriod) -> None:
    """Snapshot the reports of every school open on the period's data date; they
    become official."""
    definitions = registry.for_period(period.kind)
    if not definitions:
        return
    schools = db.session.scalars(
        select(Unit).where(Unit.kind == "school", open_on(as_of(period)))
    )
    for school in schools:
        for level in period_levels(period, school):
            for definition in definitions:
                snap = freeze_school(definition, school, level, period, "lock")
                row = submission(definition.code, period, school, level)
                row.official_snapshot_id = snap.id
                if row.snapshot_id is None:
                    row.snapshot_id = snap.id
    db.session.flush()


def locked_periods() -> list[ReportPeriod]:
    """The locked periods that have a registered report, oldest lock first."""
    kinds = {k for d in registry.load_all().values() for k in d.period_kinds}
    stmt = (
        select(ReportPeriod)
        .where(ReportPeriod.locked_at.is_not(None), ReportPeriod.kind.in_(kinds))
        .order_by(ReportPeriod.locked_at, ReportPeriod.id)
    )
    return list(db.session.scalars(stmt))


def freeze_missing(period: ReportPeriod) -> int:
    """Take a locked period's lock snapshots when it has none (a database from
    before snapshots, or a lock whose hooks never ran); how many were taken.
    A frozen period is left alone: only an approved re-send replaces its numbers.

    Raises:
        ValidationFailed: the period is not locked, or has no report.
    """
    if not calendar.is_locked(period, clock.now()):
        raise ValidationFailed(f"Kỳ «{period.title}» chưa khóa: chưa chốt số liệu.")
    if not registry.for_period(period.kind):
        raise ValidationFailed(f"Kỳ «{period.title}» không có báo cáo nào để chốt.")
    if is_frozen(period):
        return 0
    freeze_at_lock(period)
    return db.session.scalar(
        select(func.count()).where(ReportSnapshot.period_id == period.id)
    )


def official_snapshots(code: str, period: ReportPeriod, scope: ReportScope):
    """The official snapshots of the scope's schools at its level."""
    stmt = (
        select(ReportSnapshot)
        .join(
            ReportSubmission,
            ReportSubmission.official_snapshot_id == ReportSnapshot.id,
        )
        .where(
            ReportSubmission.report_code == code,
            ReportSubmission.period_id == period.id,
            ReportSubmission.level == scope.level,
            ReportSubmission.school_id.in_(scope.school_ids),
        )
        .order_by(ReportSnapshot.unit_id)
    )
    return list(db.session.scalars(stmt))


def _blank(definition: ReportDefinition, scope: ReportScope) -> ReportData:
    """The report's shape with zero cells (its rows as for an empty unit)."""
    empty = ReportScope(scope.unit, scope.level, scope.year, scope.period, [])
    return definition.build(empty)


def current(definition: ReportDefinition, scope: ReportScope) -> Printed:
    """The data a document of this scope prints now (see module doc)."""
    if not is_frozen(scope.period):
        return Printed(definition.build(scope), official=False, snapshot_ids=[])
    snaps = official_snapshots(definition.code, scope.period, scope)
    parts = [ReportData.from_json(s.data) for s in snaps]
    if scope.unit_level == "school" and parts:
        return Printed(parts[0], official=True, snapshot_ids=[snaps[0].id])
    total = sum_reports(parts, _blank(definition, scope))
    total.school_count = len(parts)
    if definition.derive is not None:
        definition.derive(total)
    return Printed(total, official=True, snapshot_ids=[s.id for s in snaps])


def live(definition: ReportDefinition, scope: ReportScope) -> ReportData:
    return definition.build(scope)
