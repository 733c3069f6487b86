"""Builders for test data: make_<noun>(**overrides) adds, flushes and returns."""

import itertools
from datetime import date
from types import SimpleNamespace

from smasweb.codelists import levels_of
from smasweb.extensions import db
from smasweb.models import Unit, UnitLink, User
from smasweb.services import years as school_years
from smasweb.services.accounts import auth

PASSWORD = "Matkhau2019"
TREE_FROM = date(2019, 8, 1)
_seq = itertools.count(1)


def reset() -> None:
    global _seq
    _seq = itertools.count(1)


def open_calendar() -> None:
    """The Department reopens this year's periods for everyone, for good.

    Tests of forms and imports write school data (and movements) on any day; the
    calendar's own tests (marked real_calendar) see the plain default windows instead.
    """
    from smasweb import clock
    from smasweb.services.calendar import rules as calendar_rules

    year = school_years.period_year(clock.today())
    for period in calendar_rules.ensure_year(year):
        first_month = period.kind == "monthly" and period.month == 9  # movements…
        # semester I: conduct and results (grades,results)
        # graduation: the THCS council's list and decision; the THPT exam results
        # (August, months ahead of any test day)
        opened = ("after_opening", "semester_1", "graduation_thcs", "graduation_thpt")
        if period.kind in opened or first_month:
            period.reopened_until = date(year + 50, 1, 1)
    db.session.commit()


def unlock_past_years(admin: User, school: Unit, fields: str) -> None:
    """The Department's direct unlock of `fields` for a week: the school may then
    write into closed school years too (setting up last year's data)."""
    from datetime import timedelta

    from smasweb import clock
    from smasweb.services.calendar import unlocks

    unlocks.grant_direct(
        admin, school, fields.split(","), clock.today() + timedelta(days=7)
    )
    db.session.commit()


def make_unit(
    kind: str,
    parent: Unit | None = None,
    *,
    name: str | None = None,
    code: str | None = None,
    level_group: str | None = None,
    since: date = TREE_FROM,
    **extra,
) -> Unit:
    n = next(_seq)
    name = name or f"Đơn vị {kind} {n}"
    unit = Unit(
        kind=kind,
        parent=parent,
        code=code or f"U{n:05d}",
        name=name,
        **Unit.search_keys(name),
        opened_on=since,
        **extra,
    )
    if kind == "school":
        unit.level_group = level_group or "06"
        unit.levels = ",".join(levels_of(unit.level_group))
        unit.ownership = "01"
    db.session.add(unit)
    if parent is not None:
        db.session.add(UnitLink(unit=unit, parent=parent, valid_from=since))
    db.session.flush()
    return unit


def make_user(
    role: str,
    unit: Unit,
    *,
    username: str | None = None,
    full_name: str | None = None,
    password: str = PASSWORD,
    must_change: bool = False,
    **extra,
) -> User:
    n = next(_seq)
    full_name = full_name or f"Nguyễn Văn Người{n}"
    username = username or f"{role}{n}"
    user = User(
        username=username,
        full_name=full_name,
        role=role,
        unit=unit,
        **User.search_keys(full_name, username),
        **extra,
    )
    if role == "division" and "fields" not in extra:
        user.fields = unit.fields
    auth.set_password(user, password, must_change=must_change)
    db.session.add(user)
    db.session.flush()
    return user


def make_world() -> SimpleNamespace:
    """Two districts with schools each, a Department-level THPT, and a user per role."""
    w = SimpleNamespace()
    w.dept = make_unit(
        "department", name="Sở Giáo dục và Đào tạo Vĩnh Long", code="SGD86"
    )
    w.office = make_unit("division", w.dept, name="Văn phòng Sở", code="SGD86-VP")
    w.tccb = make_unit(
        "division",
        w.dept,
        name="Phòng Tổ chức – Cán bộ",
        code="SGD86-TCCB",
        fields="staff",
    )
    w.mnth = make_unit(
        "division",
        w.dept,
        name="Phòng Giáo dục Mầm non – Tiểu học",
        code="SGD86-MNTH",
        fields="schools,classes,students",
        levels="01,02",
    )
    w.d1 = make_unit(
        "district",
        w.dept,
        name="Phòng Giáo dục và Đào tạo huyện Long Hồ",
        code="PGD857",
        admin_code="857",
    )
    w.d2 = make_unit(
        "district",
        w.dept,
        name="Phòng Giáo dục và Đào tạo huyện Trà Ôn",
        code="PGD862",
        admin_code="862",
    )
    w.s1 = make_unit("school", w.d1, name="Trường Tiểu học Long Phước", code="86857001")
    w.s1b = make_unit(
        "school", w.d1, name="Trường THCS Long Phước", code="86857002", level_group="07"
    )
    w.s2 = make_unit("school", w.d2, name="Trường Tiểu học Trà Côn", code="86862001")
    w.thpt = make_unit(
        "school", w.dept, name="Trường THPT Trà Ôn", code="86000001", level_group="08"
    )
    w.admin = make_user("admin", w.office, username="admin", full_name="Quản Trị Viên")
    w.division = make_user("division", w.tccb, username="tccb", full_name="Lê Thị Hạnh")
    w.division_mnth = make_user("division", w.mnth, username="mnth")
    w.district = make_user(
        "district", w.d1, username="pgd857", full_name="Trần Văn Bình"
    )
    w.district2 = make_user("district", w.d2, username="pgd862")
    w.leader = make_user(
        "school_leader",
        w.s1,
        username="bgh1",
        full_name="Phạm Thị Lan",
        phone="0912345678",
        email="lan@example.vn",
    )
    w.clerk = make_user(
        "school_clerk", w.s1, username="cb1", full_name="Võ Văn An", phone="0987654321"
    )
    w.teacher = make_user("teacher", w.s1, username="gv1", full_name="Đỗ Thị Ánh")
    w.leader2 = make_user("school_leader", w.s2, username="bgh2")
    w.clerk2 = make_user("school_clerk", w.s2, username="cb2", phone="0911111111")
    w.leader_thpt = make_user("school_leader", w.thpt, username="bghthpt")
    db.session.commit()
    return w


def make_staff(school: Unit, **overrides):
    """A teacher of `school` (override any column); flushed."""
    from smasweb.models import StaffMember

    n = next(_seq)
    full_name = overrides.pop("full_name", f"Nguyễn Thị Giáo{n}")
    values = dict(
        school_id=school.id,
        code=f"GV{n:04d}",
        full_name=full_name,
        gender="02",
        birth_date=date(1985, 5, 20),
        group="03",
        position="35",
        teaching_level=(school.level_codes or ("02",))[0],
        contract="07",
        qualification="16",
        training_standard="01",
        status="01",
    )
    values.update(overrides)
    staff = StaffMember(**values, **StaffMember.search_keys(full_name, values["code"]))
    db.session.add(staff)
    db.session.flush()
    return staff


def make_student(school: Unit, cls=None, **overrides):
    """A pupil of `school` (enrolled in class `cls` if given); flushed."""
    from smasweb.models import Enrollment, Student, SupportGrant

    n = next(_seq)
    full_name = overrides.pop("full_name", f"Trần Văn Học{n}")
    # supports="03,05": open grants from the class's school year start (or birth)
    supports = overrides.pop("supports", None)
    supports_from = overrides.pop("supports_from", None)
    values = dict(
        school_id=school.id,
        school_code=f"HS{n:05d}",
        full_name=full_name,
        gender="01",
        birth_date=date(2018, 3, 4),
        status="01",
        active=True,
    )
    values.update(overrides)
    student = Student(**values, **Student.search_keys(full_name, values["school_code"]))
    db.session.add(student)
    db.session.flush()
    if cls is not None:
        db.session.add(
            Enrollment(
                school_id=school.id,
                student_id=student.id,
                year=cls.year,
                class_id=cls.id,
            )
        )
        db.session.flush()
    for code in (supports or "").split(","):
        if code:
            start = supports_from or (
                date(cls.year, 9, 5) if cls is not None else student.birth_date
            )
            db.session.add(
                SupportGrant(
                    school_id=school.id,
                    student_id=student.id,
                    code=code,
                    starts_on=start,
                )
            )
    db.session.flush()
    return student
