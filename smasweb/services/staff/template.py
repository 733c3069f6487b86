"""The staff import template, in the style of the Ministry's staff template: a data
sheet (headers, one example row), a "Danh mục" sheet with every code list the
columns use, and a "Hướng dẫn" sheet."""

from datetime import date
from decimal import Decimal

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
    "8. Dòng có Mã cán bộ đã có trong trường sẽ cập nhật hồ sơ đó; dòng khác thêm mới.",
    "9. Bỏ trống Cấp dạy: lấy cấp học của trường. Chuẩn đào tạo được tính tự động.",
    "10. Nhấn “Kiểm tra” để xem lỗi từng dòng; “Nhập dữ liệu” chỉ lưu khi mọi dòng "
    "đều hợp lệ (có một dòng lỗi thì không lưu dòng nào).",
)


def import_template() -> bytes:
    return template_workbook("Cán bộ", COLUMNS, REQUIRED, EXAMPLE, GUIDE)
