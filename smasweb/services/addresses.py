"""An address's administrative units checked against the province's list
(codelists/admin_units): the district must be in the province, the commune in the
district. A commune chosen without its district brings the district along; a commune
directly under the province (the two-level shape of the 2025 reform) needs none.
Pupils' records (form and import) and school profiles call `check`.
"""

from smasweb.codelists import admin_units as units
from smasweb.services.errors import ValidationFailed

UNKNOWN_DISTRICT = "Quận, huyện này không có trong danh mục đơn vị hành chính."
UNKNOWN_COMMUNE = "Xã, phường này không có trong danh mục đơn vị hành chính."
DISTRICT_NOT_IN_PROVINCE = "Quận, huyện này không thuộc tỉnh đã chọn."
COMMUNE_NOT_IN_DISTRICT = (
    "Xã, phường này không thuộc huyện đã chọn; hãy chọn lại xã hoặc huyện."
)
COMMUNE_NOT_IN_PROVINCE = "Xã, phường này không thuộc tỉnh đã chọn."


def check(
    province: str | None,
    district: str | None,
    commune: str | None,
    fields: tuple[str, str, str],
) -> tuple[str | None, str | None, str | None]:
    """(province, district, commune) to store. Raises ValidationFailed next to the
    field (`fields` names the three form fields) that does not fit."""
    province = (province or "").strip() or None
    district = (district or "").strip() or None
    commune = (commune or "").strip() or None
    if district is not None:
        found = units.unit(district)
        if found is None or len(found.code) != 3:
            raise ValidationFailed(UNKNOWN_DISTRICT, fields[1])
        if province not in (None, found.parent_code):
            raise ValidationFailed(DISTRICT_NOT_IN_PROVINCE, fields[1])
        province = found.parent_code
    if commune is None:
        return province, district, None
    found = units.unit(commune)
    if found is None or not units.is_commune(found):
        raise ValidationFailed(UNKNOWN_COMMUNE, fields[2])
    if district is not None:
        if found.parent_code != district:
            raise ValidationFailed(COMMUNE_NOT_IN_DISTRICT, fields[2])
        return province, district, commune
    parent = units.unit(found.parent_code)
    if parent is not None and len(parent.code) == 3:  # under a district
        district, top = parent.code, parent.parent_code
    else:  # directly under the province
        top = found.parent_code
    if province not in (None, top):
        raise ValidationFailed(COMMUNE_NOT_IN_PROVINCE, fields[2])
    return top, district, commune
