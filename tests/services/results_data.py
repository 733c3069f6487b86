"""A lớp 6 and a lớp 3 of school year 2026 with hand-made pupils, for the class
results tests (services and pages): marks, conduct, absences and primary
evaluations are written through the models, as the system (no window needed)."""

from datetime import date, datetime, timedelta
from decimal import Decimal

import time_machine

from smasweb import clock
from smasweb.extensions import db
from smasweb.models import ClassGroup
from smasweb.models.assessment import (
    ConductResult,
    Mark,
    PrimaryEvaluation,
    TeachingAssignment,
)
from smasweb.models.attendance import AttendanceRecord
from smasweb.services.assessment import curriculum, qualities, tt22
from smasweb.services.calendar import rules as calendar_rules
from smasweb.services.system import system_override
from tests.factories import make_staff, make_student, make_user

YEAR = 2026
SETUP = datetime(2026, 9, 3, 9, tzinfo=clock.VN_TZ)  # the classes' entry window
OUTSIDE = datetime(2026, 11, 10, 9, tzinfo=clock.VN_TZ)  # no results window
SEMESTER_ONE = datetime(2026, 12, 27, 9, tzinfo=clock.VN_TZ)  # 25–30/12
YEAR_END = datetime(2027, 5, 27, 9, tzinfo=clock.VN_TZ)  # 25–30/05
MARK_DAYS = {1: date(2026, 10, 5), 2: date(2027, 3, 5)}
GRADE_6 = curriculum.subjects("06")


def at(moment):
    return time_machine.travel(moment, tick=False)


def make_class(school, name, grade, homeroom=None) -> ClassGroup:
    calendar_rules.ensure_year(YEAR)
    cls = ClassGroup(
        school_id=school.id,
        year=YEAR,
        grade=grade,
        name=name,
        homeroom_staff_id=homeroom.id if homeroom else None,
    )
    db.session.add(cls)
    db.session.flush()
    return cls


def add_marks(cls, pupil, scores: dict, verdicts: dict | None = None) -> None:
    """Every mark of a subject in a semester at one value: scores {code: (s1, s2)}
    (ĐTBmhk is then that value), comment subjects Đạt unless `verdicts` says
    {code: (v1, v2)}; a subject not named in `scores` gets 7.0."""
    for subject in GRADE_6:
        n = tt22.regular_count(subject.periods, subject.comment_only)
        for sem in (1, 2):
            if subject.comment_only:
                value = (verdicts or {}).get(subject.code, ("D", "D"))[sem - 1]
            else:
                value = Decimal(str(scores.get(subject.code, (7.0, 7.0))[sem - 1]))
            kinds = [("tx", p) for p in range(1, n + 1)] + [("gk", 1), ("ck", 1)]
            for kind, pos in kinds:
                add_mark(cls, pupil, subject.code, sem, kind, value, pos)


def delete_marks(*where) -> None:
    with system_override("test: marks taken back"):
        db.session.execute(Mark.__table__.delete().where(*where))


def add_mark(cls, pupil, code, sem, kind, value, pos=1) -> Mark:
    with system_override("test: a year of marks"):
        mark = Mark(
            school_id=cls.school_id, year=YEAR, student_id=pupil.id,
            class_id=cls.id, subject_code=code, semester=sem, kind=kind,
            position=pos, day=MARK_DAYS[sem],
            score=value if isinstance(value, Decimal) else None,
            verdict=value if isinstance(value, str) else None,
        )  # fmt: skip
        db.session.add(mark)
        db.session.flush()
    return mark


def set_conduct(cls, pupil, *levels: str) -> None:
    """Conduct of semesters 1, 2 (and 3, after summer training)."""
    with system_override("test: conduct"):
        for sem, level in enumerate(levels, 1):
            db.session.add(
                ConductResult(
                    school_id=cls.school_id, year=YEAR, student_id=pupil.id,
                    class_id=cls.id, semester=sem, level=level,
                )
            )  # fmt: skip
        db.session.flush()


def add_absences(cls, pupil, n: int, first=date(2026, 9, 7)) -> None:
    """`n` absent sessions (one a day: the class studies one session)."""
    with system_override("test: absences"):
        for i in range(n):
            db.session.add(
                AttendanceRecord(
                    school_id=cls.school_id, class_id=cls.id, student_id=pupil.id,
                    day=first + timedelta(days=i), session="ca_ngay", status="K",
                )
            )  # fmt: skip
        db.session.flush()


def secondary_class(world):
    """Lớp 6A of the THCS (world.s1b; its leader world.leader_b, homeroom teacher
    world.teacher_b; world.colleague_b teaches 6B), with five pupils:
    - An: Giỏi (every scored subject 8.5, conduct Tốt);
    - Bình: Ngữ văn 4.0, Toán 3.0 (learning Chưa đạt): re-tests both;
    - Cường: conduct Chưa đạt in semester II: summer training;
    - Dũng: 46 absences: repeats;
    - Em: no marks yet."""
    world.leader_b = make_user("school_leader", world.s1b, username="bghb")
    world.clerk_b = make_user("school_clerk", world.s1b, username="cbb")
    world.teacher_b = make_user("teacher", world.s1b, username="gvb")
    world.colleague_b = make_user("teacher", world.s1b, username="gvb2")
    staff = make_staff(world.s1b, full_name="Đỗ Thị Ánh")
    world.teacher_b.staff_id = staff.id
    cls = make_class(world.s1b, "6A", "06", staff)
    names = ("Nguyễn Văn An", "Trần Thị Bình", "Lê Văn Cường", "Phạm Văn Dũng",
             "Võ Thị Em")  # fmt: skip
    cls.p = {n.split()[-1]: make_student(world.s1b, cls, full_name=n) for n in names}
    good = {s.code: (8.5, 8.5) for s in GRADE_6}
    add_marks(cls, cls.p["An"], good)
    set_conduct(cls, cls.p["An"], "T", "T")
    add_marks(cls, cls.p["Bình"], {"toan": (3.0, 3.0), "ngu_van": (4.0, 4.0)})
    set_conduct(cls, cls.p["Bình"], "K", "K")
    add_marks(cls, cls.p["Cường"], {})
    set_conduct(cls, cls.p["Cường"], "K", "CD")
    add_marks(cls, cls.p["Dũng"], {})
    set_conduct(cls, cls.p["Dũng"], "K", "K")
    add_absences(cls, cls.p["Dũng"], 46)
    colleague = make_staff(world.s1b)
    world.colleague_b.staff_id = colleague.id
    world.other_class = make_class(world.s1b, "6B", "06", colleague)
    return cls


def primary_class(world):
    """Lớp 3A of the primary school world.s1, homeroom teacher world.teacher:
    Hoa completes the year with excellence, Khoa has Toán Chưa hoàn thành."""
    staff = make_staff(world.s1, full_name="Huỳnh Thị Mai")
    world.teacher.staff_id = staff.id
    cls = make_class(world.s1, "3A", "03", staff)
    cls.p = {
        n.split()[-1]: make_student(world.s1, cls, full_name=n)
        for n in ("Lê Thị Hoa", "Trần Văn Khoa")
    }
    evaluate(cls, cls.p["Hoa"], {})
    evaluate(cls, cls.p["Khoa"], {"toan": "C"})
    return cls


def evaluate(cls, pupil, levels: dict, score=9, trait="T") -> None:
    """End-of-year evaluations: every subject Hoàn thành tốt unless `levels` says
    otherwise, test scores `score`, every quality and competence `trait`."""
    with system_override("test: primary evaluations"):
        for s in curriculum.subjects(cls.grade):
            test = score if s.has_test("ck2") else None
            _evaluation(cls, pupil, s.code, levels.get(s.code, "T"), test)
        for code in qualities.ITEMS:
            _evaluation(cls, pupil, code, trait, None)
        db.session.flush()


def _evaluation(cls, pupil, item, level, test) -> None:
    db.session.add(
        PrimaryEvaluation(
            school_id=cls.school_id, year=YEAR, student_id=pupil.id,
            class_id=cls.id, item=item, term="ck2", level=level,
            test_score=test, day=date(2027, 5, 20),
        )
    )  # fmt: skip


def assign(cls, staff, code="toan", semester=1) -> None:
    with system_override("test: teaching assignment"):
        db.session.add(
            TeachingAssignment(
                school_id=cls.school_id, year=YEAR, class_id=cls.id,
                subject_code=code, semester=semester, staff_id=staff.id,
            )
        )  # fmt: skip
        db.session.flush()
