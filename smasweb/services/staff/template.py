"""The staff import template, in the style of the Ministry's staff template: a data
sheet (headers, one example row), a "Danh mục" sheet with every code list the
columns use, and a "Hướng dẫn" sheet. The example row is a teacher of the school's
level (its title code, its major)."""

from datetime import date
from decimal import Decimal

from smasweb import codelists
from smasweb.models import Unit
from smasweb.services.imports.cells import EXAMPLE_CODE
from smasweb.services.imports.template import template_workbook
from smasweb.services.staff.import_cells import COLUMNS, REQUIRED

EXAMPLE = {
    "code": EXAMPLE_CODE,
    "full_name": "Nguyễn Thị Lan",
    "gender": "Nữ",
    "birth_date": date(1985, 5, 20),
    "personal_id": "086185012345",
    "ethnicity": "Kinh",
    "religion": "Không",
    "group": "Giáo viên",
    "position": "Giáo viên",
    "teaching_level": "Tiểu học",
    "contract": "07",
    "title_code": "V.07.03.29",
    "salary_step": 3,
    "salary_coefficient": Decimal("3.00"),
    "qualification": "Đại học sư phạm",
    "major": "Giáo dục tiểu học",
    "major_level": "Đại học",
    "political_theory": "Sơ cấp",
    "it_level": "01",
    "foreign_language": "Tiếng Anh",
    "language_level": "Bậc 3 (B1)",
    "recruited_on": "01/09/2008",
    "joined_school_on": date(2015, 9, 1),
    "status": "Đang làm việc",
    "phone": "0912345678",
    "email": "lan.nt@example.edu.vn",
    "union_joined_on": "01/10/2008",
}
GUIDE = (
    "HƯỚNG DẪN NHẬP HỒ SƠ CÁN BỘ, GIÁO VIÊN, NHÂN VIÊN",
    "",
    "1. Mỗi dòng của trang “Cán bộ” là một người; giữ nguyên dòng tiêu đề.",
    f"2. Xóa dòng ví dụ (mã {EXAMPLE_CODE}) trước khi nhập.",
    "3. Cột bắt buộc: " + ", ".join(COLUMNS[f].header for f in REQUIRED) + ".",
    "4. Cột có danh mục (Giới tính, Dân tộc, Chức vụ…) nhận mã hoặc tên trong trang "
    "“Danh mục”; viết không dấu cũng được.",
    "5. Ngày ghi dạng dd/mm/yyyy (ví dụ 20/05/1985) hoặc ô kiểu ngày của Excel.",
    "6. Hệ số lương dùng dấu phẩy thập phân (ví dụ 4,65) hoặc ô số.",
    "7. Số định danh cá nhân gồm 12 chữ số: 3 số mã tỉnh nơi đăng ký khai sinh, "
    "1 số thế kỷ và giới tính, 2 số cuối năm sinh, 6 số còn lại.",
    "8. Dòng có Mã cán bộ đã có trong trường sẽ cập nhật hồ sơ đó; dòng khác thêm mới. "
    "Mã cán bộ không bắt buộc, như trên màn hình nhập: để trống thì hệ thống tự cấp "
    "mã dạng CB0001.",
    "9. Bỏ trống Cấp dạy: lấy cấp học của trường. Chuẩn đào tạo được tính tự động.",
    "10. Nhấn “Kiểm tra” để xem lỗi từng dòng; “Nhập dữ liệu” chỉ lưu khi mọi dòng "
    "đều hợp lệ (có một dòng lỗi thì không lưu dòng nào).",
)


# cấp học → (title code of a grade III teacher, major) for the example row
LEVEL_EXAMPLES = {
    "01": ("V.07.02.26", "Giáo dục mầm non"),
    "02": ("V.07.03.29", "Giáo dục tiểu học"),
    "03": ("V.07.04.32", "Sư phạm Toán học"),
    "04": ("V.07.05.15", "Sư phạm Toán học"),
    "05": ("V.07.05.15", "Sư phạm Toán học"),
}


def example_for(school: Unit | None) -> dict:
    """The example row: a teacher of the school's (first) level, primary without one."""
    level = next(iter(school.level_codes), "02") if school is not None else "02"
    level = level if level in LEVEL_EXAMPLES else "02"
    title, major = LEVEL_EXAMPLES[level]
    teaching = codelists.label("levels", level)
    return {**EXAMPLE, "teaching_level": teaching, "title_code": title, "major": major}


def import_template(school: Unit | None = None) -> bytes:
    return template_workbook("Cán bộ", COLUMNS, REQUIRED, example_for(school), GUIDE)
