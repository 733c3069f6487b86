"""Field rules of a staff record, one function per rule, each raising ValidationFailed
next to its field. The full save (services/staff) and the inline check of one field
(the form's hx-post to /staff/validate) run the same functions.
"""

import re
from datetime import date

from sqlalchemy import select

from smasweb import clock, codelists
from smasweb.extensions import db
from smasweb.models import StaffMember, Unit, User
from smasweb.services import policy, staff_rules
from smasweb.services.errors import ValidationFailed

REQUIRED = "Bắt buộc nhập."
MOBILE_RE = re.compile(r"^0[35789]\d{8}$")
LANDLINE_RE = re.compile(r"^02\d{9}$")
EMAIL_RE = re.compile(r"^[^@\s]+@[^@\s]+\.[A-Za-z]{2,}$")
CODE_RE = re.compile(r"^[A-Za-z0-9._\-]{1,30}$")
MIN_AGE, MAX_AGE = 18, 70
# Positions tied to one staff group; every other position belongs to employees (02).
POSITION_GROUPS = {
    "01": "01",
    "02": "01",
    "05": "01",
    "06": "01",
    "03": "03",
    "04": "03",
    "35": "03",
}
GROUP_NAMES = {"01": "cán bộ quản lý", "02": "nhân viên", "03": "giáo viên"}


def required(value, field: str):
    if value in (None, "") or (isinstance(value, str) and not value.strip()):
        raise ValidationFailed(REQUIRED, field)
    return value.strip() if isinstance(value, str) else value


def code(name: str, value: str | None, field: str, *, required_: bool = False):
    """A code of the code list `name`, or None when empty and allowed."""
    value = (value or "").strip() or None
    if value is None:
        if required_:
            raise ValidationFailed(REQUIRED, field)
        return None
    if value not in codelists.labels(name):
        raise ValidationFailed("Giá trị không có trong danh mục.", field)
    return value


def past_date(value: date | None, field: str) -> date | None:
    if value is not None and value > clock.today():
        raise ValidationFailed("Ngày này ở tương lai, hãy kiểm tra lại.", field)
    return value


def birth_date(value: date | None, field: str = "birth_date") -> date:
    required(value, field)
    age = staff_rules.age_on(value, clock.today())
    if not MIN_AGE <= age <= MAX_AGE:
        raise ValidationFailed(
            f"Tuổi tính đến hôm nay là {age}: cán bộ phải từ {MIN_AGE} đến "
            f"{MAX_AGE} tuổi. Hãy kiểm tra ngày sinh.",
            field,
        )
    return value


def party_date(joined: date | None, birth: date | None) -> date | None:
    past_date(joined, "party_joined_on")
    if joined and birth and staff_rules.age_on(birth, joined) < 18:
        raise ValidationFailed(
            "Ngày vào Đảng phải sau ngày đủ 18 tuổi.", "party_joined_on"
        )
    return joined


def phone(value: str | None, field: str = "phone") -> str | None:
    digits = re.sub(r"[\s.\-]", "", value or "")
    if not digits:
        return None
    if not (MOBILE_RE.match(digits) or LANDLINE_RE.match(digits)):
        raise ValidationFailed(
            "Số điện thoại không hợp lệ: di động 10 số bắt đầu bằng 03, 05, 07, 08, "
            "09 (ví dụ 0912345678) hoặc số cố định 11 số bắt đầu bằng 02.",
            field,
        )
    return digits


def email(value: str | None, field: str = "email") -> str | None:
    value = (value or "").strip()
    if not value:
        return None
    if len(value) > 120 or not EMAIL_RE.match(value):
        raise ValidationFailed("Địa chỉ thư điện tử không hợp lệ.", field)
    return value.lower()


def staff_code(
    school: Unit, value: str | None, staff: StaffMember | None
) -> str | None:
    """The school's own staff code: None (a code is generated), or unique in the school."""
    value = (value or "").strip().upper()
    if not value:
        return None
    if not CODE_RE.match(value):
        raise ValidationFailed(
            "Mã cán bộ chỉ gồm chữ không dấu, chữ số, dấu chấm, gạch (tối đa 30 ký tự).",
            "code",
        )
    stmt = select(StaffMember.id).where(
        StaffMember.school_id == school.id, StaffMember.code == value
    )
    other = db.session.scalar(stmt)
    if other is not None and (staff is None or other != staff.id):
        raise ValidationFailed("Mã cán bộ này đã có trong trường.", "code")
    return value


def personal_id(
    actor: User,
    value: str | None,
    gender: str | None,
    birth: date | None,
    staff: StaffMember | None,
) -> str | None:
    """A valid 12-digit personal ID that no other staff record holds."""
    value = re.sub(r"\s", "", value or "")
    if not value:
        return None
    problem = staff_rules.check_personal_id(value, gender, birth)
    if problem:
        raise ValidationFailed(problem, "personal_id")
    stmt = select(StaffMember.id, StaffMember.school_id).where(
        StaffMember.personal_id == value
    )
    clash = db.session.execute(stmt).first()
    if clash is not None and (staff is None or clash.id != staff.id):
        school = db.session.get(Unit, clash.school_id)
        if policy.can(actor, "data.read", unit=school, field="staff"):
            message = f"Số định danh này đã có trong hồ sơ của trường {school.name}."
        else:
            message = "Số định danh này đã có trong hồ sơ cán bộ của một trường khác."
        raise ValidationFailed(message, "personal_id")
    return value


def position_group(group: str, position: str) -> None:
    expected = POSITION_GROUPS.get(position, "02")
    if group != expected:
        raise ValidationFailed(
            f"Chức vụ {codelists.label('staff_positions', position)} thuộc nhóm "
            f"{GROUP_NAMES[expected]}; hãy chọn lại nhóm hoặc chức vụ.",
            "position",
        )


def override(value: str | None, reason: str | None) -> tuple[str | None, str | None]:
    value = code("training_standards", value, "standard_override")
    reason = " ".join((reason or "").split()) or None
    if value and not reason:
        raise ValidationFailed(
            "Hãy ghi lý do ghi đè chuẩn đào tạo.", "standard_override_reason"
        )
    return value, (reason if value else None)
