"""Demo reports: every locked period of the demo's years that has a report (the
after-opening ones of 2019-2020 and the current year) is frozen, as a lock makes
it, so its previews, PDFs and Excel print the official snapshot; in the current
year's, the schools stand at every step of the approval chain.

Small scale: the locks' snapshots are taken at load time, then, through the real
approval service, about six schools in ten have sent and been approved, one in ten
has sent and waits, one in ten was rejected with a note, and the rest have not sent.
Province scale: the locks' hooks are left to the scheduler's first run, as after a
real lock (freezing 1,300 schools takes minutes a period), and nothing is sent.
"""

from sqlalchemy import delete, select

from smasweb.extensions import db
from smasweb.models import JobRun, ReportPeriod, Unit, User
from smasweb.models.reports import ReportSubmission
from smasweb.services import policy
from smasweb.services import years as school_years
from smasweb.services.reports import approvals, official

REJECT_NOTES = (
    "Số học sinh dân tộc thiểu số chưa khớp danh sách lớp; đề nghị rà soát lại.",
    "Chưa nhập đủ phòng học bộ môn; đề nghị bổ sung rồi gửi lại.",
    "Số giáo viên hợp đồng chênh với báo cáo tháng 9; đề nghị kiểm tra.",
)


def load_reports(scale: str) -> int:
    """Freeze every locked period's reports and route the current year's
    after-opening ones; how many were sent."""
    periods = official.locked_periods()
    if scale != "small":  # let the scheduler run these locks' hooks
        keys = [f"lock-hooks:{p.id}:{p.lock_count}" for p in periods]
        db.session.execute(delete(JobRun).where(JobRun.key.in_(keys)))
        return 0
    for period in periods:
        official.freeze_at_lock(period)
    current = [
        p
        for p in periods
        if p.year == school_years.current_year() and p.kind == "after_opening"
    ]
    return _route(current[0]) if current else 0


def _route(period: ReportPeriod) -> int:
    users = list(db.session.scalars(select(User).where(User.active)))
    by_role: dict[str, list[User]] = {}
    for u in users:  # the demo's accounts, as demo.py made them
        by_role.setdefault(u.role, []).append(u)
    leaders = {u.unit_id: u for u in by_role.get("school_leader", [])}
    offices = {u.unit_id: u for u in by_role.get("district", [])}
    divisions = by_role.get("division", [])
    rows = db.session.execute(
        select(ReportSubmission, Unit)
        .join(Unit, Unit.id == ReportSubmission.school_id)
        .where(ReportSubmission.period_id == period.id)
        .order_by(Unit.sort_key, ReportSubmission.level)
    ).all()
    sent = 0
    for i, (row, school) in enumerate(rows):
        slot = i % 10
        leader = leaders.get(school.id)
        if slot >= 8 or leader is None:
            continue  # not sent yet
        approvals.send(leader, school, row.level, period)
        sent += 1
        approver = offices.get(school.parent_id) or next(
            (d for d in divisions if policy.approves_report(d, school, row.level)), None
        )
        if approver is None or slot == 6:
            continue  # waiting for approval
        if slot == 7:
            approvals.reject(approver, row, REJECT_NOTES[i % len(REJECT_NOTES)])
        else:
            approvals.approve(approver, row)
    return sent
