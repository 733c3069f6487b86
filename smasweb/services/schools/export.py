"""Excel exports of the schools domain: official codes next to their labels."""

from smasweb import codelists, excel
from smasweb.codelists import LEVEL_GROUPS
from smasweb.models import Unit, User
from smasweb.models.schools import PROFILE_FLAGS, year_label
from smasweb.services.schools import classes as schools_classes
from smasweb.services.schools import records as schools

CLASS_HEADERS = (
    "Mã khối",
    "Khối",
    "Tên lớp",
    "Mã điểm trường",
    "Điểm trường",
    "Giáo viên chủ nhiệm",
    "Mã buổi học",
    "Buổi học",
    "Số buổi/tuần",
    "Lớp ghép",
    "Các khối ghép",
    "Bán trú",
    "Mã ngoại ngữ 1",
    "Ngoại ngữ 1",
    "Mã ngoại ngữ 2",
    "Ngoại ngữ 2",
    "Mã nhóm tuổi",
    "Nhóm tuổi",
    "Ghép độ tuổi",
    "Sĩ số",
)


def _coded(name: str, code: str | None) -> tuple[str, str]:
    return code or "", codelists.label(name, code)


def export_classes(actor: User, school: Unit, year: int, **filters) -> bytes:
    rows = []
    for c in schools_classes.list_classes(actor, school, year, **filters):
        rows.append(
            (
                *_coded("grades", c.grade),
                c.name,
                c.campus.code if c.campus else "",
                c.campus.name if c.campus else "",
                c.homeroom_teacher or "",
                *_coded("session_patterns", c.session_pattern),
                c.sessions_per_week,
                c.is_combined,
                c.combined_grades or "",
                c.semi_boarding,
                *_coded("foreign_languages", c.foreign_language_1),
                *_coded("foreign_languages", c.foreign_language_2),
                *_coded("age_groups", c.age_group),
                c.mixed_age,
                c.planned_size,
            )
        )
    sheets = {
        "Khối": codelists.labels("grades"),
        "Buổi học": codelists.labels("session_patterns"),
        "Ngoại ngữ": codelists.labels("foreign_languages"),
        "Nhóm tuổi": codelists.labels("age_groups"),
    }
    return excel.workbook(f"Lop {year_label(year)}", CLASS_HEADERS, rows, sheets)


PROFILE_CODED = (
    ("ownership", "ownerships", "Loại hình"),
    ("school_type", "school_types", "Loại trường"),
    ("standard_level", "standard_levels", "Chuẩn quốc gia"),
    ("region", "regions", "Khu vực"),
    ("zone", "zones", "Vùng"),
    ("difficult_area", "difficult_areas", "Vùng khó khăn"),
)
PROFILE_PLAIN = (
    ("province_code", "Mã tỉnh"),
    ("district_code", "Mã huyện"),
    ("commune_code", "Mã xã"),
    ("address", "Địa chỉ"),
    ("phone", "Điện thoại"),
    ("email", "Thư điện tử"),
    ("website", "Trang thông tin điện tử"),
    ("principal_name", "Hiệu trưởng"),
    ("principal_phone", "Điện thoại hiệu trưởng"),
    ("data_officer_name", "Cán bộ phụ trách dữ liệu"),
    ("data_officer_phone", "Điện thoại cán bộ dữ liệu"),
    ("founded_on", "Ngày thành lập"),
    ("land_area", "Diện tích đất (m²)"),
)


def _profile_headers() -> list[str]:
    out = ["Mã trường", "Tên trường", "Đã có hồ sơ", "Số lớp"]
    out += ["Mã nhóm cấp học", "Nhóm cấp học"]
    for _, _, label in PROFILE_CODED:
        out += [f"Mã {label.lower()}", label]
    out += [label for _, label in PROFILE_PLAIN]
    return out + list(PROFILE_FLAGS.values())


def _profile_row(school: Unit, profile, class_count: int) -> list:
    row = [school.code, profile.name if profile else school.name]
    row += [profile is not None, class_count]
    if profile is None:
        return row
    row += [profile.level_group, LEVEL_GROUPS.get(profile.level_group, ("",))[0]]
    for attr, name, _ in PROFILE_CODED:
        row += list(_coded(name, getattr(profile, attr)))
    row += [getattr(profile, attr) for attr, _ in PROFILE_PLAIN]
    return row + [getattr(profile, flag) for flag in PROFILE_FLAGS]


def export_profiles(actor: User, year: int, q: str = "", level_group=None) -> bytes:
    rows = [
        _profile_row(*item)
        for item in schools.profiles_for_export(actor, year, q, level_group)
    ]
    return excel.workbook(f"Truong {year_label(year)}", _profile_headers(), rows)
