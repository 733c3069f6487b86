"""The columns of the THPT exam results file and the reading of one row: a
candidate's identity, the scores of the subjects taken (0–10, empty: not taken),
điểm khuyến khích and điểm ưu tiên."""

from decimal import Decimal, InvalidOperation

from smasweb.services.graduation.thpt_score import SUBJECTS
from smasweb.services.imports.cells import Column, RowCells

MAX_SCORE = Decimal(10)
MAX_BONUS = Decimal(4)  # TT 15/2020 Điều 41: at most 4 points in total
MAX_PRIORITY = Decimal(1)

COLUMNS: dict[str, Column] = {
    "registration_no": Column("Số báo danh", "upper", size=12),
    "personal_id": Column("Số định danh cá nhân", "pid"),
    "full_name": Column("Họ và tên"),
    "birth_date": Column("Ngày sinh (dd/mm/yyyy)", "date"),
    **{code: Column(name, "score") for code, name in SUBJECTS.items()},
    "bonus": Column("Điểm khuyến khích", "bonus", default=Decimal(0)),
    "priority": Column("Điểm ưu tiên", "priority", default=Decimal(0)),
}
SCORES = tuple(SUBJECTS)
REQUIRED = ("registration_no", "full_name", "toan", "ngu_van")
EXAMPLE = {
    "registration_no": "VIDU01",
    "personal_id": "086208001234",
    "full_name": "Nguyễn Văn An",
    "birth_date": "05/09/2007",
    "toan": "7,25",
    "ngu_van": "6,5",
    "ngoai_ngu": "8,2",
    "lich_su": "7,75",
    "bonus": "0",
    "priority": "0,25",
}


class ExamCells(RowCells):
    """Reads one row of the exam results sheet."""

    columns = COLUMNS
    required = REQUIRED
    key = "registration_no"

    def _number(self, name, text, top: Decimal):
        try:
            value = Decimal(text.replace(",", "."))
        except InvalidOperation:
            return self.fail(name, f"“{text}” không phải số (ví dụ 6,75).")
        if not value.is_finite() or not Decimal(0) <= value <= top:
            return self.fail(name, f"Điểm phải từ 0 đến {top}.")
        if value != value.quantize(Decimal("0.01")):
            return self.fail(name, "Điểm có nhiều nhất hai chữ số thập phân.")
        return value.quantize(Decimal("0.01"))

    def _score(self, name, column, text):
        return self._number(name, text, MAX_SCORE)

    def _bonus(self, name, column, text):
        return self._number(name, text, MAX_BONUS)

    def _priority(self, name, column, text):
        return self._number(name, text, MAX_PRIORITY)
