"""Field rules of a pupil's record, one function per rule, each raising ValidationFailed
next to its field; the checks every domain shares are in services/checks. The full
save (record_data.clean) and the inline check of one field (POST
/students/validate) run the same functions.

One pupil, one active record: a personal ID or Ministry code active in another school
is refused here with a message that points to the transfer in; the partial unique
indexes of the students table are the last line of defence.
"""

import re
from datetime import date

from sqlalchemy import select

from smasweb import clock
from smasweb.extensions import db
from smasweb.models import Student, Unit, User
from smasweb.services import checks, policy
from smasweb.services import personal_id as pid
from smasweb.services.errors import ValidationFailed

AGES = (2, 25)
MINISTRY_RE = re.compile(r"^\d{10}$")
SCHOOL_CODE_RE = re.compile(r"^[A-Za-z0-9._\-]{1,20}$")
ACTIVE_ELSEWHERE = (
    "Học sinh có số định danh này đang học tại trường khác; hãy nhận học sinh chuyển "
    "đến thay vì tạo mới."
)
CODE_ACTIVE_ELSEWHERE = (
    "Học sinh có mã Bộ này đang học tại trường khác; hãy nhận học sinh chuyển đến "
    "thay vì tạo mới."
)


def birth_date(value: date | None, field: str = "birth_date") -> date:
    return checks.birth_date(value, field, ages=AGES, who="học sinh")


def _active_clash(column, value: str, student: Student | None) -> Student | None:
    stmt = select(Student).where(column == value, Student.active.is_(True))
    if student is not None and student.id is not None:
        stmt = stmt.where(Student.id != student.id)
    return db.session.scalars(stmt.limit(1)).first()


def _one_active(
    actor: User, school: Unit, clash: Student | None, message: str, field: str
) -> None:
    if clash is None:
        return
    if clash.school_id == school.id:
        raise ValidationFailed(
            "Một học sinh khác của trường đang dùng giá trị này.", field
        )
    other = db.session.get(Unit, clash.school_id)
    if policy.can(actor, "data.read", unit=other, field="students"):
        message = f"{message} (trường {other.name})"
    raise ValidationFailed(message, field)


def personal_id(
    actor: User,
    school: Unit,
    value: str | None,
    gender: str | None,
    birth: date | None,
    student: Student | None,
) -> str | None:
    """A valid 12-digit personal ID not active in another record."""
    value = pid.check(value, gender, birth)
    if value is None:
        return None
    if student is None or student.active:
        clash = _active_clash(Student.personal_id, value, student)
        _one_active(actor, school, clash, ACTIVE_ELSEWHERE, "personal_id")
    return value


def ministry_code(
    actor: User, school: Unit, value: str | None, student: Student | None
) -> str | None:
    """The Ministry's 10-digit pupil code (may be empty until issued)."""
    value = re.sub(r"\s", "", value or "")
    if not value:
        return None
    if not MINISTRY_RE.match(value):
        raise ValidationFailed(
            "Mã học sinh của Bộ gồm đúng 10 chữ số.", "ministry_code"
        )
    if student is None or student.active:
        clash = _active_clash(Student.ministry_code, value, student)
        _one_active(actor, school, clash, CODE_ACTIVE_ELSEWHERE, "ministry_code")
    return value


def school_code(school: Unit, value: str | None, student: Student | None) -> str | None:
    """The school's own pupil code: None (one is generated) or unique in the school."""
    value = (value or "").strip().upper()
    if not value:
        return None
    if not SCHOOL_CODE_RE.match(value):
        raise ValidationFailed(
            "Mã học sinh của trường chỉ gồm chữ không dấu, chữ số, dấu chấm, gạch "
            "(tối đa 20 ký tự).",
            "school_code",
        )
    stmt = select(Student.id).where(
        Student.school_id == school.id, Student.school_code == value
    )
    other = db.session.scalar(stmt)
    if other is not None and (student is None or other != student.id):
        raise ValidationFailed("Mã học sinh này đã có trong trường.", "school_code")
    return value


def birth_year(value: int | None, field: str) -> int | None:
    if value is not None and not 1920 <= value <= clock.today().year - 12:
        raise ValidationFailed("Năm sinh không hợp lệ.", field)
    return value


def measure(value, low, high, field: str):
    if value is not None and not low <= value <= high:
        raise ValidationFailed(f"Giá trị từ {low} đến {high}.", field)
    return value
