"""The approval chain of a school's report: gửi → phê chuẩn, or từ chối with a note.

The school leader sends (a clerk may not): the school's live numbers are frozen in a
snapshot (reason "send"), which becomes `snapshot_id`. The approver is the district
office (any middle-tier unit) whose subtree holds the school; for a school directly
under the Department, a Department division whose levels include the report's level
(a division with no levels, like Tổ chức – Cán bộ, approves nothing); administrators
always. Approving makes the sent snapshot official (`official_snapshot_id`) unless
the official one is newer (sent before the lock, approved after it: the lock's stays).

Before the lock that matters little: the lock freezes everyone's numbers again and
those become official (official.freeze_at_lock). After the lock a school whose data
changed through an unlock sends again; its new snapshot becomes official only when
approved, so live changes never reach an official document by themselves.

Two approvers cannot both decide: the form carries the row's version, and the row's
version counter makes the second concurrent UPDATE fail (409).
"""

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm.exc import StaleDataError

from smasweb import clock
from smasweb.extensions import db
from smasweb.models import ReportPeriod, Unit, User
from smasweb.models.reports import ReportSnapshot, ReportSubmission, SubmissionEvent
from smasweb.services import notices, policy
from smasweb.services import reports as registry
from smasweb.services.errors import (
    Conflict,
    NotFound,
    PermissionDenied,
    ValidationFailed,
)
from smasweb.services.reports import ReportDefinition, official, render_requests
from smasweb.services.reports.scope import ReportScope, may_read

CODE = "after_opening"
STATUS_LABELS = {
    "draft": "Chưa gửi",
    "sent": "Đã gửi",
    "approved": "Đã phê chuẩn",
    "rejected": "Bị từ chối",
}
ACTION_LABELS = {"send": "Gửi báo cáo", "approve": "Phê chuẩn", "reject": "Từ chối"}
REASON_LABELS = {"lock": "chốt khi khóa kỳ", "send": "trường gửi"}
ONLY_LEADER = "Chỉ lãnh đạo nhà trường (Ban giám hiệu) được gửi báo cáo."
NOT_APPROVER = "Bạn không phải đơn vị phê chuẩn báo cáo của trường này."
ALREADY_SENT = (
    "Báo cáo đã được gửi với đúng số liệu hiện tại và đang chờ phê chuẩn; "
    "không cần gửi lại."
)
NOTHING_CHANGED = (
    "Báo cáo đã được phê chuẩn và số liệu chưa thay đổi từ đó; không cần gửi lại."
)
NOT_SENT = "Báo cáo này không ở trạng thái chờ phê chuẩn; hãy tải lại trang."
STALE = "Báo cáo vừa được người khác xử lý. Hãy tải lại trang để xem trạng thái mới."
NOTE_REQUIRED = "Hãy ghi lý do từ chối để trường biết cần sửa gì."


def definition(code: str = CODE) -> ReportDefinition:
    found = registry.get(code)
    if found is None:
        raise NotFound()
    return found


def code_of(period: ReportPeriod) -> str:
    """The registered report a period is made for (its kind's). Raises NotFound."""
    found = registry.for_period(period.kind)
    if not found:
        raise NotFound()
    return found[0].code


def get_period(period_id: int | None, code: str | None = None) -> ReportPeriod:
    """The period asked for (of a kind `code`'s report belongs to; any report's
    without `code`), else the latest of `code`'s (default the after-opening
    report's) that has opened. Raises NotFound."""
    if period_id is not None:
        period = db.session.get(ReportPeriod, period_id)
        kinds = definition(code).period_kinds if code else _all_kinds()
        if period is None or period.kind not in kinds:
            raise NotFound()
        return period
    kinds = definition(code or CODE).period_kinds
    stmt = select(ReportPeriod).where(ReportPeriod.kind.in_(kinds))
    opened = stmt.where(ReportPeriod.opens_on <= clock.today())
    period = db.session.scalar(opened.order_by(ReportPeriod.opens_on.desc()).limit(1))
    period = period or db.session.scalar(stmt.order_by(ReportPeriod.opens_on).limit(1))
    if period is None:
        raise NotFound("Chưa có kỳ báo cáo này trong lịch.")
    return period


def _all_kinds() -> set[str]:
    return {k for d in registry.load_all().values() for k in d.period_kinds}


def periods() -> list[ReportPeriod]:
    """Every report's stored periods, newest first (the pages' period picker)."""
    stmt = select(ReportPeriod).where(ReportPeriod.kind.in_(_all_kinds()))
    return list(db.session.scalars(stmt.order_by(ReportPeriod.opens_on.desc())))


def levels_for(actor: User, school: Unit, period: ReportPeriod) -> list[str]:
    """The school's levels the period covers that the actor may read."""
    return [
        c for c in official.period_levels(period, school) if may_read(actor, school, c)
    ]


def get_school(
    actor: User, school_id: int | None, level: str | None, period: ReportPeriod
) -> tuple[Unit, str]:
    """The school and level (default: its first) the actor may read. Raises NotFound."""
    school = db.session.get(Unit, school_id) if school_id else None
    if school is None or not school.is_school:
        raise NotFound()
    levels = levels_for(actor, school, period)
    level = level or (levels[0] if levels else None)
    if level not in levels:
        raise NotFound()
    return school, level


def find_submission(code: str, period: ReportPeriod, school: Unit, level: str):
    """The school's row in the chain, or None while it has never been sent or locked."""
    return db.session.scalar(
        select(ReportSubmission).where(
            ReportSubmission.report_code == code,
            ReportSubmission.period_id == period.id,
            ReportSubmission.school_id == school.id,
            ReportSubmission.level == level,
        )
    )


def get_submission(actor: User, submission_id: int) -> ReportSubmission:
    """A row of the chain whose school the actor may read. Raises NotFound."""
    row = db.session.get(ReportSubmission, submission_id)
    if row is None or not may_read(actor, row.school, row.level):
        raise NotFound()
    return row


def may_send(actor: User, school: Unit) -> bool:
    return policy.has_permission(actor, "reports.submit") and actor.unit_id == school.id


def _actor_name(actor: User) -> str:
    return f"{actor.full_name} ({actor.unit.name})"[:200]


def _event(row: ReportSubmission, actor: User, action: str, note=None) -> None:
    db.session.add(
        SubmissionEvent(
            submission_id=row.id,
            action=action,
            snapshot_id=row.snapshot_id,
            user_id=actor.id,
            actor=_actor_name(actor),
            note=note,
            at=clock.as_utc(clock.now()),
        )
    )


def _flush() -> None:
    try:
        db.session.flush()
    except StaleDataError as exc:  # another approver's UPDATE got there first
        raise Conflict(STALE) from exc


def _refuse_resend(row: ReportSubmission, checksum: str) -> None:
    if row.status == "sent" and row.snapshot and row.snapshot.checksum == checksum:
        raise Conflict(ALREADY_SENT)
    if row.status == "approved":
        ids = {row.snapshot_id, row.official_snapshot_id} - {None}
        sums = db.session.scalars(
            select(ReportSnapshot.checksum).where(ReportSnapshot.id.in_(ids))
        )
        if checksum in set(sums):
            raise Conflict(NOTHING_CHANGED)


def send(
    actor: User, school: Unit, level: str, period: ReportPeriod
) -> ReportSubmission:
    """Gửi: freeze the school's live numbers and put them up for approval.

    Raises NotFound (school, level or period outside the actor's reach),
    PermissionDenied (not the school's leader), Conflict (nothing new to send).
    """
    if not may_read(actor, school, level) or level not in official.period_levels(
        period, school
    ):
        raise NotFound()
    if not may_send(actor, school):
        raise PermissionDenied(ONLY_LEADER)
    code = code_of(period)
    report = definition(code)
    data = report.build(ReportScope(school, level, period.year, period, [school]))
    row = official.submission(code, period, school, level)
    _refuse_resend(row, data.checksum())
    try:
        snap = official.freeze_school(
            report, school, level, period, "send", actor, data
        )
    except IntegrityError as exc:  # a second leader sending at the same moment
        raise Conflict(STALE) from exc
    row.snapshot_id = snap.id
    row.status = "sent"
    row.sent_by_id, row.sent_at = actor.id, clock.as_utc(clock.now())
    row.decided_by_id, row.decided_at, row.note = None, None, None
    _flush()
    _event(row, actor, "send")
    _tell_office(row, school)
    _flush()
    return row


def _check_decision(actor: User, row: ReportSubmission, version: int | None) -> None:
    if not policy.approves_report(actor, row.school, row.level):
        raise PermissionDenied(NOT_APPROVER)
    if version is not None and version != row.version:
        raise Conflict(STALE)
    if row.status != "sent":
        raise Conflict(NOT_SENT)


def _decide(actor: User, row: ReportSubmission, status: str, note: str | None):
    row.status = status
    row.decided_by_id, row.decided_at = actor.id, clock.as_utc(clock.now())
    row.note = note
    _flush()  # the versioned UPDATE first: a racing approver fails here
    _event(row, actor, "approve" if status == "approved" else "reject", note)
    _tell_school(row)
    _flush()
    return row


def approve(
    actor: User, row: ReportSubmission, note: str | None = None, version=None
) -> ReportSubmission:
    """Phê chuẩn: the sent snapshot becomes official unless the official is newer;
    once official (after the lock) its PDF is queued to render ahead of downloads.

    Raises PermissionDenied (not its approver), Conflict (not waiting, or decided
    meanwhile by someone else).
    """
    _check_decision(actor, row, version)
    ids = row.official_snapshot_id
    official_now = db.session.get(ReportSnapshot, ids) if ids else None
    newer = official_now is None or official_now.version < row.snapshot.version
    if newer:
        row.official_snapshot_id = row.snapshot_id
    _decide(actor, row, "approved", (note or "").strip() or None)
    if newer:  # its official PDF, rendered before anyone asks for it
        p = db.session.get(ReportPeriod, row.period_id)
        scope = ReportScope(row.school, row.level, p.year, p, [row.school])
        render_requests.queue_official(actor, definition(row.report_code), scope)
    return row


def reject(
    actor: User, row: ReportSubmission, note: str | None, version=None
) -> ReportSubmission:
    """Từ chối with a note; the official numbers stay as they were.

    Raises PermissionDenied, Conflict, ValidationFailed (no note, field "note").
    """
    _check_decision(actor, row, version)
    note = (note or "").strip()
    if not note:
        raise ValidationFailed(NOTE_REQUIRED, field="note")
    return _decide(actor, row, "rejected", note)


def page_url(row: ReportSubmission) -> str:
    """The submission page (relative: notices are posted outside requests too)."""
    args = f"unit={row.school_id}&level={row.level}&period={row.period_id}"
    return f"/reports/submission?{args}"


def _tell_office(row: ReportSubmission, school: Unit) -> None:
    parent = school.parent
    if parent is not None and parent.kind in ("district", "commune"):
        notices.post(
            parent.id,
            "report",
            f"{school.name} đã gửi báo cáo, chờ phê chuẩn",
            url=page_url(row),
            period_id=row.period_id,
        )


def _tell_school(row: ReportSubmission) -> None:
    if row.status == "approved":
        title, body = "Báo cáo đã được phê chuẩn", row.note or ""
    else:
        title, body = "Báo cáo bị từ chối", f"Lý do: {row.note}"
    notices.post(
        row.school_id,
        "report",
        title,
        body=body,
        url=page_url(row),
        period_id=row.period_id,
    )
