"""The staff import's columns and the reading of one sheet row into record values.

Every bad cell becomes a row error naming the column the user sees; a row with any
error yields no values (the cell readers are import_cells.RowCells).
"""

from smasweb.services.imports.cells import Column, RowCells

COLUMNS: dict[str, Column] = {
    "code": Column("Mã cán bộ", "upper", size=30),
    "full_name": Column("Họ và tên"),
    "gender": Column("Giới tính", "code", "genders"),
    "birth_date": Column("Ngày sinh (dd/mm/yyyy)", "date"),
    "personal_id": Column("Số định danh cá nhân", "pid"),
    "ethnicity": Column("Dân tộc", "code", "ethnicities", default="01"),
    "religion": Column("Tôn giáo", "code", "religions", default="99"),
    "group": Column("Nhóm cán bộ", "code", "staff_groups"),
    "position": Column("Chức vụ", "code", "staff_positions"),
    "teaching_level": Column("Cấp dạy", "code", "levels"),
    "contract": Column("Hình thức hợp đồng", "code", "staff_contracts"),
    "title_code": Column("Mã ngạch", "code", "salary_titles"),
    "salary_step": Column("Bậc lương", "int"),
    "salary_coefficient": Column("Hệ số lương", "decimal"),
    "qualification": Column("Trình độ chuyên môn", "code", "qualifications"),
    "major": Column("Chuyên ngành"),
    "major_level": Column("Trình độ chuyên ngành", "code", "major_levels"),
    "political_theory": Column("Trình độ LLCT", "code", "political_theory"),
    "state_management": Column("Quản lý nhà nước", "code", "state_management"),
    "it_level": Column("Tin học", "code", "it_levels"),
    "foreign_language": Column("Ngoại ngữ", "code", "foreign_languages"),
    "language_level": Column("Bậc ngoại ngữ", "code", "language_levels"),
    "recruited_on": Column("Ngày tuyển dụng", "date"),
    "joined_school_on": Column("Ngày vào trường", "date"),
    "status": Column("Trạng thái", "code", "staff_statuses", default="01"),
    "phone": Column("Điện thoại", "phone", size=20),
    "email": Column("Email"),
    "party_joined_on": Column("Ngày vào Đảng", "date"),
    "union_joined_on": Column("Ngày vào Công đoàn", "date"),
    "youth_union_joined_on": Column("Ngày vào Đoàn", "date"),
    "address": Column("Địa chỉ", size=255),
}
# As on the form: Mã cán bộ may be left empty (a "CB0001" code is generated).
REQUIRED = (
    "full_name",
    "gender",
    "birth_date",
    "group",
    "position",
    "contract",
    "qualification",
)


class StaffCells(RowCells):
    """Reads one row of the staff sheet, recording a row error per bad cell."""

    columns = COLUMNS
    required = REQUIRED
    key = "code"
