"""Attendance (chuyên cần): a pupil's absence in one session of one school day, and
the other classes a school's leader gives a teacher besides the homeroom class.

Stored sparsely: a pupil without a row was present. A row is a dated fact of the
monthly report period (`__dated_by__`): the calendar guard asks whether the month its
day falls in is still open, not whether a window is open today.
"""

from datetime import date

from sqlalchemy import Date, ForeignKey, Index, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from smasweb.models.base import Base, SchoolOwned, TimestampMixin

STATUSES = {"P": "Có phép", "K": "Không phép"}
SESSIONS = {"sang": "Sáng", "chieu": "Chiều", "ca_ngay": "Cả ngày"}
REASON_LENGTH = 120


class AttendanceRecord(SchoolOwned, TimestampMixin, Base):
    """One pupil absent in one session of one day, with or without permission."""

    __tablename__ = "attendance_records"
    __table_args__ = (
        UniqueConstraint("student_id", "day", "session"),
        Index("ix_attendance_records_class_day", "class_id", "day"),
        Index("ix_attendance_records_school_day", "school_id", "day"),
    )
    __field__ = "attendance"
    __dated_by__ = "day"  # governed by the report month of its day
    __label__ = "Điểm danh"
    __labels__ = {  # audited columns, in the order the history lists them
        "student_id": "Học sinh",
        "class_id": "Lớp",
        "day": "Ngày",
        "session": "Buổi",
        "status": "Vắng (P: có phép, K: không phép)",
        "reason": "Lý do",
    }

    id: Mapped[int] = mapped_column(primary_key=True)
    student_id: Mapped[int] = mapped_column(
        ForeignKey("students.id", ondelete="CASCADE")
    )
    class_id: Mapped[int] = mapped_column(ForeignKey("class_groups.id"))
    day: Mapped[date] = mapped_column(Date)
    session: Mapped[str] = mapped_column(String(8))  # SESSIONS
    status: Mapped[str] = mapped_column(String(1))  # STATUSES
    reason: Mapped[str | None] = mapped_column(String(REASON_LENGTH))


class ClassTeacher(SchoolOwned, TimestampMixin, Base):
    """A class the school's leader gives a teacher (besides the homeroom class):
    the teacher takes its roll call too."""

    __tablename__ = "class_teachers"
    __table_args__ = (UniqueConstraint("class_id", "staff_id"),)
    __field__ = "classes"
    __label__ = "Giáo viên được giao lớp"
    __labels__ = {"class_id": "Lớp", "staff_id": "Giáo viên"}

    id: Mapped[int] = mapped_column(primary_key=True)
    class_id: Mapped[int] = mapped_column(
        ForeignKey("class_groups.id", ondelete="CASCADE")
    )
    staff_id: Mapped[int] = mapped_column(ForeignKey("staff_members.id"), index=True)
