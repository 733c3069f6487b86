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
