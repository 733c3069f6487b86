"""The roll call (điểm danh) of one class on one day, and its all-or-nothing save.

Everyone is present unless marked: a save writes the day's absences of the class
(AttendanceRecord rows) through the ORM in one flush, adding, changing and deleting
only what differs, so the calendar guard (the month's lock, services/calendar/
dated.py) and the audit trail see each change. One bad cell saves nothing.
"""

from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import select

from smasweb.extensions import db
from smasweb.models import ClassGroup, Student, User
from smasweb.models.attendance import REASON_LENGTH, STATUSES, AttendanceRecord
from smasweb.models.schools import TWO_SESSION_PATTERNS
from smasweb.services import school_data
from smasweb.services.attendance.classes import FIELD, ClassAccess, get_class
from smasweb.services.calendar import dated, school_days
from smasweb.services.errors import PeriodLocked, PermissionDenied, ValidationFailed
from smasweb.services.students.roster import class_pupils
from smasweb.text import clean_text

CALENDAR_FIELD = AttendanceRecord.calendar_field()  # "attendance"


def sessions_of(cls: ClassGroup) -> tuple[str, ...]:
    """Sáng and chiều for a two-session class; one session (cả ngày) for preschool
    (a class with an age group) and one-session classes."""
    if cls.age_group is None and cls.session_pattern in TWO_SESSION_PATTERNS:
        return ("sang", "chieu")
    return ("ca_ngay",)


def attendance_rate(due: int, absent: int) -> float | None:
    """Tỷ lệ chuyên cần: the share of the sessions due that were attended, in %
    (None when none was due); the grid, the monthly report and its trend."""
    return 100 * (due - absent) / due if due else None


@dataclass
class Row:
    student: Student
    marks: dict[str, str] = field(default_factory=dict)  # session → "P" / "K"
    reason: str = ""


@dataclass
class RollCall:
    access: ClassAccess
    day: date
    sessions: tuple[str, ...]
    rows: list[Row]
    why_not: str | None  # no school day: why
    closed: PeriodLocked | None  # the month is locked (or the day to come)

    @property
    def cls(self) -> ClassGroup:
        return self.access.cls

    @property
    def absent(self) -> int:
        return sum(1 for r in self.rows if r.marks)


class RollCallErrors(Exception):
    """The cells that failed: {student id: message}."""

    def __init__(self, errors: dict[int, str]):
        super().__init__(f"{len(errors)} dòng chưa hợp lệ")
        self.errors = errors


def notice(access: ClassAccess, day: date) -> PeriodLocked | None:
    """Why a save of this day would be refused now (None: it may be written)."""
    if dated.allowed(access.school, CALENDAR_FIELD, day):
        return None
    return dated.refusal(access.school, CALENDAR_FIELD, day)


def pupils(cls: ClassGroup) -> list[Student]:
    """The class's pupils in Vietnamese order (given name first)."""
    return class_pupils(cls.id)


def records(class_id: int, day: date) -> list[AttendanceRecord]:
    stmt = select(AttendanceRecord).where(
        AttendanceRecord.class_id == class_id, AttendanceRecord.day == day
    )
    return list(db.session.scalars(stmt))


def roll_call(actor: User, class_id: int, day: date) -> RollCall:
    """The class on `day`, each pupil with the day's absences. Raises NotFound,
    PermissionDenied (services/attendance/classes.get_class)."""
    access = get_class(actor, class_id)
    rows = [Row(p) for p in pupils(access.cls)]
    by_id = {r.student.id: r for r in rows}
    for rec in records(class_id, day):
        row = by_id.get(rec.student_id)
        if row is not None:
            row.marks[rec.session] = rec.status
            row.reason = row.reason or rec.reason or ""
    return RollCall(
        access,
        day,
        sessions_of(access.cls),
        rows,
        school_days.why_not(day),
        notice(access, day),
    )


def _parse(rc: RollCall, entries: dict) -> dict[int, tuple[dict[str, str], str]]:
    """{student id: ({session: status}, reason)} from the form's raw values."""
    errors: dict[int, str] = {}
    out = {}
    for row in rc.rows:
        sid = row.student.id
        marks_in, reason_in = entries.get(sid, ({}, ""))
        marks = {s: (marks_in.get(s) or "").strip().upper() for s in rc.sessions}
        marks = {s: v for s, v in marks.items() if v}
        reason = clean_text(reason_in) or ""
        row.marks, row.reason = marks, reason
        if any(v not in STATUSES for v in marks.values()):
            errors[sid] = "Chỉ chọn có mặt, P (có phép) hoặc K (không phép)."
        elif len(reason) > REASON_LENGTH:
            errors[sid] = f"Lý do tối đa {REASON_LENGTH} ký tự."
        out[sid] = (marks, reason if marks else "")
    if errors:
        raise RollCallErrors(errors)
    return out


def save_roll_call(actor: User, rc: RollCall, entries: dict) -> int:
    """Write the day's absences of the class; returns how many pupils are absent.

    `entries`: {student id: ({session: "" | "P" | "K"}, reason)}. Raises
    PermissionDenied, ValidationFailed (no school day), RollCallErrors (nothing
    written), PeriodLocked (the month is locked: here, and by the guard).
    """
    school_data.require_write(actor, rc.access.school, FIELD)
    if not rc.access.writable:
        raise PermissionDenied()
    if rc.why_not:
        raise ValidationFailed(rc.why_not, "day")
    wanted = _parse(rc, entries)
    refusal = notice(rc.access, rc.day)
    if refusal is not None:
        raise refusal
    have = {(r.student_id, r.session): r for r in records(rc.cls.id, rc.day)}
    for sid, (marks, reason) in wanted.items():
        for session in rc.sessions:
            _put(rc, sid, session, marks.get(session), reason or None, have)
    for (sid, _session), rec in have.items():
        if sid in wanted:  # a session the class no longer has
            db.session.delete(rec)
    db.session.flush()
    return sum(1 for marks, _ in wanted.values() if marks)


def _put(rc: RollCall, sid: int, session: str, status, reason, have: dict) -> None:
    rec = have.pop((sid, session), None)
    if status is None:
        if rec is not None:
            db.session.delete(rec)
        return
    if rec is None:
        db.session.add(
            AttendanceRecord(
                school_id=rc.access.school.id,
                class_id=rc.cls.id,
                student_id=sid,
                day=rc.day,
                session=session,
                status=status,
                reason=reason,
            )
        )
    elif (rec.status, rec.reason) != (status, reason):
        rec.status, rec.reason = status, reason
