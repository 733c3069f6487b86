"""Rooms, teaching equipment and preschool toys of a school."""

from decimal import Decimal

from sqlalchemy import Boolean, ForeignKey, Integer, Numeric, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from smasweb.models.base import Base, SchoolOwned, TimestampMixin
from smasweb.models.schools import Campus


class Room(SchoolOwned, TimestampMixin, Base):
    """A group of identical rooms (quantity ≥ 1) of one kind and construction."""

    __tablename__ = "rooms"
    __field__ = "facilities"
    __label__ = "Phòng"
    __labels__ = {  # audited columns, in the order the history lists them
        "kind": "Loại phòng",
        "construction": "Kết cấu",
        "borrowed": "Phòng nhờ, mượn",
        "campus_id": "Điểm trường",
        "name": "Tên phòng",
        "quantity": "Số phòng",
        "area_m2": "Diện tích mỗi phòng (m²)",
        "condition": "Tình trạng",
    }

    id: Mapped[int] = mapped_column(primary_key=True)
    campus_id: Mapped[int | None] = mapped_column(ForeignKey("campuses.id"))
    kind: Mapped[str] = mapped_column(String(20))  # code list room_kinds
    construction: Mapped[str] = mapped_column(String(12))  # kiên cố / bán kiên cố / tạm
    borrowed: Mapped[bool] = mapped_column(Boolean, default=False)  # nhờ, mượn
    name: Mapped[str | None] = mapped_column(String(120))
    quantity: Mapped[int] = mapped_column(Integer, default=1)
    area_m2: Mapped[Decimal | None] = mapped_column(Numeric(10, 2))  # each
    condition: Mapped[str | None] = mapped_column(String(10))

    campus: Mapped[Campus | None] = relationship()


class EquipmentItem(SchoolOwned, TimestampMixin, Base):
    """Teaching equipment (by grade) or preschool toys and materials (by age group)."""

    __tablename__ = "equipment_items"
    __field__ = "facilities"
    __label__ = "Thiết bị, đồ dùng, đồ chơi"
    __labels__ = {  # audited columns, in the order the history lists them
        "code": "Thiết bị, đồ dùng, đồ chơi",
        "grade": "Khối",
        "age_group": "Nhóm tuổi",
        "quantity": "Số lượng",
        "condition": "Tình trạng",
        "campus_id": "Điểm trường",
        "kind": "Loại (thiết bị / đồ dùng, đồ chơi)",
    }

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(10))  # equipment | toy
    code: Mapped[str] = mapped_column(String(20))  # code list equipment_items
    grade: Mapped[str | None] = mapped_column(String(2))
    age_group: Mapped[str | None] = mapped_column(String(2))
    quantity: Mapped[int] = mapped_column(Integer, default=0)
    condition: Mapped[str | None] = mapped_column(String(10))
    campus_id: Mapped[int | None] = mapped_column(ForeignKey("campuses.id"))

    campus: Mapped[Campus | None] = relationship()
