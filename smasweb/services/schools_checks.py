"""Field checks shared by the schools services: code lists, address codes, phones."""

import re
from decimal import Decimal

from smasweb import codelists
from smasweb.codelists import admin_units
from smasweb.services.errors import ValidationFailed

PROVINCE_CODE = "86"
PHONE_RE = re.compile(r"^0\d{9,10}$")
PHONE_ERROR = "Số điện thoại gồm 10 hoặc 11 chữ số, bắt đầu bằng 0 (ví dụ 0912345678, 02703823456)."


def code(name: str, value: str | None, field: str, *, required: bool = False):
    """A code of the code list `name`, or None when empty and not required."""
    value = (value or "").strip() or None
    if value is None:
        if required:
            raise ValidationFailed("Bắt buộc nhập.", field)
        return None
    if value not in codelists.labels(name):
        raise ValidationFailed("Giá trị không có trong danh mục.", field)
    return value


def phone(value: str | None, field: str) -> str | None:
    """A Vietnamese phone number without spaces, dots or dashes."""
    digits = re.sub(r"[\s.\-]", "", value or "")
    if not digits:
        return None
    if not PHONE_RE.match(digits):
        raise ValidationFailed(PHONE_ERROR, field)
    return digits


def not_negative(value: Decimal | int | None, field: str, below: int = 10**9):
    """A value from 0 up to `below` (what its column holds: 10⁹ fits an INTEGER
    and a NUMERIC(12, 2)); a larger one is a 422, not a database overflow."""
    if value is not None and value < 0:
        raise ValidationFailed("Giá trị không được âm.", field)
    if value is not None and value >= below:
        raise ValidationFailed("Giá trị quá lớn, hãy kiểm tra lại.", field)
    return value


def text(value: str | None) -> str | None:
    value = " ".join((value or "").split())
    return value or None


def address(province: str | None, district: str | None, commune: str | None):
    """(province, district, commune) checked against the province's admin units."""
    province = (province or "").strip() or None
    district = (district or "").strip() or None
    commune = (commune or "").strip() or None
    if province not in (None, PROVINCE_CODE):
        raise ValidationFailed("Chỉ nhận mã tỉnh Vĩnh Long (86).", "province_code")
    if district is not None:
        if district not in {u.code for u in admin_units.districts()}:
            raise ValidationFailed("Mã huyện không có trong danh mục.", "district_code")
        province = PROVINCE_CODE
    if commune is not None:
        if district is None:
            raise ValidationFailed("Hãy chọn huyện trước khi chọn xã.", "district_code")
        if commune not in {u.code for u in admin_units.communes_of(district)}:
            raise ValidationFailed(
                "Xã, phường này không thuộc huyện đã chọn.", "commune_code"
            )
    return province, district, commune


def district_of(commune: str | None) -> str | None:
    """The district code a commune code hangs under (None when unknown)."""
    for unit in admin_units.admin_units():
        if unit.code == commune and len(unit.code) == 5:
            return unit.parent_code
    return None
