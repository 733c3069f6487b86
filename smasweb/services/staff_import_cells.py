"""The staff import's columns and the reading of one sheet row into record values.

Every bad cell becomes a row error naming the column the user sees; a row with any
error yields no values.
"""

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from openpyxl.utils.datetime import from_excel

from smasweb import codelists, excel
from smasweb.services.imports import ImportReport


@dataclass(frozen=True)
class Column:
    header: str
    kind: str = "text"  # text, upper, code, date, int, decimal, pid, phone
    codelist: str | None = None
    size: int = 120
    default: str | None = None  # what an empty cell means for a NOT NULL column


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
REQUIRED = (
    "code",
    "full_name",
    "gender",
    "birth_date",
    "group",
    "position",
    "contract",
    "qualification",
)
EXAMPLE_CODE = "VIDU01"  # the template's example row, never imported


class RowCells:
    """Reads one row of the staff sheet, recording a row error per bad cell."""

    def __init__(self, report: ImportReport, number: int, values: dict, present):
        self.report, self.number, self.values = report, number, values
        self.present, self.bad = present, False

    def fail(self, name: str, message: str) -> None:
        self.bad = True
        self.report.add_error(self.number, COLUMNS[name].header, message)

    def text(self, name: str) -> str:
        value = self.values.get(COLUMNS[name].header)
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        return " ".join(str(value).split()) if value is not None else ""

    def read(self) -> dict | None:
        """{field: value} of the columns present in the file, or None on any error."""
        out = {}
        for name in COLUMNS:
            if name not in self.present:
                continue
            value = self._value(name)
            if value is None and name in REQUIRED and self.text(name) == "":
                self.fail(name, "Bắt buộc nhập.")
            out[name] = value
        self._example(out)
        return None if self.bad else out

    def _value(self, name: str):
        column = COLUMNS[name]
        text = self.text(name)
        if not text:
            return column.default
        if len(text) > column.size:
            return self.fail(name, f"Dài quá {column.size} ký tự.")
        reader = getattr(self, f"_{column.kind}")
        return reader(name, column, text)

    def _text(self, name, column, text):
        return text

    def _code(self, name, column, text):
        code = codelists.resolve(column.codelist, text)
        if code is None:
            self.fail(name, f"“{text}” không có trong danh mục (xem trang Danh mục).")
        return code

    def _date(self, name, column, text):
        raw = self.values.get(column.header)
        try:
            if isinstance(raw, int | float) and not isinstance(raw, bool):
                return from_excel(raw).date()
            value = excel.parse_date(raw)
        except (ValueError, TypeError, OverflowError):
            return self.fail(name, f"“{text}” không phải ngày dạng dd/mm/yyyy.")
        return value

    def _upper(self, name, column, text):
        return text.upper()

    def _int(self, name, column, text):
        if not text.isdigit():
            return self.fail(name, f"“{text}” không phải số nguyên.")
        return int(text)

    def _decimal(self, name, column, text):
        try:
            return Decimal(text.replace(",", ".")).quantize(Decimal("0.01"))
        except InvalidOperation:
            return self.fail(name, f"“{text}” không phải số (ví dụ 4,65).")

    def _pid(self, name, column, text):
        text = text.replace(" ", "")
        raw = self.values.get(column.header)
        if isinstance(raw, int | float) and text.isdigit():
            text = text.zfill(12)  # Excel drops the leading 0 of a number cell
        return text

    def _phone(self, name, column, text):
        digits = re.sub(r"[\s.\-]", "", text)
        if digits.isdigit() and len(digits) in (9, 10) and digits[0] != "0":
            digits = "0" + digits  # Excel drops the leading 0 of a number cell
        return digits

    def _example(self, out: dict) -> None:
        if out.get("code") == EXAMPLE_CODE:
            self.fail("code", "Đây là dòng ví dụ của tệp mẫu, hãy xóa dòng này.")
