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
