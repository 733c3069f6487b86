"""Dated quality records of a school: kiểm định chất lượng giáo dục (cấp độ 1–4)
and công nhận đạt chuẩn quốc gia (mức độ 1–2), each a decision with its number, day,
issuing body and expiry (TT 17, 18, 19/2018/TT-BGDĐT: valid 5 years)."""

from datetime import date

from sqlalchemy import Date, Integer, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from smasweb.models.base import Base, SchoolOwned, TimestampMixin
from smasweb.models.units import Unit

QUALITY = "kiem_dinh"  # kiểm định chất lượng giáo dục
STANDARD = "chuan_qg"  # công nhận đạt chuẩn quốc gia
KINDS = {
    QUALITY: "Kiểm định chất lượng giáo dục",
    STANDARD: "Công nhận đạt chuẩn quốc gia",
}
LEVELS = {  # kind → {level: label}
    QUALITY: {n: f"Cấp độ {n}" for n in (1, 2, 3, 4)},
    STANDARD: {n: f"Mức độ {n}" for n in (1, 2)},
}


class Accreditation(SchoolOwned, TimestampMixin, Base):
    """One decision recognising a school's quality level, valid from the decision
    day up to (not including) its expiry day."""

    __tablename__ = "accreditations"
    __field__ = "schools"
    __calendar_field__ = "profile"
    __label__ = "Kiểm định chất lượng, chuẩn quốc gia"
    __labels__ = {  # audited columns, in the order the history lists them
        "kind": "Loại công nhận",
        "level": "Cấp độ, mức độ",
        "decision_number": "Số quyết định",
        "decided_on": "Ngày quyết định",
        "issued_by": "Cơ quan ban hành",
        "expires_on": "Ngày hết hiệu lực",
    }

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(10))
    level: Mapped[int] = mapped_column(Integer)
    decision_number: Mapped[str] = mapped_column(String(50))
    decided_on: Mapped[date] = mapped_column(Date)
    issued_by: Mapped[str | None] = mapped_column(String(200))
    expires_on: Mapped[date] = mapped_column(Date, index=True)

    school: Mapped[Unit] = relationship()

    @property
    def kind_label(self) -> str:
        return KINDS.get(self.kind, self.kind)

    @property
    def level_label(self) -> str:
        return LEVELS.get(self.kind, {}).get(self.level, str(self.level))

    def valid_on(self, day: date) -> bool:
        return self.decided_on <= day < self.expires_on
