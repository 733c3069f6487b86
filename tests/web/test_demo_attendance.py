"""The demo has a term of sparse roll calls: the teacher's homeroom class shows
them on its page, and its chronic absentees are at risk."""

from sqlalchemy import distinct, func, select

from smasweb import clock
from smasweb.demo.attendance import term_school_days
from smasweb.extensions import db
from smasweb.models import ClassGroup, Enrollment, User
from smasweb.models.attendance import AttendanceRecord
from smasweb.services.calendar import school_days


def test_the_demo_has_sparse_roll_calls_on_school_days_only(demo_db):
    days = list(db.session.scalars(select(AttendanceRecord.day).distinct()))
    term = term_school_days(clock.today())
    assert sorted(days) == term and len(term) > 40  # 05/09 to today
    assert all(school_days.is_school_day(d) for d in days)
    pupils = db.session.scalar(
        select(func.count(Enrollment.id))
        .join(ClassGroup, ClassGroup.id == Enrollment.class_id)
        .where(ClassGroup.year == 2026)
    )
    absent = db.session.scalar(
        select(func.count(distinct(AttendanceRecord.student_id)))
    )
    pupil_days = db.session.scalar(
        select(func.count()).select_from(
            select(AttendanceRecord.student_id, AttendanceRecord.day)
            .distinct()
            .subquery()
        )
    )
    assert 0 < absent < pupils and pupil_days / (pupils * len(term)) < 0.06
    statuses = db.session.scalars(select(AttendanceRecord.status).distinct())
    assert set(statuses) == {"P", "K"}


def test_a_demo_teacher_opens_the_homeroom_roll_call(demo_db):
    teacher = db.session.scalars(
        select(User).where(User.role == "teacher", User.staff_id.is_not(None))
    ).first()
    cls = db.session.scalars(
        select(ClassGroup).where(ClassGroup.homeroom_staff_id == teacher.staff_id)
    ).first()
    day = db.session.scalar(
        select(func.max(AttendanceRecord.day)).where(
            AttendanceRecord.class_id == cls.id
        )
    )
    client = demo_db.test_client()
    client.post("/login", data={"username": teacher.username, "password": "Demo2019x"})
    listing = client.get("/attendance/")
    assert cls.name in listing.text
    page = client.get(f"/attendance/{cls.id}/{day.isoformat()}")
    assert page.status_code == 200
    assert 'value="P" checked' in page.text or 'value="K" checked' in page.text
