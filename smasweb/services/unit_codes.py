"""The shape of a unit's code (Mã đơn vị), by kind and parent.

- Sở (department): SGD + province code, e.g. SGD86.
- Phòng thuộc Sở (division): SGD86- + letters, e.g. SGD86-TCCB.
- Phòng GD&ĐT (district): PGD + the district's administrative code, e.g. PGD857.
- Commune office (after the 2025 reform): XA + the commune's code, e.g. XA29599.
- School: 86 + the district's code + a 3-digit number, e.g. 86857001; a school under
  the Department uses 000 for the district (86000001); one under a commune office
  any 3 digits.
Codes already stored are not re-checked unless they change.
"""

import re

from smasweb.codelists import admin_units
from smasweb.models import Unit
from smasweb.services.errors import ValidationFailed

PROVINCE = "86"
ANY_DISTRICT = r"\d{3}"
HINT = (
    "Trường: 86 + mã huyện (3 số) + số thứ tự (3 số), ví dụ 86857001 (trường trực "
    "thuộc Sở: 86000…); Phòng GD&ĐT: PGD + mã huyện, ví dụ PGD857; phòng thuộc Sở: "
    "SGD86-CHỮ, ví dụ SGD86-TCCB; xã, phường: XA + mã xã (5 số)."
)


def _district_of(parent: Unit | None) -> str | None:
    """The 3 digits a school under `parent` carries after 86 (None: any)."""
    if parent is None or parent.kind == "department":
        return "000"
    if parent.kind == "district":
        return parent.admin_code or parent.code.removeprefix("PGD")
    return None


def expected(kind: str, parent: Unit | None) -> str:
    """The pattern a new unit's code should follow, in words, with an example."""
    if kind == "school":
        district = _district_of(parent)
        if district is None:
            return f"{PROVINCE} + 3 số + số thứ tự 3 số, ví dụ {PROVINCE}857001"
        return f"{PROVINCE}{district} + số thứ tự 3 số, ví dụ {PROVINCE}{district}001"
    return {
        "department": f"SGD + mã tỉnh, ví dụ SGD{PROVINCE}",
        "division": f"SGD{PROVINCE}- + chữ viết tắt không dấu, ví dụ SGD{PROVINCE}-TCCB",
        "district": "PGD + mã huyện (3 số, theo danh mục hành chính), ví dụ PGD857",
        "commune": "XA + mã xã (5 số), ví dụ XA29599",
    }.get(kind, "")


def _fits(kind: str, code: str, parent: Unit | None) -> bool:
    if kind == "school":
        district = _district_of(parent) or ANY_DISTRICT
        return bool(re.fullmatch(PROVINCE + district + r"\d{3}", code))
    if kind == "department":
        return bool(re.fullmatch(r"SGD\d{2}", code))
    if kind == "division":
        return bool(re.fullmatch(rf"SGD{PROVINCE}-[A-Z]{{2,12}}", code))
    if kind == "district":
        found = admin_units.unit(code.removeprefix("PGD"))
        return code.startswith("PGD") and found is not None and len(found.code) == 3
    if kind == "commune":
        return bool(re.fullmatch(r"XA\d{5}", code))
    return True


def check(kind: str, code: str, parent: Unit | None) -> str:
    """The code, upper-cased, if it has the shape of its kind. Raises
    ValidationFailed next to "code" with the expected pattern."""
    code = (code or "").strip().upper()
    if not _fits(kind, code, parent):
        raise ValidationFailed(
            f"Mã đơn vị chưa đúng dạng: {expected(kind, parent)}.", "code"
        )
    return code
