"""The pupils' import template in the style of CSDL ngành's C1-HocSinh file: the data
sheet "Sheet1" (headers, one example row), a "Danh mục" sheet with every code list
the columns use, and a "Hướng dẫn" sheet.

The example row fits the school: one of its classes of this year (else a class
name of its level: "Mầm 1", "1A", "6A", "10A") and a pupil of that age."""

from datetime import date
from decimal import Decimal

from smasweb.models import Unit
from smasweb.services import years as school_years
from smasweb.services.imports.cells import EXAMPLE_CODE
from smasweb.services.imports.template import template_workbook
from smasweb.services.students.import_cells import COLUMNS, REQUIRED
from smasweb.services.students.records import classes_of

SHEET = "Sheet1"
# cấp học → (a class name of its first grade, a pupil's age at the school year's start)
LEVEL_EXAMPLES = {
    "01": ("Mầm 1", 3),
    "02": ("1A", 6),
    "03": ("6A", 11),
    "04": ("10A", 15),
    "05": ("10A", 15),
}
EXAMPLE = {
    "class_name": "1A",
    "ministry_code": "8601234567",
    "school_code": EXAMPLE_CODE,
    "full_name": "Nguyễn Ngọc Anh",
    "birth_date": date(2019, 5, 20),
    "gender": "Nữ",
    "ethnicity": "Kinh",
    "religion": "Không",
    "nationality": "VN",
    "personal_id": "086319012345",
    "birthplace": "Bệnh viện Đa khoa tỉnh Vĩnh Long",
    "home_town": "Long Hồ, Vĩnh Long",
    "perm_address": "Ấp Phước Yên",
    "perm_province": "86",
    "perm_district": "857",
    "cur_address": "Ấp Phước Yên",
    "pioneer": "Không",
    "father_name": "Nguyễn Văn Bình",
    "father_birth_year": 1988,
    "father_job": "Làm ruộng",
    "father_phone": "0912345678",
    "mother_name": "Trần Thị Cúc",
    "mother_birth_year": 1990,
    "weight_kg": Decimal("20.5"),
    "height_cm": Decimal("115"),
}
GUIDE = (
    "HƯỚNG DẪN NHẬP HỒ SƠ HỌC SINH (MẪU C1-HocSinh)",
    "",
    "1. Mỗi dòng của trang “Sheet1” là một học sinh; giữ nguyên dòng tiêu đề.",
    f"2. Xóa dòng ví dụ (mã {EXAMPLE_CODE}) trước khi nhập.",
    "3. Cột bắt buộc: " + ", ".join(COLUMNS[f].header for f in REQUIRED) + "; học "
    "sinh mới phải có Lớp (tên lớp của năm học hiện tại, ví dụ {class_name}). "
    "Mã học sinh của trường không bắt buộc, như trên màn hình nhập: để trống thì hệ "
    "thống tự cấp mã dạng HS00001.",
    "4. Cột có danh mục (Giới tính, Dân tộc, Diện chính sách…) nhận mã hoặc tên trong "
    "trang “Danh mục”; viết không dấu cũng được. Diện chính sách và Hỗ trợ nhận nhiều "
    "mã, cách nhau bằng dấu phẩy. Hỗ trợ mới ghi bắt đầu từ “Hỗ trợ từ ngày”, hỗ trợ "
    "bị bỏ đi kết thúc vào ngày hôm trước; để trống ngày: ngày nhập tệp.",
    "5. Ngày ghi dạng dd/mm/yyyy (ví dụ 20/05/2019) hoặc ô kiểu ngày của Excel.",
    "6. Cân nặng, chiều cao dùng dấu phẩy thập phân (ví dụ 20,5) hoặc ô số.",
    "7. Đội viên, Đoàn viên: Có/Không hoặc x.",
    "8. Tỉnh/Huyện/Xã thường trú ghi mã đơn vị hành chính (ví dụ 86, 857).",
    "9. Số định danh cá nhân gồm 12 chữ số; mã học sinh của Bộ gồm 10 chữ số.",
    "10. Dòng có Mã học sinh của trường (hoặc mã Bộ) đã có trong trường sẽ cập nhật "
    "hồ sơ đó; dòng khác thêm học sinh mới vào lớp (nhập học).",
    "11. Nhấn “Kiểm tra” để xem lỗi từng dòng; “Nhập dữ liệu” chỉ lưu khi mọi dòng "
    "đều hợp lệ (có một dòng lỗi thì không lưu dòng nào).",
)


def example_for(school: Unit | None) -> dict:
    """The example row for `school` (None: a primary school's)."""
    level = next(iter(school.level_codes), "02") if school is not None else "02"
    class_name, age = LEVEL_EXAMPLES.get(level, LEVEL_EXAMPLES["02"])
    if school is not None:
        classes = classes_of(school)
        if classes:
            class_name = classes[0].name
    born = date(school_years.current_year() - age, 5, 20)
    yy = born.year % 100
    return {
        **EXAMPLE,
        "class_name": class_name,
        "birth_date": born,
        "personal_id": f"0863{yy:02d}012345",  # a girl born in the 2000s in 86
    }


def import_template(school: Unit | None = None) -> bytes:
    """The template; with a school, its example row uses the school's classes."""
    example = example_for(school)
    guide = [line.format(class_name=example["class_name"]) for line in GUIDE]
    return template_workbook(SHEET, COLUMNS, REQUIRED, example, guide)
