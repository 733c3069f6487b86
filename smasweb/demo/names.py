"""Plausible Vietnamese names for demo people and schools."""

from random import Random

FAMILY = [
    "Nguyễn",
    "Trần",
    "Lê",
    "Phạm",
    "Huỳnh",
    "Hoàng",
    "Võ",
    "Phan",
    "Trương",
    "Bùi",
    "Đặng",
    "Đỗ",
    "Ngô",
    "Hồ",
    "Dương",
    "Lý",
    "Đoàn",
    "Thạch",
    "Lâm",
    "Châu",
]
MIDDLE_F = ["Thị", "Thị", "Ngọc", "Thanh", "Kim", "Thùy", "Mỹ", "Bích"]
MIDDLE_M = ["Văn", "Văn", "Minh", "Hữu", "Quốc", "Thanh", "Đức", "Công"]
GIVEN_F = [
    "Lan",
    "Hoa",
    "Hương",
    "Thảo",
    "Trang",
    "Ngân",
    "Nhung",
    "Yến",
    "Hạnh",
    "Phượng",
    "Diễm",
    "Ánh",
    "Loan",
    "Tuyết",
    "Hằng",
    "Thủy",
    "Oanh",
    "Xuân",
]
GIVEN_M = [
    "Hùng",
    "Dũng",
    "Tuấn",
    "Phúc",
    "Khoa",
    "Bình",
    "Tâm",
    "Nghĩa",
    "Trí",
    "Hải",
    "Lộc",
    "Quang",
    "Sơn",
    "Thịnh",
    "Vũ",
    "Đạt",
    "Long",
    "Nhân",
]
FLOWERS = [
    "Họa Mi",
    "Sơn Ca",
    "Hoa Sen",
    "Hướng Dương",
    "Vàng Anh",
    "Măng Non",
    "Tuổi Thơ",
    "Hoa Mai",
    "Sen Hồng",
    "Bình Minh",
]
NOTABLES = [
    "Nguyễn Du",
    "Lê Quý Đôn",
    "Trần Phú",
    "Võ Thị Sáu",
    "Nguyễn Trãi",
    "Lê Lợi",
    "Chu Văn An",
    "Nguyễn Văn Thảnh",
    "Phan Văn Đáng",
    "Trần Đại Nghĩa",
]


def person_name(rng: Random) -> str:
    female = rng.random() < 0.7  # most teachers and clerks are women
    middle = rng.choice(MIDDLE_F if female else MIDDLE_M)
    given = rng.choice(GIVEN_F if female else GIVEN_M)
    return f"{rng.choice(FAMILY)} {middle} {given}"


# Hamlets (ấp) for satellite campuses (điểm trường) and addresses.
HAMLETS = [
    "Tân Thạnh",
    "Phước Hậu",
    "Long Hưng",
    "An Thạnh",
    "Phú Thạnh",
    "Hòa Lợi",
    "Mỹ Hòa",
    "Thạnh Hưng",
    "Bình Phụng",
    "Tân Thuận",
    "Đông Thành",
    "Vĩnh Trinh",
    "Phú Long",
    "Hiếu Hòa",
    "Cái Cá",
    "Rạch Súc",
    "Mỹ Phú",
    "Tân Qui",
    "Phước Ngươn",
    "Trường Thọ",
]

# Budget line descriptions per category code (budget_categories).
BUDGET_LINES = {
    "01": ["Chi lương và các khoản đóng góp theo lương", "Chi hoạt động chuyên môn"],
    "02": [
        "Sửa chữa, nâng cấp phòng học",
        "Mua sắm bàn ghế học sinh",
        "Xây dựng nhà vệ sinh",
        "Mua sắm thiết bị dạy học",
    ],
    "03": ["Học phí thu được trong năm học"],
    "04": ["Hội cha mẹ học sinh tài trợ", "Doanh nghiệp tài trợ học bổng"],
    "05": [
        "Chương trình sữa học đường",
        "Dự án hỗ trợ học sinh có hoàn cảnh khó khăn",
        "Chương trình đảm bảo chất lượng giáo dục trường học",
    ],
}

# More given names for demo staff (tens of thousands of people need variety).
STAFF_GIVEN_F = GIVEN_F + [
    "Nga", "Mai", "Linh", "Huyền", "Vân", "Trinh", "Nhi", "Thư", "Quyên", "Duyên",
    "Hiền", "Ngọc", "Châu", "Kiều", "Liên", "Phương", "Thu", "Uyên", "Vy", "Hồng",
    "Cúc", "Đào", "Giang", "My", "Nguyệt", "Thắm", "Tiên", "Trâm", "Trúc", "Xuyến",
]  # fmt: skip
STAFF_GIVEN_M = GIVEN_M + [
    "An", "Bảo", "Cường", "Danh", "Định", "Dương", "Hiếu", "Hòa", "Huy", "Kiệt",
    "Lâm", "Lợi", "Minh", "Nam", "Phong", "Quân", "Tài", "Thắng", "Thành", "Thông",
    "Tín", "Toàn", "Trung", "Tùng", "Việt", "Vinh", "Khải", "Nguyên", "Thiện", "Hậu",
]  # fmt: skip
STAFF_MIDDLE_F = MIDDLE_F + ["Thị", "Thị", "Hồng", "Phương", "Tuyết", "Diễm", "Minh"]
STAFF_MIDDLE_M = MIDDLE_M + ["Văn", "Hoàng", "Tấn", "Trọng", "Chí", "Phước", "Ngọc"]
# Khmer names as written in Vietnamese papers (Trà Ôn, Tam Bình, Vũng Liêm, Bình Minh).
KHMER_FAMILY = ["Thạch", "Sơn", "Kim", "Lâm", "Danh", "Châu", "Thạch", "Sơn", "Lý"]
KHMER_GIVEN_F = [
    "Sô Phia", "Chanh Đa", "Sa Rươn", "Sóc Khanh", "Sa Ly", "Ra Ni", "Srây Mum",
    "Thi Đa", "Kim Huôl", "Mây Li", "Sa Phia", "Chăn Thu", "Sô Khom", "Sa Rinh",
]  # fmt: skip
KHMER_GIVEN_M = [
    "Sóc Kha", "Sô Thên", "Ra Tha", "Sóc Hên", "Chanh Thu", "Pho Ly", "Thươl",
    "Sa Rết", "Kim Sang", "Sa Vinh", "Chăn Ny", "Bô Pha", "Ca Na", "Sà Phon",
]  # fmt: skip


def staff_name(rng: Random, female: bool, khmer: bool = False) -> str:
    """A full name for a staff member of the given sex; Khmer names on request."""
    if khmer:
        given = rng.choice(KHMER_GIVEN_F if female else KHMER_GIVEN_M)
        middle = "Thị " if female and rng.random() < 0.6 else ""
        return f"{rng.choice(KHMER_FAMILY)} {middle}{given}"
    given = rng.choice(STAFF_GIVEN_F if female else STAFF_GIVEN_M)
    middle = given
    while middle == given:
        middle = rng.choice(STAFF_MIDDLE_F if female else STAFF_MIDDLE_M)
    return f"{rng.choice(FAMILY)} {middle} {given}"


def is_female_name(full_name: str) -> bool:
    """Guess the sex of a demo name (the given-name lists do not overlap)."""
    return full_name.split()[-1] in STAFF_GIVEN_F
