"""The organisation tree: Department, divisions, middle tier (districts or communes), schools."""

from datetime import date

from sqlalchemy import Date, ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from smasweb.codelists import FIELDS, LEVEL_GROUPS, LEVELS, OWNERSHIPS
from smasweb.models.base import Base, TimestampMixin
from smasweb.text import collation_key, fold

KIND_LABELS = {
    "department": "Sở Giáo dục và Đào tạo",
    "division": "Phòng chuyên môn thuộc Sở",
    "district": "Phòng Giáo dục và Đào tạo",
    "commune": "Xã, phường",
    "school": "Trường, cơ sở giáo dục",
}

# Which kinds of unit may hang under which (the middle tier is data, not code).
ALLOWED_PARENTS = {
    "department": (),
    "division": ("department",),
    "district": ("department",),
    "commune": ("department", "district"),
    "school": ("department", "district", "commune"),
}


def split_codes(value: str | None) -> tuple[str, ...]:
    return tuple(code for code in (value or "").split(",") if code)


class Unit(TimestampMixin, Base):
    __tablename__ = "units"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(20), unique=True)
    name: Mapped[str] = mapped_column(String(255))
    name_folded: Mapped[str] = mapped_column(String(255), index=True)
    sort_key: Mapped[str] = mapped_column(String(250))
    kind: Mapped[str] = mapped_column(String(20), index=True)
    # Current parent; the dated history lives in unit_links.
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("units.id"), index=True)
    admin_code: Mapped[str | None] = mapped_column(String(10))  # GSO code
    level_group: Mapped[str | None] = mapped_column(String(2))  # nhóm cấp học
    # Comma-separated cấp học codes: derived for schools, chosen for divisions.
    levels: Mapped[str | None] = mapped_column(String(20))
    ownership: Mapped[str | None] = mapped_column(String(2))
    fields: Mapped[str | None] = mapped_column(String(200))  # divisions' lĩnh vực
    commune_code: Mapped[str | None] = mapped_column(String(10))
    # who signs the unit's reports (a school's principal comes from its yearly profile)
    head_name: Mapped[str | None] = mapped_column(String(120))
    opened_on: Mapped[date | None] = mapped_column(Date)
    closed_on: Mapped[date | None] = mapped_column(Date)

    parent: Mapped["Unit | None"] = relationship(remote_side=[id])

    @staticmethod
    def search_keys(name: str) -> dict[str, str]:
        """The derived columns that search and Vietnamese order use."""
        return {"name_folded": fold(name), "sort_key": collation_key(name)}

    @property
    def kind_label(self) -> str:
        return KIND_LABELS[self.kind]

    @property
    def is_school(self) -> bool:
        return self.kind == "school"

    @property
    def is_closed(self) -> bool:
        return self.closed_on is not None

    @property
    def level_codes(self) -> tuple[str, ...]:
        return split_codes(self.levels)

    @property
    def field_codes(self) -> tuple[str, ...]:
        return split_codes(self.fields)

    @property
    def level_group_label(self) -> str:
        return LEVEL_GROUPS.get(self.level_group or "", ("", ()))[0]

    @property
    def ownership_label(self) -> str:
        return OWNERSHIPS.get(self.ownership or "", "")

    @property
    def level_labels(self) -> list[str]:
        return [LEVELS[c] for c in self.level_codes if c in LEVELS]

    @property
    def field_labels(self) -> list[str]:
        return [FIELDS[c] for c in self.field_codes if c in FIELDS]

    def __repr__(self) -> str:
        return f"<Unit {self.code} {self.kind}>"


class UnitLink(Base):
    """One dated parent link: the unit hung under parent from valid_from until valid_to."""

    __tablename__ = "unit_links"
    __table_args__ = (Index("ix_unit_links_parent_dates", "parent_id", "valid_from"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id"), index=True)
    parent_id: Mapped[int] = mapped_column(ForeignKey("units.id"))
    valid_from: Mapped[date] = mapped_column(Date)
    valid_to: Mapped[date | None] = mapped_column(Date)  # exclusive

    unit: Mapped[Unit] = relationship(foreign_keys=[unit_id])
    parent: Mapped[Unit] = relationship(foreign_keys=[parent_id])
