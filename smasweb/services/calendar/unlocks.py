"""Unlocks (mở khóa): a school asks to reopen fields after a lock, a decider answers.

A school leader or clerk sends a request with a reason; the Department (any school)
or the district office (its schools) grants it for chosen fields until the end of a
day, or refuses it with a reason. The school gets a Notice either way. The guard in
services/calendar/windows.py lets a granted request's fields through until `expires_at`;
expire_due() (a scheduler job) then marks it expired.
"""

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from smasweb import clock
from smasweb.codelists import CALENDAR_FIELDS
from smasweb.extensions import db
from smasweb.models import ReportPeriod, Unit, UnlockRequest, User
from smasweb.services import notices, policy
from smasweb.services.errors import Conflict, NotFound, ValidationFailed
from smasweb.text import fold, vn_date

STATUS_LABELS = {
    "pending": "Chờ duyệt",
    "granted": "Đã mở khóa",
    "refused": "Từ chối",
    "expired": "Hết hạn",
}
FILTERS = ("pending", "granted", "refused", "expired", "all")
MIN_REASON = 10
NOT_PENDING = "Yêu cầu này đã được trả lời, không thể duyệt lại."


def status_of(req: UnlockRequest, at: datetime | None = None) -> str:
    """The status as the school sees it: a grant past its expiry is expired already."""
    expired = req.expires_at is not None and clock.local(req.expires_at) <= (
        at or clock.now()
    )
    return "expired" if req.status == "granted" and expired else req.status


def _check_fields(fields, name: str = "fields") -> str:
    codes = [f for f in dict.fromkeys(fields or ()) if f]
    if not codes:
        raise ValidationFailed("Hãy chọn ít nhất một lĩnh vực.", field=name)
    if any(c not in CALENDAR_FIELDS for c in codes):
        raise ValidationFailed("Lĩnh vực không có trong danh mục.", field=name)
    return ",".join(codes)


def _check_expiry(expires_on: date | None) -> datetime:
    if expires_on is None:
        raise ValidationFailed("Bắt buộc nhập.", field="expires_on")
    if expires_on < clock.today():
        raise ValidationFailed(
            "Ngày hết hạn mở khóa không được trước hôm nay.", field="expires_on"
        )
    return clock.as_utc(clock.end_of(expires_on))


def request_unlock(
    actor: User, school: Unit, period: ReportPeriod | None, fields, reason: str
) -> UnlockRequest:
    """Gửi yêu cầu mở khóa. Raises NotFound, PermissionDenied, ValidationFailed."""
    policy.require_visible(actor, school)
    policy.require(actor, "unlock.request", unit=school)
    if not school.is_school or actor.unit_id != school.id:
        raise NotFound()
    if period is None or period.is_milestone or period.id is None:
        raise ValidationFailed("Hãy chọn kỳ báo cáo.", field="period")
    if not period.applies_to(school.level_codes):
        raise ValidationFailed("Kỳ báo cáo này không áp dụng cho trường.", "period")
    codes = _check_fields(fields)
    _refuse_duplicate(school, codes)
    reason = (reason or "").strip()
    if len(reason) < MIN_REASON:
        raise ValidationFailed(
            f"Lý do phải có ít nhất {MIN_REASON} ký tự.", field="reason"
        )
    req = UnlockRequest(
        school_id=school.id,
        period_id=period.id,
        fields=codes,
        reason=reason,
        requested_by_id=actor.id,
        requested_at=clock.as_utc(clock.now()),
        status="pending",
    )
    db.session.add(req)
    db.session.flush()
    return req


def _refuse_duplicate(school: Unit, codes: str) -> None:
    """One pending request per field at a time: a second one would only wait twice."""
    asked = set(codes.split(","))
    for pending in db.session.scalars(
        select(UnlockRequest).where(
            UnlockRequest.school_id == school.id, UnlockRequest.status == "pending"
        )
    ):
        both = asked & set(pending.field_codes)
        if both:
            names = ", ".join(CALENDAR_FIELDS[c][0] for c in sorted(both))
            raise ValidationFailed(
                f"Trường đã có yêu cầu mở khóa «{names}» đang chờ duyệt.",
                field="fields",
            )


def _notify(req: UnlockRequest, title: str, body: str) -> None:
    notices.post(req.school_id, "unlock", title, body=body, period_id=req.period_id)


def _decide(actor: User, req: UnlockRequest, status: str, note: str | None) -> None:
    if req.status != "pending":
        raise Conflict(NOT_PENDING)
    req.status = status
    req.decided_by_id = actor.id
    req.decided_at = clock.as_utc(clock.now())
    req.decision_note = (note or "").strip() or None


def grant(
    actor: User, req: UnlockRequest, fields, expires_on: date | None, note=None
) -> UnlockRequest:
    """Mở khóa for the chosen fields until 23:59:59 of `expires_on` (Vietnam time).

    Raises PermissionDenied, Conflict (not pending), ValidationFailed.
    """
    policy.require(actor, "unlock.decide", unit=req.school)
    codes = _check_fields(fields, "granted_fields")
    expires_at = _check_expiry(expires_on)
    _decide(actor, req, "granted", note)
    req.granted_fields = codes
    req.expires_at = expires_at
    _notify(
        req,
        "Yêu cầu mở khóa đã được chấp nhận",
        f"Được nhập lại đến hết ngày {vn_date(expires_on)}.",
    )
    db.session.flush()
    return req


def refuse(actor: User, req: UnlockRequest, note: str | None) -> UnlockRequest:
    """Từ chối with a reason. Raises PermissionDenied, Conflict, ValidationFailed."""
    policy.require(actor, "unlock.decide", unit=req.school)
    if not (note or "").strip():
        raise ValidationFailed("Hãy ghi lý do từ chối.", field="note")
    _decide(actor, req, "refused", note)
    _notify(req, "Yêu cầu mở khóa bị từ chối", f"Lý do: {req.decision_note}")
    db.session.flush()
    return req


def grant_direct(
    actor: User, school: Unit | None, fields, expires_on: date | None, note=None
) -> UnlockRequest:
    """The Department opens fields for a school without a request.

    Raises PermissionDenied, ValidationFailed.
    """
    policy.require(actor, "calendar.manage")
    if school is None or not school.is_school:
        raise ValidationFailed("Không có trường với mã hoặc tên này.", field="school")
    codes = _check_fields(fields, "granted_fields")
    _check_expiry(expires_on)
    req = UnlockRequest(
        school=school,
        fields=codes,
        reason=(note or "").strip(),
        requested_by_id=actor.id,
        requested_at=clock.as_utc(clock.now()),
        status="pending",
    )
    db.session.add(req)
    return grant(actor, req, fields, expires_on, note)


def find_school(actor: User, text: str) -> Unit | None:
    """A school in the actor's scope by its code, or by its name (whole or a unique
    part of it, diacritics ignored)."""
    text = (text or "").strip()
    if not text:
        return None
    stmt = select(Unit).where(Unit.kind == "school")
    by_code = db.session.scalar(stmt.where(Unit.code == text))
    if by_code is not None:
        return by_code if policy.in_scope(actor, by_code) else None
    stmt = policy.scope_units(actor, stmt)
    for match in (
        Unit.name_folded == fold(text),
        Unit.name_folded.contains(fold(text)),
    ):
        found = list(db.session.scalars(stmt.where(match).limit(2)))
        if found:
            return found[0] if len(found) == 1 else None
    return None


@dataclass
class RequestPage:
    rows: list[UnlockRequest]
    total: int
    page: int
    pages: int


def _inbox_query(actor: User, status: str, q: str):
    stmt = select(UnlockRequest).join(Unit, Unit.id == UnlockRequest.school_id)
    stmt = policy.scope_units(actor, stmt, UnlockRequest.school_id)
    if status != "all":
        stmt = stmt.where(UnlockRequest.status == status)
    if q.strip():
        stmt = stmt.where(Unit.name_folded.contains(fold(q)))
    return stmt


def list_requests(
    actor: User, status: str, q: str, page: int, per_page: int = 25
) -> RequestPage:
    """The decider's inbox: requests of the schools in scope. Raises PermissionDenied."""
    policy.require(actor, "unlock.decide")
    status = status if status in FILTERS else "pending"
    stmt = _inbox_query(actor, status, q)
    total = db.session.scalar(select(func.count()).select_from(stmt.subquery()))
    pages = max(1, -(-total // per_page))
    page = min(max(1, page), pages)
    rows = db.session.scalars(
        stmt.options(
            selectinload(UnlockRequest.school),
            selectinload(UnlockRequest.period),
            selectinload(UnlockRequest.requested_by),
            selectinload(UnlockRequest.decided_by),
        )
        .order_by(UnlockRequest.requested_at.desc(), UnlockRequest.id.desc())
        .limit(per_page)
        .offset((page - 1) * per_page)
    )
    return RequestPage(list(rows), total, page, pages)


def get_request(actor: User, request_id: int) -> UnlockRequest:
    """One request of a school in the actor's scope. Raises NotFound, PermissionDenied."""
    req = db.session.get(UnlockRequest, request_id)
    if req is None or not policy.in_scope(actor, req.school):
        raise NotFound()
    policy.require(actor, "unlock.decide", unit=req.school)
    return req


def school_requests(school: Unit, limit: int = 20) -> list[UnlockRequest]:
    """A school's latest requests and their answers (for its calendar page)."""
    return list(
        db.session.scalars(
            select(UnlockRequest)
            .where(UnlockRequest.school_id == school.id)
            .options(selectinload(UnlockRequest.period))
            .order_by(UnlockRequest.requested_at.desc(), UnlockRequest.id.desc())
            .limit(limit)
        )
    )


def expire_due(at: datetime | None = None) -> list[UnlockRequest]:
    """Mark granted requests whose expiry has passed as expired; return them."""
    at = at or clock.now()
    due = list(
        db.session.scalars(
            select(UnlockRequest).where(
                UnlockRequest.status == "granted",
                UnlockRequest.expires_at <= clock.as_utc(at),
            )
        )
    )
    for req in due:
        req.status = "expired"
    db.session.flush()
    return due
