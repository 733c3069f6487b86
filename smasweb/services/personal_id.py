"""The 12-digit personal ID (số định danh cá nhân) of staff and pupils alike: what a
valid one looks like. Whether another record already holds it is the domain's rule
(services/staff_checks, services/students_checks).
"""

import re
from datetime import date

from smasweb.codelists import labels
from smasweb.services.errors import ValidationFailed

FIELD = "personal_id"


def problem(pid: str, gender: str | None, birth: date | None) -> str | None:
    """Why a 12-digit personal ID is wrong, or None.

    Province of birth registration (3 digits: 0 + GSO code), century/gender digit
    (1900s: 0 male, 1 female; 2000s: 2, 3 …), two digits of the birth year, 6 more.
    """
    if len(pid) != 12 or not pid.isdigit():
        return "Số định danh cá nhân phải gồm đúng 12 chữ số."
    if pid[0] != "0" or pid[1:3] not in labels("provinces"):
        return f"Ba số đầu ({pid[:3]}) không phải mã tỉnh nơi đăng ký khai sinh."
    if birth is not None:
        digit = (birth.year // 100 - 19) * 2 + (1 if gender == "02" else 0)
        if gender in ("01", "02") and pid[3] != str(digit):
            who = "nữ" if gender == "02" else "nam"
            return (
                f"Chữ số thứ 4 ({pid[3]}) không khớp: {who} sinh năm {birth.year} "
                f"phải là {digit}."
            )
        if pid[4:6] != f"{birth.year % 100:02d}":
            return (
                f"Chữ số thứ 5–6 ({pid[4:6]}) phải là hai số cuối của năm sinh "
                f"({birth.year % 100:02d})."
            )
    return None


def check(value: str | None, gender: str | None, birth: date | None) -> str | None:
    """The ID without spaces, or None when empty; a wrong one is refused."""
    value = re.sub(r"\s", "", value or "")
    if not value:
        return None
    why = problem(value, gender, birth)
    if why:
        raise ValidationFailed(why, FIELD)
    return value
