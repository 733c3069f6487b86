"""Administrative units of the province (GSO codes: province 2, district 3, commune 5 digits)."""

import csv
from dataclasses import dataclass
from functools import cache
from importlib import resources


@dataclass(frozen=True)
class AdminUnit:
    code: str
    parent_code: str
    kind: str  # Tỉnh, Thành phố, Thị xã, Huyện, Phường, Thị trấn, Xã
    name: str

    @property
    def short_name(self) -> str:
        """ "Xã Tân Ngãi" → "Tân Ngãi"; "Phường 9" stays (a bare number is no name)."""
        for prefix in ("Xã ", "Thị trấn ", "Huyện ", "Thị xã ", "Thành phố "):
            if self.name.startswith(prefix):
                return self.name[len(prefix) :]
        return self.name


@cache
def admin_units() -> tuple[AdminUnit, ...]:
    text = (
        resources.files("smasweb.data")
        .joinpath("admin_units_86.csv")
        .read_text("utf-8")
    )
    return tuple(AdminUnit(**row) for row in csv.DictReader(text.splitlines()))


def districts() -> list[AdminUnit]:
    return [u for u in admin_units() if len(u.code) == 3]


def communes_of(district_code: str) -> list[AdminUnit]:
    return [u for u in admin_units() if u.parent_code == district_code]


def unit(code: str | None) -> AdminUnit | None:
    """The unit of a code, or None."""
    return next((u for u in admin_units() if u.code == code), None) if code else None


def districts_of(province: str | None) -> list[AdminUnit]:
    """The districts of a province (every district when no province is given)."""
    return [u for u in districts() if province in (None, "", u.parent_code)]


def is_commune(item: AdminUnit) -> bool:
    """A commune-level unit (5-digit code), under a district or, in the two-level
    shape of the 2025 reform, directly under the province."""
    return len(item.code) == 5


def commune_groups(province: str | None) -> list[tuple[str, list[AdminUnit]]]:
    """The province's communes grouped by district (every province's when none is
    given); communes directly under the province come last, as one group."""
    groups = [(d.name, communes_of(d.code)) for d in districts_of(province)]
    provinces = {u.code: u.name for u in admin_units() if len(u.code) == 2}
    direct: list[AdminUnit] = [
        u
        for u in admin_units()
        if is_commune(u)
        and u.parent_code in provinces
        and province in (None, "", u.parent_code)
    ]
    if direct:
        groups.append(("Trực thuộc tỉnh", direct))
    return [(name, units) for name, units in groups if units]
