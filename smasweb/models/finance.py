"""State budget lines of a school per school year, in đồng."""

from sqlalchemy import BigInteger, ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from smasweb.models.base import Base, SchoolOwned, TimestampMixin


class BudgetLine(SchoolOwned, TimestampMixin, Base):
    __tablename__ = "budget_lines"
    # Officers' lists total one year over many schools.
    __table_args__ = (Index("ix_budget_lines_year_school", "year", "school_id"),)
    __field__ = "budget"
    __label__ = "Dòng ngân sách"
    __labels__ = {  # audited columns, in the order the history lists them
        "category": "Loại ngân sách",
        "description": "Nội dung",
        "planned": "Kế hoạch (đồng)",
        "executed": "Thực hiện (đồng)",
        "note": "Ghi chú",
    }

    id: Mapped[int] = mapped_column(primary_key=True)
    year: Mapped[int] = mapped_column(ForeignKey("school_years.year"), index=True)
    category: Mapped[str] = mapped_column(String(2))  # code list budget_categories
    description: Mapped[str] = mapped_column(String(255))
    planned: Mapped[int] = mapped_column(BigInteger, default=0)
    executed: Mapped[int] = mapped_column(BigInteger, default=0)
    note: Mapped[str | None] = mapped_column(String(255))
