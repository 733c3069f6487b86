"""Assessment (đánh giá học sinh): what a class studies and who teaches it, the marks
and comments by the circulars, conduct, and the stored results of a term.

Subjects are codes of the curriculum file (data/curriculum/ctgdpt2018.csv, read by
services/assessment/curriculum.py), not rows: the 2018 curriculum is the same in
every school. A mark and a primary evaluation are dated facts (`__dated_by__`): the
month's lock covers them as it covers attendance, and a semester's lock freezes
the days it counts (services/calendar/dated.py). Conduct and results are set in the
semester and year windows of the "results" calendar field.
"""

from datetime import date
from decimal import Decimal

from sqlalchemy import (
    Date,
    ForeignKey,
    Index,
    Numeric,
    SmallInteger,
    String,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from smasweb.models.base import Base, SchoolOwned, TimestampMixin

SUBJECT_CODE_LENGTH = 24
COMMENT_LENGTH = 300

# TT 22/2021: regular (thường xuyên), mid-term (giữa kỳ), end-of-term (cuối kỳ), and
# the re-test after the year (kiểm tra lại, Art. 14)
MARK_KINDS = {
    "tx": "ĐĐGtx",
    "gk": "ĐĐGgk",
    "ck": "ĐĐGck",
    "kl": "Kiểm tra lại",
}
VERDICTS = {"D": "Đạt", "CD": "Chưa đạt"}  # comment-only subjects
# TT 27/2020: the four moments of a primary school year
PRIMARY_TERMS = {
    "gk1": "Giữa học kỳ I",
    "ck1": "Cuối học kỳ I",
    "gk2": "Giữa học kỳ II",
    "ck2": "Cuối năm học",
}
CLASS_SUBJECT_KINDS = {"elective": "Môn lựa chọn", "topic": "Cụm chuyên đề học tập"}
# StudentResult.term: a semester, the year, and the year after re-test or summer
RESULT_TERMS = {
    "hk1": "Học kỳ I",
    "hk2": "Học kỳ II",
    "cn": "Cả năm",
    "sau": "Sau KTL/RLH",
}
CONDUCT_TERMS = {1: "Học kỳ I", 2: "Học kỳ II", 3: "Sau rèn luyện hè"}


class ClassSubject(SchoolOwned, TimestampMixin, Base):
    """An elective subject or a topic cluster an upper-secondary class studies
    (the compulsory subjects come from the curriculum)."""

    __tablename__ = "class_subjects"
    __table_args__ = (UniqueConstraint("class_id", "subject_code", "kind"),)
    __field__ = "classes"
    __label__ = "Môn lựa chọn, chuyên đề của lớp"
    __labels__ = {
        "class_id": "Lớp",
        "subject_code": "Môn học",
        "kind": "Loại (môn lựa chọn, cụm chuyên đề)",
    }

    id: Mapped[int] = mapped_column(primary_key=True)
    class_id: Mapped[int] = mapped_column(
        ForeignKey("class_groups.id", ondelete="CASCADE")
    )
    subject_code: Mapped[str] = mapped_column(String(SUBJECT_CODE_LENGTH))
    kind: Mapped[str] = mapped_column(String(8))  # CLASS_SUBJECT_KINDS


class TeachingAssignment(SchoolOwned, TimestampMixin, Base):
    """Phân công giảng dạy: who teaches a subject in a class in a semester; it
    decides who may write that subject's marks."""

    __tablename__ = "teaching_assignments"
    __table_args__ = (UniqueConstraint("class_id", "subject_code", "semester"),)
    __field__ = "classes"
    __label__ = "Phân công giảng dạy"
    __labels__ = {
        "class_id": "Lớp",
        "subject_code": "Môn học",
        "semester": "Học kỳ",
        "staff_id": "Giáo viên",
    }

    id: Mapped[int] = mapped_column(primary_key=True)
    year: Mapped[int] = mapped_column(ForeignKey("school_years.year"), index=True)
    class_id: Mapped[int] = mapped_column(
        ForeignKey("class_groups.id", ondelete="CASCADE")
    )
    subject_code: Mapped[str] = mapped_column(String(SUBJECT_CODE_LENGTH))
    semester: Mapped[int] = mapped_column(SmallInteger)  # 1 or 2
    staff_id: Mapped[int] = mapped_column(ForeignKey("staff_members.id"), index=True)


PROGRESS_COLUMNS = ["subject_code", "class_id", "student_id"]


class Mark(SchoolOwned, TimestampMixin, Base):
    """One assessment of a secondary pupil in a subject (TT 22/2021): a score 0–10
    with one decimal, or Đạt / Chưa đạt for a comment-only subject."""

    __tablename__ = "marks"
    __table_args__ = (
        UniqueConstraint(
            "student_id", "year", "subject_code", "semester", "kind", "position"
        ),
        Index("ix_marks_class_subject", "class_id", "subject_code", "semester"),
        # The monthly report's Tiến độ nhập điểm counts a scope's regular marks up
        # to the data date from this index alone on PostgreSQL (a district reads
        # its schools' ranges, not the province's marks: 1.0 → 0.3 s)
        Index(
            "ix_marks_progress",
            "school_id",
            "year",
            "semester",
            "kind",
            "day",
            postgresql_include=PROGRESS_COLUMNS,
        ),
    )
    __field__ = "grades"
    __dated_by__ = "day"
    __label__ = "Điểm"
    __labels__ = {
        "student_id": "Học sinh",
        "class_id": "Lớp",
        "subject_code": "Môn học",
        "semester": "Học kỳ",
        "kind": "Loại đánh giá",
        "position": "Lần",
        "score": "Điểm",
        "verdict": "Nhận xét (Đ/CĐ)",
        "day": "Ngày đánh giá",
    }

    id: Mapped[int] = mapped_column(primary_key=True)
    year: Mapped[int] = mapped_column(ForeignKey("school_years.year"))
    student_id: Mapped[int] = mapped_column(
        ForeignKey("students.id", ondelete="CASCADE"), index=True
    )
    class_id: Mapped[int] = mapped_column(ForeignKey("class_groups.id"))
    subject_code: Mapped[str] = mapped_column(String(SUBJECT_CODE_LENGTH))
    semester: Mapped[int] = mapped_column(SmallInteger)  # 1 or 2
    kind: Mapped[str] = mapped_column(String(2))  # MARK_KINDS
    position: Mapped[int] = mapped_column(SmallInteger, default=1)  # 1… for tx
    score: Mapped[Decimal | None] = mapped_column(Numeric(3, 1))
    verdict: Mapped[str | None] = mapped_column(String(2))  # VERDICTS
    day: Mapped[date] = mapped_column(Date)


class PrimaryEvaluation(SchoolOwned, TimestampMixin, Base):
    """A primary pupil's evaluation at one moment of the year (TT 27/2020): a
    subject's level (T/H/C) with a comment and the periodic test score, or a
    quality's or competence's level (T/Đ/C); `item` is the subject or the
    quality/competence code."""

    __tablename__ = "primary_evaluations"
    __table_args__ = (
        UniqueConstraint("student_id", "year", "item", "term"),
        Index("ix_primary_evaluations_class_term", "class_id", "term"),
    )
    __field__ = "grades"
    __dated_by__ = "day"
    __label__ = "Đánh giá tiểu học"
    __labels__ = {
        "student_id": "Học sinh",
        "class_id": "Lớp",
        "item": "Môn học, phẩm chất, năng lực",
        "term": "Thời điểm",
        "level": "Mức đạt",
        "test_score": "Điểm kiểm tra định kỳ",
        "comment": "Nhận xét",
        "day": "Ngày đánh giá",
    }

    id: Mapped[int] = mapped_column(primary_key=True)
    year: Mapped[int] = mapped_column(ForeignKey("school_years.year"))
    student_id: Mapped[int] = mapped_column(
        ForeignKey("students.id", ondelete="CASCADE"), index=True
    )
    class_id: Mapped[int] = mapped_column(ForeignKey("class_groups.id"))
    item: Mapped[str] = mapped_column(String(SUBJECT_CODE_LENGTH))
    term: Mapped[str] = mapped_column(String(3))  # PRIMARY_TERMS
    level: Mapped[str | None] = mapped_column(String(1))
    test_score: Mapped[int | None] = mapped_column(SmallInteger)
    comment: Mapped[str | None] = mapped_column(String(COMMENT_LENGTH))
    day: Mapped[date] = mapped_column(Date)


class ConductResult(SchoolOwned, TimestampMixin, Base):
    """Kết quả rèn luyện of a secondary pupil in a semester (TT 22/2021 Art. 8),
    set by the homeroom teacher; semester 3 is the re-assessment after summer
    training (Art. 13). The year's result is computed, not stored."""

    __tablename__ = "conduct_results"
    __table_args__ = (UniqueConstraint("student_id", "year", "semester"),)
    __field__ = "grades"
    __calendar_field__ = "results"
    __label__ = "Kết quả rèn luyện"
    __labels__ = {
        "student_id": "Học sinh",
        "class_id": "Lớp",
        "semester": "Học kỳ",
        "level": "Mức (T/K/Đ/CĐ)",
        "comment": "Nhận xét",
    }

    id: Mapped[int] = mapped_column(primary_key=True)
    year: Mapped[int] = mapped_column(ForeignKey("school_years.year"))
    student_id: Mapped[int] = mapped_column(
        ForeignKey("students.id", ondelete="CASCADE"), index=True
    )
    class_id: Mapped[int] = mapped_column(ForeignKey("class_groups.id"), index=True)
    semester: Mapped[int] = mapped_column(SmallInteger)  # CONDUCT_TERMS
    level: Mapped[str] = mapped_column(String(2))
    comment: Mapped[str | None] = mapped_column(String(COMMENT_LENGTH))


class StudentResult(SchoolOwned, TimestampMixin, Base):
    """A pupil's result of a term as decided at its lock: learning result, conduct,
    absences, the year's decision (lên lớp, kiểm tra lại, rèn luyện hè, ở lại lớp;
    primary: hoàn thành chương trình) and award. Computed by the results engine
    (services/assessment) and stored so that reports and next year's classes read
    the decision the school confirmed."""

    __tablename__ = "student_results"
    __table_args__ = (
        UniqueConstraint("student_id", "year", "term"),
        Index("ix_student_results_class_term", "class_id", "term"),
    )
    __field__ = "grades"
    __calendar_field__ = "results"
    __label__ = "Kết quả học kỳ, năm học"
    __labels__ = {
        "student_id": "Học sinh",
        "class_id": "Lớp",
        "term": "Kỳ",
        "learning": "Kết quả học tập",
        "conduct": "Kết quả rèn luyện",
        "absences": "Số buổi nghỉ",
        "decision": "Quyết định cuối năm",
        "award": "Danh hiệu",
        "decided_on": "Ngày xét",
    }

    id: Mapped[int] = mapped_column(primary_key=True)
    year: Mapped[int] = mapped_column(ForeignKey("school_years.year"))
    student_id: Mapped[int] = mapped_column(
        ForeignKey("students.id", ondelete="CASCADE"), index=True
    )
    class_id: Mapped[int] = mapped_column(ForeignKey("class_groups.id"))
    term: Mapped[str] = mapped_column(String(3))  # RESULT_TERMS
    learning: Mapped[str | None] = mapped_column(String(4))
    conduct: Mapped[str | None] = mapped_column(String(2))
    absences: Mapped[int | None] = mapped_column(SmallInteger)
    decision: Mapped[str | None] = mapped_column(String(16))
    award: Mapped[str | None] = mapped_column(String(16))
    decided_on: Mapped[date] = mapped_column(Date)


class SubjectResult(SchoolOwned, TimestampMixin, Base):
    """A pupil's result in one subject of a term, stored by Chốt kết quả beside the
    StudentResult: the ĐTBmhk (hk1, hk2), the ĐTBmcn (cn) or the year's result
    after the re-test (sau) of a scored subject, the Đ/CĐ of a comment subject,
    and for primary the year's level and periodic test score. The term reports
    count these, not the live marks: the school's confirmed figures, and one
    row per pupil and subject instead of a dozen marks."""

    __tablename__ = "subject_results"
    __table_args__ = (
        UniqueConstraint("student_id", "year", "term", "subject_code"),
        Index("ix_subject_results_school_term", "school_id", "year", "term"),
    )
    __field__ = "grades"
    __calendar_field__ = "results"
    __label__ = "Kết quả môn học"
    __labels__ = {
        "student_id": "Học sinh",
        "class_id": "Lớp",
        "term": "Kỳ",
        "subject_code": "Môn học",
        "average": "Điểm trung bình môn",
        "verdict": "Nhận xét (Đ/CĐ)",
        "level": "Mức đạt",
        "test_score": "Điểm kiểm tra định kỳ",
    }

    id: Mapped[int] = mapped_column(primary_key=True)
    year: Mapped[int] = mapped_column(ForeignKey("school_years.year"))
    student_id: Mapped[int] = mapped_column(
        ForeignKey("students.id", ondelete="CASCADE"), index=True
    )
    class_id: Mapped[int] = mapped_column(ForeignKey("class_groups.id"))
    term: Mapped[str] = mapped_column(String(3))  # RESULT_TERMS
    subject_code: Mapped[str] = mapped_column(String(SUBJECT_CODE_LENGTH))
    average: Mapped[Decimal | None] = mapped_column(Numeric(3, 1))
    verdict: Mapped[str | None] = mapped_column(String(2))  # VERDICTS
    level: Mapped[str | None] = mapped_column(String(1))  # primary: T/H/C
    test_score: Mapped[int | None] = mapped_column(SmallInteger)


OUTSTANDING_REASON_LENGTH = 200


class OutstandingPupil(SchoolOwned, TimestampMixin, Base):
    """A primary pupil the school's leader marks "tiêu biểu" at the year's end
    (TT 27/2020 Điều 15 khoản 1 b): its year result is Hoàn thành tốt and the
    class recognised an outstanding subject or a clear progress (the reason, a
    short "thành tích nổi bật"). The results engine gives it the award Học sinh
    Tiêu biểu hoàn thành tốt trong học tập và rèn luyện (tt27.award)."""

    __tablename__ = "outstanding_pupils"
    __table_args__ = (UniqueConstraint("student_id", "year"),)
    __field__ = "grades"
    __calendar_field__ = "results"
    __label__ = "Học sinh tiêu biểu"
    __labels__ = {
        "student_id": "Học sinh",
        "class_id": "Lớp",
        "reason": "Thành tích nổi bật",
    }

    id: Mapped[int] = mapped_column(primary_key=True)
    year: Mapped[int] = mapped_column(ForeignKey("school_years.year"))
    student_id: Mapped[int] = mapped_column(
        ForeignKey("students.id", ondelete="CASCADE"), index=True
    )
    class_id: Mapped[int] = mapped_column(ForeignKey("class_groups.id"))
    reason: Mapped[str] = mapped_column(String(OUTSTANDING_REASON_LENGTH))
