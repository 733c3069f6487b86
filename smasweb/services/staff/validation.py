"""Field rules of a staff record, one function per rule, each raising ValidationFailed
next to its field; the checks every domain shares are in services/checks. The full
save (record_data.clean) and the inline check of one field (the form's hx-post to
/staff/validate) run the same functions.
"""

import re
from datetime import date

from sqlalchemy import select

from smasweb import codelists
from smasweb.extensions import db
from smasweb.models import StaffMember, Unit, User
from smasweb.services import checks, policy
from smasweb.services import personal_id as pid
from smasweb.services.errors import ValidationFailed

CODE_RE = re.compile(r"^[A-Za-z0-9._\-]{1,30}$")
AGES = (18, 70)
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


def birth_date(value: date | None, field: str = "birth_date") -> date:
    return checks.birth_date(value, field, ages=AGES, who="cán bộ")


def party_date(joined: date | None, birth: date | None) -> date | None:
    checks.past_date(joined, "party_joined_on")
    if joined and birth and checks.age_on(birth, joined) < 18:
        raise ValidationFailed(
            "Ngày vào Đảng phải sau ngày đủ 18 tuổi.", "party_joined_on"
        )
    return joined


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
    value = pid.check(value, gender, birth)
    if value is None:
        return None
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
    value = checks.code("training_standards", value, "standard_override")
    reason = " ".join((reason or "").split()) or None
    if value and not reason:
        raise ValidationFailed(
            "Hãy ghi lý do ghi đè chuẩn đào tạo.", "standard_override_reason"
        )
    return value, (reason if value else None)
