"""Field checks of the schools domain: a school's address against the province's
administrative units. The checks every domain shares are in services/checks."""

from smasweb.codelists import admin_units
from smasweb.services.errors import ValidationFailed

PROVINCE_CODE = "86"


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
