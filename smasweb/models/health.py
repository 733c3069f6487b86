"""Preschool health checks (cân đo): a child's weight and height on a dated check."""

from datetime import date
from decimal import Decimal

from sqlalchemy import (
    Date,
    ForeignKey,
    Index,
    Integer,
    Numeric,
    String,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from smasweb.models.base import Base, SchoolOwned, TimestampMixin

# Kinds of check: at least one at the start and one at the end of the school year.
CHECK_KINDS = {"01": "Đầu năm học", "02": "Cuối năm học", "03": "Định kỳ khác"}


class HealthCheck(SchoolOwned, TimestampMixin, Base):
    """One child measured on one day. The WHO 2006 z-scores are computed when the
    row is written (services/health/growth.py) and stored, so counts are plain SQL;
    a z-score is None where the standard does not cover the child (over 60 months,
    or a height outside the weight-for-height table)."""

    __tablename__ = "health_checks"
    __table_args__ = (
        UniqueConstraint("student_id", "checked_on"),
        Index("ix_health_checks_school_checked_on", "school_id", "checked_on"),
    )
    __field__ = "health"
    __year_column__ = "checked_on"  # a check belongs to the school year of its day
    __label__ = "Cân đo sức khỏe trẻ"
    __labels__ = {  # audited columns, in the order the history lists them
        "student_id": "Trẻ",
        "checked_on": "Ngày cân đo",
        "kind": "Đợt cân đo",
        "weight_kg": "Cân nặng (kg)",
        "height_cm": "Chiều cao (cm)",
        "age_months": "Tháng tuổi",
        "waz": "Z-score cân nặng theo tuổi",
        "haz": "Z-score chiều cao theo tuổi",
        "whz": "Z-score cân nặng theo chiều cao",
        "class_id": "Lớp",
    }

    id: Mapped[int] = mapped_column(primary_key=True)
    student_id: Mapped[int] = mapped_column(
        ForeignKey("students.id", ondelete="CASCADE"), index=True
    )
    class_id: Mapped[int | None] = mapped_column(ForeignKey("class_groups.id"))
    checked_on: Mapped[date] = mapped_column(Date)
    kind: Mapped[str] = mapped_column(String(2))  # CHECK_KINDS
    weight_kg: Mapped[Decimal] = mapped_column(Numeric(5, 2))
    height_cm: Mapped[Decimal] = mapped_column(Numeric(5, 1))
    age_months: Mapped[int] = mapped_column(Integer)  # completed months on the day
    waz: Mapped[Decimal | None] = mapped_column(Numeric(5, 2))
    haz: Mapped[Decimal | None] = mapped_column(Numeric(5, 2))
    whz: Mapped[Decimal | None] = mapped_column(Numeric(5, 2))
