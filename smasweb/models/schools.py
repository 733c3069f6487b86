"""School years, the yearly school profile, campuses (điểm trường) and classes."""

from datetime import date
from decimal import Decimal

from sqlalchemy import (
    Boolean,
    Date,
    ForeignKey,
    Integer,
    Numeric,
    String,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from smasweb.models.base import Base, SchoolOwned, TimestampMixin
from smasweb.models.units import Unit

# The yes/no items of the Ministry's start-of-year form (Biểu 01-MN-ĐN / 02-TH-ĐN).
PROFILE_FLAGS = {
    "has_party_cell": "Có chi bộ Đảng",
    "has_electricity": "Có điện (điện lưới)",
    "has_clean_water": "Có nguồn nước sạch",
    "has_toilets": "Có công trình vệ sinh",
    "computers_for_teaching": "Sử dụng máy tính cho dạy học",
    "internet_for_teaching": "Khai thác Internet cho dạy học",
    "two_sessions_a_day": "Dạy học 2 buổi trong ngày",
    "semi_boarding": "Có bán trú",
    "boarding": "Có nội trú",
    "inclusive_education": "Có học sinh khuyết tật học hòa nhập",
    "accessible_buildings": "Cơ sở hạ tầng tiếp cận được với học sinh khuyết tật",
    "school_counselling": "Có bộ phận tư vấn học đường",
    "handwashing_programme": "Có chương trình giáo dục vệ sinh đôi tay",
    "life_skills_programme": "Giáo dục giới tính, phòng chống bạo lực, xâm hại, HIV",
    "disaster_plan": "Có kế hoạch phòng, chống thiên tai, ứng phó biến đổi khí hậu",
}


def year_label(year: int) -> str:
    """2019 → "2019-2020"."""
    return f"{year}-{year + 1}"


class SchoolYear(Base):
    """A school year, named by its first calendar year (2019 = 2019-2020)."""

    __tablename__ = "school_years"

    year: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    starts_on: Mapped[date] = mapped_column(Date)
    ends_on: Mapped[date] = mapped_column(Date)

    @property
    def label(self) -> str:
        return year_label(self.year)


class SchoolProfile(SchoolOwned, TimestampMixin, Base):
    """What the school declares about itself for one school year."""

    __tablename__ = "school_profiles"
    __table_args__ = (UniqueConstraint("school_id", "year"),)
    __field__ = "schools"
    __calendar_field__ = "profile"
    __label__ = "Hồ sơ trường"
    __labels__ = {  # audited columns, in the order the history lists them
        "province_code": "Tỉnh",
        "district_code": "Huyện, thị xã, thành phố",
        "commune_code": "Xã, phường, thị trấn",
        "address": "Địa chỉ (số nhà, ấp, đường)",
        "name": "Tên trường",
        "level_group": "Nhóm cấp học",
        "ownership": "Loại hình",
        "school_type": "Loại trường",
        "standard_level": "Mức đạt chuẩn quốc gia",
        "region": "Khu vực",
        "zone": "Vùng",
        "difficult_area": "Vùng khó khăn",
        "special_difficulty": "Xã, ấp đặc biệt khó khăn",
        "phone": "Điện thoại",
        "email": "Thư điện tử",
        "website": "Trang thông tin điện tử",
        "principal_name": "Họ và tên hiệu trưởng",
        "principal_phone": "Điện thoại hiệu trưởng",
        "data_officer_name": "Họ và tên cán bộ phụ trách dữ liệu",
        "data_officer_phone": "Điện thoại cán bộ phụ trách dữ liệu",
        "founded_on": "Ngày thành lập",
        "land_area": "Diện tích đất (m²)",
        **PROFILE_FLAGS,
    }

    id: Mapped[int] = mapped_column(primary_key=True)
    year: Mapped[int] = mapped_column(ForeignKey("school_years.year"), index=True)
    name: Mapped[str] = mapped_column(String(255))
    level_group: Mapped[str] = mapped_column(String(2))
    ownership: Mapped[str] = mapped_column(String(2))
    school_type: Mapped[str | None] = mapped_column(String(2))
    standard_level: Mapped[str | None] = mapped_column(String(2))
    province_code: Mapped[str | None] = mapped_column(String(2))
    district_code: Mapped[str | None] = mapped_column(String(3))
    commune_code: Mapped[str | None] = mapped_column(String(5))
    address: Mapped[str | None] = mapped_column(String(255))
    region: Mapped[str | None] = mapped_column(String(2))
    zone: Mapped[str | None] = mapped_column(String(2))
    difficult_area: Mapped[str | None] = mapped_column(String(2))
    special_difficulty: Mapped[bool] = mapped_column(Boolean, default=False)
    phone: Mapped[str | None] = mapped_column(String(20))
    email: Mapped[str | None] = mapped_column(String(120))
    website: Mapped[str | None] = mapped_column(String(200))
    principal_name: Mapped[str | None] = mapped_column(String(120))
    principal_phone: Mapped[str | None] = mapped_column(String(20))
    data_officer_name: Mapped[str | None] = mapped_column(String(120))
    data_officer_phone: Mapped[str | None] = mapped_column(String(20))
    founded_on: Mapped[date | None] = mapped_column(Date)
    land_area: Mapped[Decimal | None] = mapped_column(Numeric(12, 2))  # m²
    has_party_cell: Mapped[bool] = mapped_column(Boolean, default=False)
    has_electricity: Mapped[bool] = mapped_column(Boolean, default=False)
    has_clean_water: Mapped[bool] = mapped_column(Boolean, default=False)
    has_toilets: Mapped[bool] = mapped_column(Boolean, default=False)
    computers_for_teaching: Mapped[bool] = mapped_column(Boolean, default=False)
    internet_for_teaching: Mapped[bool] = mapped_column(Boolean, default=False)
    two_sessions_a_day: Mapped[bool] = mapped_column(Boolean, default=False)
    semi_boarding: Mapped[bool] = mapped_column(Boolean, default=False)
    boarding: Mapped[bool] = mapped_column(Boolean, default=False)
    inclusive_education: Mapped[bool] = mapped_column(Boolean, default=False)
    accessible_buildings: Mapped[bool] = mapped_column(Boolean, default=False)
    school_counselling: Mapped[bool] = mapped_column(Boolean, default=False)
    handwashing_programme: Mapped[bool] = mapped_column(Boolean, default=False)
    life_skills_programme: Mapped[bool] = mapped_column(Boolean, default=False)
    disaster_plan: Mapped[bool] = mapped_column(Boolean, default=False)

    school: Mapped[Unit] = relationship()


class Campus(SchoolOwned, TimestampMixin, Base):
    """A campus (điểm trường); exactly one per school is the main campus."""

    __tablename__ = "campuses"
    __table_args__ = (UniqueConstraint("school_id", "code"),)
    __field__ = "schools"
    __calendar_field__ = "campuses"
    __label__ = "Điểm trường"
    __labels__ = {  # audited columns, in the order the history lists them
        "province_code": "Tỉnh",
        "district_code": "Huyện, thị xã, thành phố",
        "commune_code": "Xã, phường, thị trấn",
        "address": "Địa chỉ (số nhà, ấp, đường)",
        "code": "Mã điểm trường",
        "name": "Tên điểm trường",
        "is_main": "Là điểm trường chính",
        "distance_km": "Khoảng cách đến điểm trường chính (km)",
        "travel_means": "Phương tiện đi lại",
        "area_m2": "Diện tích (m²)",
        "phone": "Điện thoại",
    }

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(20))
    name: Mapped[str] = mapped_column(String(255))
    is_main: Mapped[bool] = mapped_column(Boolean, default=False)
    address: Mapped[str | None] = mapped_column(String(255))
    province_code: Mapped[str | None] = mapped_column(String(2))
    district_code: Mapped[str | None] = mapped_column(String(3))
    commune_code: Mapped[str | None] = mapped_column(String(5))
    distance_km: Mapped[Decimal | None] = mapped_column(Numeric(6, 2))
    travel_means: Mapped[str | None] = mapped_column(String(10))
    area_m2: Mapped[Decimal | None] = mapped_column(Numeric(12, 2))
    phone: Mapped[str | None] = mapped_column(String(20))

    school: Mapped[Unit] = relationship()


# session patterns (session_patterns) of classes that meet two or more sessions a
# day: sáng chiều, sáng tối, chiều tối, cả ba
TWO_SESSION_PATTERNS = ("4", "5", "6", "7")


class ClassGroup(SchoolOwned, TimestampMixin, Base):
    """A class (lớp) or, in preschool, a group (nhóm) in one school year."""

    __tablename__ = "class_groups"
    __table_args__ = (UniqueConstraint("school_id", "year", "name"),)
    __field__ = "classes"
    __label__ = "Lớp"
    __labels__ = {  # audited columns, in the order the history lists them
        "grade": "Khối",
        "name": "Tên lớp",
        "campus_id": "Điểm trường",
        "homeroom_staff_id": "Giáo viên chủ nhiệm (GVCN)",
        "homeroom_teacher": "GVCN chưa có hồ sơ (ghi tên)",
        "session_pattern": "Buổi học",
        "sessions_per_week": "Số buổi học/tuần",
        "is_combined": "Lớp ghép",
        "combined_grades": "Các khối ghép",
        "semi_boarding": "Lớp bán trú",
        "foreign_language_1": "Ngoại ngữ 1",
        "foreign_language_2": "Ngoại ngữ 2",
        "age_group": "Nhóm tuổi (mầm non)",
        "mixed_age": "Lớp ghép độ tuổi (mầm non)",
        "planned_size": "Sĩ số",
    }

    id: Mapped[int] = mapped_column(primary_key=True)
    year: Mapped[int] = mapped_column(ForeignKey("school_years.year"), index=True)
    grade: Mapped[str] = mapped_column(String(2))  # DM_KHOI
    name: Mapped[str] = mapped_column(String(30))
    campus_id: Mapped[int | None] = mapped_column(ForeignKey("campuses.id"))
    homeroom_teacher: Mapped[str | None] = mapped_column(String(120))
    homeroom_staff_id: Mapped[int | None] = mapped_column(
        ForeignKey("staff_members.id"), index=True
    )
    session_pattern: Mapped[str | None] = mapped_column(String(1))  # buổi học 1–7
    sessions_per_week: Mapped[int | None] = mapped_column(Integer)
    is_combined: Mapped[bool] = mapped_column(Boolean, default=False)  # lớp ghép
    combined_grades: Mapped[str | None] = mapped_column(String(30))
    semi_boarding: Mapped[bool] = mapped_column(Boolean, default=False)
    foreign_language_1: Mapped[str | None] = mapped_column(String(2))
    foreign_language_2: Mapped[str | None] = mapped_column(String(2))
    age_group: Mapped[str | None] = mapped_column(String(2))  # preschool only
    mixed_age: Mapped[bool] = mapped_column(Boolean, default=False)
    planned_size: Mapped[int | None] = mapped_column(Integer)  # sĩ số

    campus: Mapped[Campus | None] = relationship()
