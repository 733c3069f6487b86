"""Demo calendars (2019-2020 and the current year) and unlock requests in every state.

Periods whose lock date has passed are stored locked, with their lock hooks marked
as run, so a demo's first scheduler run does not replay years of locks.
"""

from datetime import timedelta

from sqlalchemy import select

from smasweb import clock
from smasweb.extensions import db
from smasweb.models import JobRun, ReportPeriod, Unit, UnlockRequest, User
from smasweb.services import policy
from smasweb.services import years as school_years
from smasweb.services.calendar import rules as calendar_rules

# (school index, status, fields, reason, decision note)
REQUESTS = (
    (0, "pending", "facilities", "Trường vừa nhận bàn giao 2 phòng học bộ môn mới, "
     "cần bổ sung vào số liệu cơ sở vật chất.", None),
    (1, "granted", "facilities,budget", "Nhập nhầm số phòng học bán kiên cố và dự toán "
     "chi thường xuyên, đề nghị mở khóa để sửa.", "Đồng ý mở khóa trong 7 ngày."),
    (2, "refused", "classes", "Đề nghị mở khóa để tách lớp 3A thành 2 lớp.",
     "Số liệu lớp đã được Phòng GD&ĐT xác nhận; đề nghị cập nhật ở kỳ báo cáo sau."),
    (3, "expired", "campuses", "Cập nhật địa chỉ điểm trường lẻ sau sáp nhập xã.",
     "Đồng ý mở khóa 3 ngày."),
)  # fmt: skip


def load_calendar(schools: list[Unit]) -> int:
    """Store the demo years' periods, lock the past ones, add unlock requests."""
    today = clock.today()
    years = sorted({2019, school_years.period_year(today)})
    for year in years:
        calendar_rules.ensure_year(year)
    past = db.session.scalars(
        select(ReportPeriod).where(
            ReportPeriod.locks_on <= today, ReportPeriod.fields != ""
        )
    )
    for period in past:
        period.locked_at = clock.as_utc(clock.start_of(period.locks_on))
        period.lock_count = 1
        db.session.add(
            JobRun(
                key=f"lock-hooks:{period.id}:1",
                job="lock-hooks",
                detail="dữ liệu mẫu: kỳ đã khóa trước khi cài đặt",
            )
        )
    db.session.flush()
    return _requests(schools, years[-1])


def _requests(schools: list[Unit], year: int) -> int:
    opening = db.session.scalar(
        select(ReportPeriod).where(
            ReportPeriod.year == year, ReportPeriod.kind == "after_opening"
        )
    )
    now = clock.now()
    admin = db.session.scalar(
        select(User).where(User.role.in_(policy.roles_with("calendar.manage")))
    )
    # Pending and refused ones in a district (its officer answers), the others in
    # schools directly under the Department.
    direct = [s for s in schools if s.code.startswith("86000")] or schools
    in_district = [s for s in schools if s not in direct] or schools
    picked = [in_district[0], direct[0], in_district[-1], direct[-1]]
    for index, status, fields, reason, note in REQUESTS:
        school = picked[index]
        clerk = db.session.scalar(
            select(User).where(User.username == f"cb.{school.code}")
        )
        asked = now - timedelta(days=9 - index)
        req = UnlockRequest(
            school_id=school.id,
            period_id=opening.id if opening else None,
            fields=fields,
            reason=reason,
            requested_by_id=clerk.id if clerk else None,
            requested_at=clock.as_utc(asked),
            status=status,
        )
        if status != "pending":
            req.decided_by_id = admin.id if admin else None
            req.decided_at = clock.as_utc(asked + timedelta(days=1))
            req.decision_note = note
        if status in ("granted", "expired"):
            req.granted_fields = fields
            days = 7 if status == "granted" else -2
            req.expires_at = clock.as_utc(
                clock.end_of(now.date() + timedelta(days=days))
            )
        db.session.add(req)
    db.session.flush()
    return len(REQUESTS)
