"""A term of roll calls (điểm danh) for the demo's classes: every school day from the
start of teaching up to today.

Realistic and sparse: most pupils are present; a pupil misses a day now and then
(mostly with permission, for illness), a few chronic absentees miss one day in
three, mostly without permission. Holidays of the year are stored first (the
Department edits them). Deterministic (fixed seed); ORM bulk inserts in batches.
"""

from datetime import date
from random import Random

from sqlalchemy import insert, or_, select

from smasweb import clock
from smasweb.extensions import db
from smasweb.models import ClassGroup, Enrollment, Student, User
from smasweb.models.attendance import AttendanceRecord, ClassTeacher
from smasweb.services import policy
from smasweb.services import years as school_years
from smasweb.services.attendance import risk_limit
from smasweb.services.attendance.roll_call import sessions_of
from smasweb.services.calendar import school_days

BATCH = 5000
REASONS = ("Ốm", "Sốt", "Đi khám bệnh", "Việc gia đình", "Đám giỗ", None)


def term_school_days(today: date) -> list[date]:
    """The school days of the current year's teaching up to `today`."""
    first, last = school_days.teaching_dates(school_years.current_year(today))
    return school_days.between(first, min(last, today))


def give_classes(year: int) -> None:
    """Each demo teacher with a staff record is given one more class of the school
    (the leader's "Giao lớp"), so the teacher's list shows both kinds."""
    teachers = db.session.execute(
        select(User.staff_id, User.unit_id).where(
            policy.own_class_accounts(), User.staff_id.is_not(None)
        )
    ).all()
    for staff_id, school_id in teachers:
        other = db.session.scalar(
            select(ClassGroup.id)
            .where(
                ClassGroup.school_id == school_id,
                ClassGroup.year == year,
                or_(
                    ClassGroup.homeroom_staff_id.is_(None),
                    ClassGroup.homeroom_staff_id != staff_id,
                ),
            )
            .order_by(ClassGroup.grade, ClassGroup.name)
            .limit(1)
        )
        if other is not None:
            db.session.add(
                ClassTeacher(school_id=school_id, class_id=other, staff_id=staff_id)
            )
    db.session.flush()


def load_attendance() -> int:
    """Roll calls of the current year's classes on every school day of the term so
    far, the Department's risk threshold and the teachers' given classes; how many
    absences were written."""
    year = school_years.current_year()
    school_days.ensure_holidays(year)
    risk_limit.store_default()
    give_classes(year)
    on = term_school_days(clock.today())
    rng = Random(16)  # noqa: S311 - seeded: the demo is the same on every load
    stmt = (
        select(Student.id, Student.school_id, ClassGroup)
        .join(Enrollment, Enrollment.student_id == Student.id)
        .join(ClassGroup, ClassGroup.id == Enrollment.class_id)
        .where(ClassGroup.year == year, Student.active.is_(True))
        .order_by(Student.id)
    )
    rows: list[dict] = []
    total = 0
    for student_id, school_id, cls in db.session.execute(stmt):
        chronic = rng.random() < 0.02
        for day in on:
            if rng.random() >= (0.33 if chronic else 0.025):
                continue
            status = "K" if rng.random() < (0.7 if chronic else 0.25) else "P"
            reason = rng.choice(REASONS) if status == "P" else None
            sessions = sessions_of(cls)
            if len(sessions) > 1 and rng.random() < 0.3:  # half a day
                sessions = (rng.choice(sessions),)
            rows += [
                {
                    "school_id": school_id,
                    "class_id": cls.id,
                    "student_id": student_id,
                    "day": day,
                    "session": s,
                    "status": status,
                    "reason": reason,
                }
                for s in sessions
            ]
        if len(rows) >= BATCH:
            total += _flush(rows)
    return total + _flush(rows)


def _flush(rows: list[dict]) -> int:
    if rows:
        db.session.execute(insert(AttendanceRecord), rows)
    n = len(rows)
    rows.clear()
    return n
