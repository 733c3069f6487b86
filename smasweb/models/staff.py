"""Staff records (hồ sơ cán bộ, giáo viên, nhân viên): the person with their employment,
their yearly assignment and evaluation, and transfers between schools.

The record follows the person: a transfer moves `school_id` to the new school and
leaves a StaffTransfer row, through which the old school keeps a read-only trace.
Codes follow CSDL ngành's LstCanBo code lists (smasweb/data/codelists/).
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
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from smasweb.models.base import Base, SchoolOwned, TimestampMixin
from smasweb.models.units import Unit, split_codes
from smasweb.text import fold, name_sort_key


class StaffMember(SchoolOwned, TimestampMixin, Base):
    __tablename__ = "staff_members"
    __table_args__ = (
        UniqueConstraint("school_id", "code"),
        Index("ix_staff_members_school_sort", "school_id", "sort_key"),
    )
    __field__ = "staff"
    __label__ = "Hồ sơ cán bộ"
    __labels__ = {  # audited columns, in the order the history lists them
        "code": "Mã cán bộ",
        "full_name": "Họ và tên",
        "gender": "Giới tính",
        "birth_date": "Ngày sinh",
        "personal_id": "Số định danh cá nhân (12 số)",
        "ethnicity": "Dân tộc",
        "religion": "Tôn giáo",
        "party_joined_on": "Ngày vào Đảng",
        "union_joined_on": "Ngày vào Công đoàn",
        "youth_union_joined_on": "Ngày vào Đoàn",
        "group": "Nhóm cán bộ",
        "position": "Chức vụ",
        "teaching_level": "Cấp dạy",
        "contract": "Hình thức hợp đồng",
        "title_code": "Chức danh nghề nghiệp (mã ngạch)",
        "salary_step": "Bậc lương",
        "salary_coefficient": "Hệ số lương",
        "recruited_on": "Ngày tuyển dụng",
        "joined_school_on": "Ngày về trường",
        "status": "Trạng thái",
        "status_on": "Ngày của trạng thái",
        "qualification": "Trình độ chuyên môn",
        "major": "Chuyên ngành chính",
        "major_level": "Trình độ chuyên ngành",
        "standard_override": "Ghi đè chuẩn đào tạo",
        "standard_override_reason": "Lý do ghi đè",
        "political_theory": "Lý luận chính trị",
        "state_management": "Quản lý nhà nước",
        "it_level": "Tin học",
        "foreign_language": "Ngoại ngữ",
        "language_level": "Bậc ngoại ngữ (khung 6 bậc)",
        "phone": "Số điện thoại",
        "email": "Thư điện tử",
        "address": "Địa chỉ",
        "leadership_allowance": "Phụ cấp chức vụ",
        "preferential_allowance": "Phụ cấp ưu đãi (%)",
        "seniority_allowance": "Phụ cấp thâm niên (%)",
        "training_standard": "Chuẩn đào tạo",
        "province_code": "Tỉnh",
        "district_code": "Huyện, thị xã, thành phố",
        "commune_code": "Xã, phường, thị trấn",
        "name_folded": "Tên tìm kiếm (không dấu)",
        "sort_key": "Khóa sắp xếp theo tên",
    }

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(30))  # mã cán bộ (the school's own)
    full_name: Mapped[str] = mapped_column(String(120))
    name_folded: Mapped[str] = mapped_column(String(200), index=True)
    sort_key: Mapped[str] = mapped_column(String(250), index=True)
    gender: Mapped[str] = mapped_column(String(2))  # genders
    birth_date: Mapped[date] = mapped_column(Date)
    personal_id: Mapped[str | None] = mapped_column(String(12), unique=True)
    ethnicity: Mapped[str] = mapped_column(String(2), default="01")
    religion: Mapped[str] = mapped_column(String(2), default="99")
    party_joined_on: Mapped[date | None] = mapped_column(Date)  # Đảng viên since
    union_joined_on: Mapped[date | None] = mapped_column(Date)  # Công đoàn since
    youth_union_joined_on: Mapped[date | None] = mapped_column(Date)  # Đoàn since
    # Employment
    group: Mapped[str] = mapped_column(String(2), index=True)  # staff_groups
    position: Mapped[str] = mapped_column(String(2), index=True)  # staff_positions
    teaching_level: Mapped[str | None] = mapped_column(String(2))  # levels (cấp dạy)
    contract: Mapped[str] = mapped_column(String(2), index=True)  # staff_contracts
    title_code: Mapped[str | None] = mapped_column(String(12))  # salary_titles
    salary_step: Mapped[int | None] = mapped_column(Integer)  # bậc 1–12
    salary_coefficient: Mapped[Decimal | None] = mapped_column(Numeric(4, 2))
    leadership_allowance: Mapped[Decimal | None] = mapped_column(Numeric(4, 2))
    preferential_allowance: Mapped[int | None] = mapped_column(Integer)  # %
    seniority_allowance: Mapped[int | None] = mapped_column(Integer)  # %
    # Training
    qualification: Mapped[str] = mapped_column(String(2), index=True)
    major: Mapped[str | None] = mapped_column(String(120))  # chuyên ngành chính
    major_level: Mapped[str | None] = mapped_column(String(2))  # major_levels
    training_standard: Mapped[str | None] = mapped_column(String(2))  # computed
    standard_override: Mapped[str | None] = mapped_column(String(2))
    standard_override_reason: Mapped[str | None] = mapped_column(String(255))
    political_theory: Mapped[str | None] = mapped_column(String(2))
    state_management: Mapped[str | None] = mapped_column(String(2))
    it_level: Mapped[str | None] = mapped_column(String(2))
    foreign_language: Mapped[str | None] = mapped_column(String(2))
    language_level: Mapped[str | None] = mapped_column(String(1))  # CEFR-VN 1–6
    # Career
    recruited_on: Mapped[date | None] = mapped_column(Date)
    joined_school_on: Mapped[date | None] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(2), default="01", index=True)
    status_on: Mapped[date | None] = mapped_column(Date)
    # Contact (personal)
    phone: Mapped[str | None] = mapped_column(String(20))
    email: Mapped[str | None] = mapped_column(String(120))
    address: Mapped[str | None] = mapped_column(String(255))
    province_code: Mapped[str | None] = mapped_column(String(2))
    district_code: Mapped[str | None] = mapped_column(String(3))
    commune_code: Mapped[str | None] = mapped_column(String(5))

    school: Mapped[Unit] = relationship()

    @staticmethod
    def search_keys(full_name: str, code: str = "") -> dict[str, str]:
        return {
            "name_folded": fold(f"{full_name} {code}"),
            "sort_key": name_sort_key(full_name),
        }

    @property
    def standard(self) -> str | None:
        """The training standard as reported: the override if one is recorded."""
        return self.standard_override or self.training_standard

    @property
    def is_party_member(self) -> bool:
        return self.party_joined_on is not None


class StaffYear(SchoolOwned, TimestampMixin, Base):
    """One staff member's assignment and evaluation in one school year."""

    __tablename__ = "staff_years"
    __table_args__ = (UniqueConstraint("staff_id", "year"),)
    __field__ = "staff"
    __label__ = "Phân công, đánh giá năm học"
    __labels__ = {  # audited columns, in the order the history lists them
        "subjects": "Môn dạy",
        "classes": "Lớp dạy",
        "homeroom_class_id": "Lớp chủ nhiệm",
        "periods_per_week": "Số tiết/tuần",
        "duties": "Kiêm nhiệm",
        "professional_rating": "Đánh giá chuẩn nghề nghiệp",
        "civil_servant_rating": "Đánh giá viên chức",
        "training_result": "Kết quả bồi dưỡng thường xuyên",
        "excellent_teacher": "Giáo viên dạy giỏi",
        "award": "Khen thưởng",
        "award_note": "Ghi chú khen thưởng",
        "discipline": "Kỷ luật",
        "discipline_note": "Ghi chú kỷ luật",
        "staff_id": "Cán bộ",
    }

    id: Mapped[int] = mapped_column(primary_key=True)
    staff_id: Mapped[int] = mapped_column(ForeignKey("staff_members.id"), index=True)
    year: Mapped[int] = mapped_column(ForeignKey("school_years.year"), index=True)
    subjects: Mapped[str | None] = mapped_column(String(120))  # subject codes
    classes: Mapped[str | None] = mapped_column(String(255))  # class names taught
    homeroom_class_id: Mapped[int | None] = mapped_column(
        ForeignKey("class_groups.id"), index=True
    )
    periods_per_week: Mapped[int | None] = mapped_column(Integer)
    duties: Mapped[str | None] = mapped_column(String(120))  # concurrent_duties
    professional_rating: Mapped[str | None] = mapped_column(String(2))
    civil_servant_rating: Mapped[str | None] = mapped_column(String(2))
    training_result: Mapped[str | None] = mapped_column(String(2))
    excellent_teacher: Mapped[str | None] = mapped_column(String(2))  # level
    award: Mapped[str | None] = mapped_column(String(2))  # award_kinds
    award_note: Mapped[str | None] = mapped_column(String(255))
    discipline: Mapped[str | None] = mapped_column(String(2))  # discipline_kinds
    discipline_note: Mapped[str | None] = mapped_column(String(255))

    staff: Mapped[StaffMember] = relationship()

    @property
    def subject_codes(self) -> tuple[str, ...]:
        return split_codes(self.subjects)

    @property
    def duty_codes(self) -> tuple[str, ...]:
        return split_codes(self.duties)


class StaffTransfer(Base):
    """A move of a staff member between schools (điều động, chuyển công tác).

    Not school data of one school (it is between two), so not governed by one
    school's window: the services check both schools' staff windows.
    """

    __tablename__ = "staff_transfers"

    id: Mapped[int] = mapped_column(primary_key=True)
    staff_id: Mapped[int] = mapped_column(ForeignKey("staff_members.id"), index=True)
    from_school_id: Mapped[int] = mapped_column(ForeignKey("units.id"), index=True)
    to_school_id: Mapped[int] = mapped_column(ForeignKey("units.id"), index=True)
    moved_on: Mapped[date] = mapped_column(Date)
    old_code: Mapped[str] = mapped_column(String(30))
    note: Mapped[str | None] = mapped_column(Text)
    by_user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)
    kept_position: Mapped[bool] = mapped_column(Boolean, default=True)

    staff: Mapped[StaffMember] = relationship()
    from_school: Mapped[Unit] = relationship(foreign_keys=[from_school_id])
    to_school: Mapped[Unit] = relationship(foreign_keys=[to_school_id])
