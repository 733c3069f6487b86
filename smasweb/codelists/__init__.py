"""Code lists of the Ministry's sector database (CSDL ngành) used by the foundation.

Later issues add the full lists (see domain-reference.md §1.3); these are the ones the
unit tree and the access policy need now.
"""

# Cấp học (DM_CAP_HOC)
LEVELS = {
    "01": "Mầm non",
    "02": "Tiểu học",
    "03": "Trung học cơ sở",
    "04": "Trung học phổ thông",
    "05": "Giáo dục thường xuyên",
}

# Nhóm cấp học: the school kinds a province has, with the levels each teaches.
LEVEL_GROUPS = {
    "01": ("Mầm non", ("01",)),
    "02": ("Mẫu giáo", ("01",)),
    "03": ("Nhà trẻ", ("01",)),
    "06": ("Tiểu học", ("02",)),
    "07": ("Trung học cơ sở", ("03",)),
    "08": ("Trung học phổ thông", ("04",)),
    "09": ("Phổ thông cơ sở (Tiểu học và THCS)", ("02", "03")),
    "10": ("Trung học (THCS và THPT)", ("03", "04")),
    "11": ("Phổ thông (Tiểu học đến THPT)", ("02", "03", "04")),
    "12": ("Trung tâm GDNN-GDTX cấp tỉnh", ("05",)),
    "13": ("Trung tâm GDNN-GDTX cấp huyện", ("05",)),
}

# Loại hình (ownership)
OWNERSHIPS = {
    "01": "Công lập",
    "02": "Ngoài công lập",
    "03": "Dân lập",
    "09": "Tư thục",
}

# Fields of responsibility (lĩnh vực): the data domains a division may own.
FIELDS = {
    "schools": "Hồ sơ trường, điểm trường",
    "classes": "Lớp học",
    "students": "Hồ sơ học sinh",
    "staff": "Đội ngũ cán bộ, giáo viên, nhân viên",
    "facilities": "Cơ sở vật chất, thiết bị, đồ dùng đồ chơi",
    "budget": "Ngân sách nhà nước",
    "attendance": "Chuyên cần, thôi học",
    "grades": "Điểm, kết quả học tập",
    "graduation": "Tốt nghiệp",
}


def levels_of(level_group: str | None) -> tuple[str, ...]:
    """The cấp học codes a school of this nhóm cấp học teaches."""
    return LEVEL_GROUPS.get(level_group or "", ("", ()))[1]
