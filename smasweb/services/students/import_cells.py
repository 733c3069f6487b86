"""The pupils' import columns (C1-HocSinh style) and the reading of one sheet row.

Uses the shared cell readers (import_cells: codes or labels, dd/mm/yyyy or Excel
dates, decimal comma, personal IDs and phones that lost their leading zero) and adds
Ministry codes, administrative units, flags (Có/Không, x), lists of codes and birth
years. A row with any bad cell yields no values; every bad cell is a row error
naming the column the user sees.
"""

import re

from smasweb import codelists
from smasweb.codelists.admin_units import admin_units
from smasweb.services.imports.cells import Column, RowCells
from smasweb.text import fold, person_name

COLUMNS: dict[str, Column] = {
    "class_name": Column("Lớp (tên hoặc mã lớp)", size=30),
    "ministry_code": Column("Mã học sinh (Bộ)", "digits", size=10),
    "school_code": Column("Mã học sinh của trường", "upper", size=20),
    "full_name": Column("Họ và tên", "name"),
    "birth_date": Column("Ngày sinh (dd/mm/yyyy)", "date"),
    "gender": Column("Giới tính", "code", "genders"),
    "ethnicity": Column("Dân tộc", "code", "ethnicities", default="01"),
    "religion": Column("Tôn giáo", "code", "religions", default="99"),
    "nationality": Column("Quốc tịch", "code", "nationalities", default="VN"),
    "personal_id": Column("Số định danh cá nhân", "pid"),
    "birthplace": Column("Nơi sinh", size=255),
    "home_town": Column("Quê quán", size=255),
    "perm_address": Column("Địa chỉ thường trú", size=255),
    "perm_province": Column("Tỉnh thường trú (mã)", "code", "provinces"),
    "perm_district": Column("Huyện thường trú (mã)", "admin", size=3),
    "perm_commune": Column("Xã thường trú (mã)", "admin", size=5),
    "cur_address": Column("Chỗ ở hiện nay", size=255),
    "policy_categories": Column("Diện chính sách", "codes", "policy_categories"),
    "disability": Column("Loại khuyết tật", "code", "disabilities"),
    "household": Column("Hộ nghèo/cận nghèo", "code", "household_kinds"),
    "supports": Column("Hỗ trợ", "codes", "student_supports"),
    "supports_from": Column("Hỗ trợ từ ngày (dd/mm/yyyy)", "date"),
    "pioneer": Column("Đội viên", "flag"),
    "youth_union": Column("Đoàn viên", "flag"),
    "father_name": Column("Họ tên cha", "name"),
    "father_birth_year": Column("Năm sinh cha", "year"),
    "father_job": Column("Nghề nghiệp cha"),
    "father_phone": Column("SĐT cha", "phone", size=20),
    "mother_name": Column("Họ tên mẹ", "name"),
    "mother_birth_year": Column("Năm sinh mẹ", "year"),
    "mother_job": Column("Nghề nghiệp mẹ"),
    "mother_phone": Column("SĐT mẹ", "phone", size=20),
    "guardian_name": Column("Họ tên người giám hộ", "name"),
    "guardian_birth_year": Column("Năm sinh người giám hộ", "year"),
    "guardian_job": Column("Nghề nghiệp người giám hộ"),
    "guardian_phone": Column("SĐT người giám hộ", "phone", size=20),
    "weight_kg": Column("Cân nặng (kg)", "decimal"),
    "height_cm": Column("Chiều cao (cm)", "decimal"),
    "nutrition": Column("Tình trạng dinh dưỡng", "code", "nutrition_statuses"),
}
# Not columns of the record: the pupil's dated support grants (services/students/supports)
SUPPORT_FIELDS = ("supports", "supports_from")
# As on the form: Mã học sinh của trường may be left empty (a code is generated).
REQUIRED = ("full_name", "birth_date", "gender")
YES = {"co", "x", "1", "true", "yes", "c"}
NO = {"khong", "0", "false", "no", "k"}


def admin_codes() -> frozenset[str]:
    return frozenset(u.code for u in admin_units())


class StudentCells(RowCells):
    """Reads one row of the pupils' sheet, recording a row error per bad cell."""

    columns = COLUMNS
    required = REQUIRED
    key = "school_code"

    def _digits(self, name, column, text):
        if not text.isdigit() or len(text) != column.size:
            return self.fail(name, f"“{text}” phải gồm đúng {column.size} chữ số.")
        return text

    def _name(self, name, column, text):
        return person_name(text)

    def _admin(self, name, column, text):
        if text not in admin_codes():
            return self.fail(name, f"“{text}” không phải mã đơn vị hành chính.")
        return text

    def _codes(self, name, column, text):
        codes = []
        for part in re.split(r"[;,]", text):
            if not part.strip():
                continue
            code = codelists.resolve(column.codelist, part)
            if code is None:
                message = f"“{part.strip()}” không có trong danh mục (xem “Danh mục”)."
                return self.fail(name, message)
            codes.append(code)
        return ",".join(dict.fromkeys(codes)) or None

    def _flag(self, name, column, text):
        word = fold(text)
        if word in YES:
            return True
        if word in NO:
            return False
        return self.fail(name, f"“{text}” phải là Có hoặc Không (hoặc x).")

    def _year(self, name, column, text):
        if not (text.isdigit() and 1900 <= int(text) <= 2100):
            return self.fail(name, f"“{text}” không phải năm sinh (ví dụ 1985).")
        return int(text)
