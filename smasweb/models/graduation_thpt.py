"""THPT graduation: the national exam's results of a school's candidates, as the
results file gives them (one row per candidate and school year). The graduation
score and the pass are computed from these and the school's year results
(services/graduation/thpt.py), never stored.

Written by the exam results import in the graduation_thpt window (05–10/08,
locked 15/08): field "graduation" (the KT-KĐ division's), audited.
"""

from datetime import date
from decimal import Decimal

from sqlalchemy import Date, ForeignKey, Numeric, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from smasweb.models.base import Base, SchoolOwned, TimestampMixin

# exam subject code → column label (services/graduation/thpt_score.SUBJECTS)
SCORE_COLUMNS = (
    "toan",
    "ngu_van",
    "ngoai_ngu",
    "vat_li",
    "hoa_hoc",
    "sinh_hoc",
    "lich_su",
    "dia_li",
    "gdcd",
    "gdktpl",
    "tin_hoc",
    "cong_nghe",
)


def _score() -> Mapped[Decimal | None]:
    return mapped_column(Numeric(4, 2))


class ExamResult(SchoolOwned, TimestampMixin, Base):
    """Kết quả thi tốt nghiệp THPT of one candidate (a grade-12 or GDTX lớp 12
    pupil of the school): registration number, the scores of the subjects taken
    (None: not taken), điểm khuyến khích and điểm ưu tiên."""

    __tablename__ = "graduation_exam_results"
    __table_args__ = (UniqueConstraint("student_id", "year"),)
    __field__ = "graduation"
    __calendar_field__ = "graduation_thpt"
    __label__ = "Kết quả thi tốt nghiệp THPT"
    __labels__ = {
        "student_id": "Học sinh",
        "registration_no": "Số báo danh",
        "personal_id": "Số định danh cá nhân",
        "full_name": "Họ và tên",
        "birth_date": "Ngày sinh",
        "toan": "Toán",
        "ngu_van": "Ngữ văn",
        "ngoai_ngu": "Ngoại ngữ",
        "vat_li": "Vật lí",
        "hoa_hoc": "Hóa học",
        "sinh_hoc": "Sinh học",
        "lich_su": "Lịch sử",
        "dia_li": "Địa lí",
        "gdcd": "Giáo dục công dân",
        "gdktpl": "Giáo dục kinh tế và pháp luật",
        "tin_hoc": "Tin học",
        "cong_nghe": "Công nghệ",
        "bonus": "Điểm khuyến khích",
        "priority": "Điểm ưu tiên",
    }

    id: Mapped[int] = mapped_column(primary_key=True)
    year: Mapped[int] = mapped_column(ForeignKey("school_years.year"), index=True)
    student_id: Mapped[int] = mapped_column(
        ForeignKey("students.id", ondelete="CASCADE"), index=True
    )
    registration_no: Mapped[str] = mapped_column(String(12))
    personal_id: Mapped[str | None] = mapped_column(String(12))
    full_name: Mapped[str] = mapped_column(String(120))
    birth_date: Mapped[date | None] = mapped_column(Date)
    toan: Mapped[Decimal | None] = _score()
    ngu_van: Mapped[Decimal | None] = _score()
    ngoai_ngu: Mapped[Decimal | None] = _score()
    vat_li: Mapped[Decimal | None] = _score()
    hoa_hoc: Mapped[Decimal | None] = _score()
    sinh_hoc: Mapped[Decimal | None] = _score()
    lich_su: Mapped[Decimal | None] = _score()
    dia_li: Mapped[Decimal | None] = _score()
    gdcd: Mapped[Decimal | None] = _score()
    gdktpl: Mapped[Decimal | None] = _score()
    tin_hoc: Mapped[Decimal | None] = _score()
    cong_nghe: Mapped[Decimal | None] = _score()
    bonus: Mapped[Decimal] = mapped_column(Numeric(4, 2), default=Decimal(0))
    priority: Mapped[Decimal] = mapped_column(Numeric(4, 2), default=Decimal(0))

    def scores(self) -> dict[str, Decimal | None]:
        return {c: getattr(self, c) for c in SCORE_COLUMNS}
