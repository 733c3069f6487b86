"""Field checks of the schools domain: a school's address against the province's
administrative units. The checks every domain shares are in services/checks."""

from smasweb.codelists import admin_units
from smasweb.services import addresses
from smasweb.services.errors import ValidationFailed

PROVINCE_CODE = "86"
FIELDS = ("province_code", "district_code", "commune_code")


def address(province: str | None, district: str | None, commune: str | None):
    """(province, district, commune) checked against the province's admin units
    (services/addresses: the commune in the district, or directly in the province)."""
    province = (province or "").strip() or None
    if province not in (None, PROVINCE_CODE):
        raise ValidationFailed("Chỉ nhận mã tỉnh Vĩnh Long (86).", "province_code")
    return addresses.check(province, district, commune, FIELDS)


def district_of(commune: str | None) -> str | None:
    """The district code a commune code hangs under (None when unknown)."""
    for unit in admin_units.admin_units():
        if unit.code == commune and len(unit.code) == 5:
            return unit.parent_code
    return None
