"""Pupils (hồ sơ học sinh): the record of a pupil in one school, their class each
year, the dated movements (admission, transfers, dropout, return, repeat, class
change) from which their status is derived, and their dated support grants.

One pupil, one active record: a pupil who moves gets a new record at the receiving
school, linked to the sending school's one (`previous_id`), so the history follows
them; a partial unique index keeps a personal ID or Ministry code active in one
school only. Codes follow CSDL ngành's LstHocSinh code lists.
"""

from datetime import date
from decimal import Decimal

from sqlalchemy import (
    Boolean,
    Date,
    ForeignKey,
    Index,
    Integer,
    Numeric,
    String,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from smasweb.models.base import Base, SchoolOwned, TimestampMixin
from smasweb.models.units import Unit, split_codes
from smasweb.text import fold, name_sort_key

ACTIVE = text("active")


# The columns students/summary.py groups by (issue 15: an index-only scan)
SUMMARY_COLUMNS = (
    "id",
    "active",
    "birth_date",
    "gender",
    "ethnicity",
    "disability",
    "policy_categories",
)


class Student(SchoolOwned, TimestampMixin, Base):
    __tablename__ = "students"
    __table_args__ = (
        UniqueConstraint("school_id", "school_code"),
        Index(
            "uq_students_active_personal_id",
            "personal_id",
            unique=True,
            sqlite_where=ACTIVE,
            postgresql_where=ACTIVE,
        ),
        Index(
            "uq_students_active_ministry_code",
            "ministry_code",
            unique=True,
            sqlite_where=ACTIVE,
            postgresql_where=ACTIVE,
        ),
        Index("ix_students_school_sort", "school_id", "sort_key"),
        Index("ix_students_sort_key", "sort_key", "id"),  # a common name's first page
        Index("ix_students_birth_name", "birth_date", "name_folded"),
        # The duplicates' name + birth date join, read from the index alone
        Index(
            "ix_students_active_name_birth",
            "sort_key",
            "birth_date",
            "school_id",
            "id",
            sqlite_where=ACTIVE,
            postgresql_where=ACTIVE,
        ),
        # Section III of the reports reads a province's pupils from this index alone
        # on PostgreSQL (35 MB instead of the 240 MB heap); on SQLite: school_id only
        Index(
            "ix_students_summary",
            "school_id",
            postgresql_include=SUMMARY_COLUMNS,
        ),
        # Search anywhere in a name: trigrams on PostgreSQL (a plain index elsewhere)
        Index(
            "ix_students_name_trgm",
            "name_folded",
            postgresql_using="gin",
            postgresql_ops={"name_folded": "gin_trgm_ops"},
        ),
    )
    __field__ = "students"
    __label__ = "Hồ sơ học sinh"
    __labels__ = {  # audited columns, in the order the history lists them
        "full_name": "Họ và tên",
        "gender": "Giới tính",
        "birth_date": "Ngày sinh",
        "ministry_code": "Mã học sinh của Bộ (10 số)",
        "school_code": "Mã học sinh của trường",
        "personal_id": "Số định danh cá nhân (12 số)",
        "ethnicity": "Dân tộc",
        "religion": "Tôn giáo",
        "nationality": "Quốc tịch",
        "birthplace": "Nơi sinh",
        "home_town": "Quê quán",
        "perm_address": "Địa chỉ thường trú",
        "perm_province": "Tỉnh (thường trú)",
        "perm_district": "Mã huyện (thường trú)",
        "perm_commune": "Mã xã (thường trú)",
        "cur_address": "Nơi ở hiện nay",
        "cur_province": "Tỉnh (nơi ở)",
        "cur_district": "Mã huyện (nơi ở)",
        "cur_commune": "Mã xã (nơi ở)",
        "policy_categories": "Diện chính sách",
        "disability": "Khuyết tật",
        "household": "Hộ nghèo, cận nghèo",
        "pioneer": "Đội viên",
        "youth_union": "Đoàn viên",
        "father_name": "Họ tên cha",
        "father_birth_year": "Năm sinh của cha",
        "father_job": "Nghề nghiệp của cha",
        "father_phone": "Điện thoại của cha",
        "mother_name": "Họ tên mẹ",
        "mother_birth_year": "Năm sinh của mẹ",
        "mother_job": "Nghề nghiệp của mẹ",
        "mother_phone": "Điện thoại của mẹ",
        "guardian_name": "Họ tên người giám hộ",
        "guardian_birth_year": "Năm sinh người giám hộ",
        "guardian_job": "Nghề nghiệp người giám hộ",
        "guardian_phone": "Điện thoại người giám hộ",
        "weight_kg": "Cân nặng (kg)",
        "height_cm": "Chiều cao (cm)",
        "nutrition": "Tình trạng dinh dưỡng",
        "status": "Trạng thái",
        "status_on": "Ngày của trạng thái",
        "active": "Đang học tại trường",
        "previous_id": "Hồ sơ ở trường chuyển đi",
        "name_folded": "Tên tìm kiếm (không dấu)",
        "sort_key": "Khóa sắp xếp theo tên",
    }

    id: Mapped[int] = mapped_column(primary_key=True)
    ministry_code: Mapped[str | None] = mapped_column(String(10))  # mã Bộ (10 số)
    school_code: Mapped[str] = mapped_column(
        String(20)
    )  # the school's (temporary) code
    personal_id: Mapped[str | None] = mapped_column(String(12))
    full_name: Mapped[str] = mapped_column(String(120))
    name_folded: Mapped[str] = mapped_column(String(200))
    sort_key: Mapped[str] = mapped_column(String(250))
    birth_date: Mapped[date] = mapped_column(Date)
    gender: Mapped[str] = mapped_column(String(2))  # genders
    ethnicity: Mapped[str] = mapped_column(String(2), default="01")
    religion: Mapped[str] = mapped_column(String(2), default="99")
    nationality: Mapped[str] = mapped_column(String(2), default="VN")
    birthplace: Mapped[str | None] = mapped_column(String(255))
    home_town: Mapped[str | None] = mapped_column(String(255))
    # Permanent (thường trú) and current (tạm trú / nơi ở) addresses, down to commune
    perm_address: Mapped[str | None] = mapped_column(String(255))
    perm_province: Mapped[str | None] = mapped_column(String(2))
    perm_district: Mapped[str | None] = mapped_column(String(3))
    perm_commune: Mapped[str | None] = mapped_column(String(5))
    cur_address: Mapped[str | None] = mapped_column(String(255))
    cur_province: Mapped[str | None] = mapped_column(String(2))
    cur_district: Mapped[str | None] = mapped_column(String(3))
    cur_commune: Mapped[str | None] = mapped_column(String(5))
    # Policy and support (personal)
    policy_categories: Mapped[str | None] = mapped_column(String(60))
    disability: Mapped[str | None] = mapped_column(String(2))
    household: Mapped[str | None] = mapped_column(String(2))  # hộ nghèo / cận nghèo
    pioneer: Mapped[bool] = mapped_column(Boolean, default=False)  # Đội viên
    youth_union: Mapped[bool] = mapped_column(Boolean, default=False)  # Đoàn viên
    # Family (personal)
    father_name: Mapped[str | None] = mapped_column(String(120))
    father_birth_year: Mapped[int | None] = mapped_column(Integer)
    father_job: Mapped[str | None] = mapped_column(String(120))
    father_phone: Mapped[str | None] = mapped_column(String(20))
    mother_name: Mapped[str | None] = mapped_column(String(120))
    mother_birth_year: Mapped[int | None] = mapped_column(Integer)
    mother_job: Mapped[str | None] = mapped_column(String(120))
    mother_phone: Mapped[str | None] = mapped_column(String(20))
    guardian_name: Mapped[str | None] = mapped_column(String(120))
    guardian_birth_year: Mapped[int | None] = mapped_column(Integer)
    guardian_job: Mapped[str | None] = mapped_column(String(120))
    guardian_phone: Mapped[str | None] = mapped_column(String(20))
    # Preschool health (personal)
    weight_kg: Mapped[Decimal | None] = mapped_column(Numeric(5, 2))
    height_cm: Mapped[Decimal | None] = mapped_column(Numeric(5, 1))
    nutrition: Mapped[str | None] = mapped_column(String(2))
    # Derived from the movements (never typed): student_statuses, and in the school?
    status: Mapped[str] = mapped_column(String(2), default="01", index=True)
    status_on: Mapped[date | None] = mapped_column(Date)
    active: Mapped[bool] = mapped_column(Boolean, default=True, index=True)
    previous_id: Mapped[int | None] = mapped_column(
        ForeignKey("students.id"), index=True
    )  # the same pupil's record at the school they came from

    school: Mapped[Unit] = relationship()

    @staticmethod
    def search_keys(full_name: str, *codes: str | None) -> dict[str, str]:
        words = " ".join(c for c in codes if c)
        return {
            "name_folded": fold(f"{full_name} {words}"),
            "sort_key": name_sort_key(full_name),
        }

    @property
    def policy_codes(self) -> tuple[str, ...]:
        return split_codes(self.policy_categories)


class Enrollment(SchoolOwned, TimestampMixin, Base):
    """A pupil's class in one school year (one per pupil and year)."""

    __tablename__ = "enrollments"
    __table_args__ = (UniqueConstraint("student_id", "year"),)
    __field__ = "students"
    __label__ = "Xếp lớp học sinh"
    __labels__ = {  # audited columns, in the order the history lists them
        "student_id": "Học sinh",
        "class_id": "Lớp",
        "intake": "Hình thức vào lớp",
        "two_sessions": "Học 2 buổi/ngày",
        "semi_boarding": "Bán trú",
    }

    id: Mapped[int] = mapped_column(primary_key=True)
    student_id: Mapped[int] = mapped_column(ForeignKey("students.id"), index=True)
    year: Mapped[int] = mapped_column(ForeignKey("school_years.year"), index=True)
    class_id: Mapped[int] = mapped_column(ForeignKey("class_groups.id"), index=True)
    intake: Mapped[str | None] = mapped_column(String(12))  # new, transfer, repeat, up
    two_sessions: Mapped[bool] = mapped_column(Boolean, default=False)  # 2 buổi/ngày
    semi_boarding: Mapped[bool] = mapped_column(Boolean, default=False)  # bán trú

    student: Mapped[Student] = relationship()


class Movement(SchoolOwned, TimestampMixin, Base):
    """A dated event in a pupil's schooling; the status is derived from these."""

    __tablename__ = "movements"
    __table_args__ = (Index("ix_movements_school_year", "school_id", "year"),)
    __field__ = "students"
    __calendar_field__ = "movements"
    __label__ = "Biến động học sinh"
    __labels__ = {  # audited columns, in the order the history lists them
        "student_id": "Học sinh",
        "kind": "Loại biến động",
        "on_date": "Ngày",
        "term": "Học kỳ",
        "other_school_id": "Trường chuyển đến (trong tỉnh)",
        "other_place": "Nơi chuyển đến (ngoài tỉnh, nước ngoài)",
        "scope": "Phạm vi chuyển",
        "reason": "Lý do thôi học",
        "class_id": "Lớp mới (chuyển lớp, lưu ban)",
        "note": "Ghi chú",
    }

    id: Mapped[int] = mapped_column(primary_key=True)
    student_id: Mapped[int] = mapped_column(ForeignKey("students.id"), index=True)
    year: Mapped[int] = mapped_column(ForeignKey("school_years.year"))
    kind: Mapped[str] = mapped_column(String(14))  # movement_kinds
    on_date: Mapped[date] = mapped_column(Date)
    term: Mapped[str] = mapped_column(String(2))  # 1, 2 or he (summer)
    other_school_id: Mapped[int | None] = mapped_column(ForeignKey("units.id"))
    other_place: Mapped[str | None] = mapped_column(String(255))  # outside the tree
    scope: Mapped[str | None] = mapped_column(String(2))  # transfer_scopes
    reason: Mapped[str | None] = mapped_column(String(2))  # dropout_reasons
    class_id: Mapped[int | None] = mapped_column(ForeignKey("class_groups.id"))
    note: Mapped[str | None] = mapped_column(String(255))

    student: Mapped[Student] = relationship()


class SupportGrant(SchoolOwned, TimestampMixin, Base):
    """One support (student_supports code) a pupil receives from `starts_on` to
    `ends_on` (the last day it applied, inclusive; None: still open). A report counts
    the grants holding on its data date (services/students/supports.granted_on)."""

    __tablename__ = "support_grants"
    __table_args__ = (
        # The reports' EXISTS probes: one pupil, one code, then the dates
        Index("ix_support_grants_student_code", "student_id", "code", "starts_on"),
    )
    __field__ = "students"
    __label__ = "Hỗ trợ học sinh"
    __labels__ = {  # audited columns, in the order the history lists them
        "student_id": "Học sinh",
        "code": "Hỗ trợ",
        "starts_on": "Từ ngày",
        "ends_on": "Đến ngày",
    }

    id: Mapped[int] = mapped_column(primary_key=True)
    student_id: Mapped[int] = mapped_column(ForeignKey("students.id"))
    code: Mapped[str] = mapped_column(String(2))  # student_supports
    starts_on: Mapped[date] = mapped_column(Date)
    ends_on: Mapped[date | None] = mapped_column(Date)

    student: Mapped[Student] = relationship()
