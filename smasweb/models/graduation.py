"""THCS graduation recognition (xét công nhận tốt nghiệp THCS, TT 31/2023/TT-BGDĐT):
the school's dossier flag per candidate, the council's decision per school, year
and round, and the list of pupils that decision recognised.

All three are governed by the "graduation" field and written in the entry window
of the "graduation_thcs" calendar field (20–24/05 by the plan), like every other
school-data write: the guard refuses them outside it (423) and audits them. A
recorded decision locks its list: services/graduation/thcs.py refuses every later
change of the decision, its pupils and their dossiers.
"""

from datetime import date

from sqlalchemy import Boolean, Date, ForeignKey, SmallInteger, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from smasweb.models.base import Base, SchoolOwned, TimestampMixin
from smasweb.models.units import Unit

FIELD = "graduation"
CALENDAR_FIELD = "graduation_thcs"
ROUNDS = {1: "Đợt 1", 2: "Đợt 2"}  # TT 31/2023: at most two rounds a year
NOTE_LENGTH = 200
NUMBER_LENGTH = 40
PERSON_LENGTH = 120


class ThcsDossier(SchoolOwned, TimestampMixin, Base):
    """Whether a grade-9 candidate's dossier (hồ sơ dự xét) is complete; a
    candidate without a row counts as complete (the school marks the missing)."""

    __tablename__ = "thcs_dossiers"
    __table_args__ = (UniqueConstraint("student_id", "year"),)
    __field__ = FIELD
    __calendar_field__ = CALENDAR_FIELD
    __label__ = "Hồ sơ xét công nhận tốt nghiệp THCS"
    __labels__ = {
        "student_id": "Học sinh",
        "complete": "Hồ sơ đầy đủ",
        "note": "Ghi chú",
    }

    id: Mapped[int] = mapped_column(primary_key=True)
    year: Mapped[int] = mapped_column(ForeignKey("school_years.year"))
    student_id: Mapped[int] = mapped_column(
        ForeignKey("students.id", ondelete="CASCADE"), index=True
    )
    complete: Mapped[bool] = mapped_column(Boolean, default=True)
    note: Mapped[str | None] = mapped_column(String(NOTE_LENGTH))


class ThcsDecision(SchoolOwned, TimestampMixin, Base):
    """The council's decision recognising a school's graduates of one round
    (quyết định công nhận tốt nghiệp THCS); `council_unit_id` is the unit that set
    the council: the school's parent in the dated tree on the decision's day."""

    __tablename__ = "thcs_decisions"
    __table_args__ = (UniqueConstraint("school_id", "year", "round"),)
    __field__ = FIELD
    __calendar_field__ = CALENDAR_FIELD
    __label__ = "Quyết định công nhận tốt nghiệp THCS"
    __labels__ = {
        "round": "Đợt xét",
        "number": "Số quyết định",
        "signed_on": "Ngày quyết định",
        "signer_name": "Người ký",
        "signer_title": "Chức vụ người ký",
        "council_unit_id": "Đơn vị thành lập hội đồng",
    }

    id: Mapped[int] = mapped_column(primary_key=True)
    year: Mapped[int] = mapped_column(ForeignKey("school_years.year"))
    round: Mapped[int] = mapped_column(SmallInteger)  # ROUNDS
    number: Mapped[str] = mapped_column(String(NUMBER_LENGTH))
    signed_on: Mapped[date] = mapped_column(Date)
    signer_name: Mapped[str] = mapped_column(String(PERSON_LENGTH))
    signer_title: Mapped[str] = mapped_column(String(PERSON_LENGTH))
    council_unit_id: Mapped[int | None] = mapped_column(ForeignKey("units.id"))

    council_unit: Mapped[Unit | None] = relationship(foreign_keys=[council_unit_id])


class ThcsGraduate(SchoolOwned, TimestampMixin, Base):
    """A pupil a decision recognised (danh sách công nhận tốt nghiệp THCS): the
    list as it stood when the decision was recorded, with the pupil's class."""

    __tablename__ = "thcs_graduates"
    __table_args__ = (UniqueConstraint("student_id", "year"),)
    __field__ = FIELD
    __calendar_field__ = CALENDAR_FIELD
    __label__ = "Học sinh được công nhận tốt nghiệp THCS"
    __labels__ = {
        "decision_id": "Quyết định",
        "student_id": "Học sinh",
        "class_id": "Lớp",
    }

    id: Mapped[int] = mapped_column(primary_key=True)
    year: Mapped[int] = mapped_column(ForeignKey("school_years.year"))
    decision_id: Mapped[int] = mapped_column(
        ForeignKey("thcs_decisions.id"), index=True
    )
    student_id: Mapped[int] = mapped_column(
        ForeignKey("students.id", ondelete="CASCADE"), index=True
    )
    class_id: Mapped[int] = mapped_column(ForeignKey("class_groups.id"))
