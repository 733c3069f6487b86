"""The THPT pass list as an Excel sheet: one row per candidate, the exam scores,
the school years' averages, ĐXTN and Đỗ/Trượt with the reason."""

from smasweb import excel
from smasweb.services.graduation.thpt import Candidate
from smasweb.services.graduation.thpt_score import SUBJECTS, two_decimals

HEADERS = [
    "STT",
    "Lớp",
    "Họ và tên",
    "Ngày sinh",
    "Số báo danh",
    *SUBJECTS.values(),
    "Điểm khuyến khích",
    "Điểm ưu tiên",
    "ĐTB lớp 10",
    "ĐTB lớp 11",
    "ĐTB lớp 12",
    "Điểm xét tốt nghiệp",
    "Kết quả",
    "Lý do",
]


def _number(value):
    return None if value is None else float(value)


def _row(n: int, c: Candidate) -> list:
    exam = c.exam
    scores = exam.scores() if exam else {}
    birth = c.student.birth_date
    return [
        n,
        c.cls.name,
        c.student.full_name,
        birth.strftime("%d/%m/%Y") if birth else "",
        exam.registration_no if exam else "",
        *(_number(scores.get(code)) for code in SUBJECTS),
        _number(exam.bonus) if exam else None,
        _number(exam.priority) if exam else None,
        *(_number(two_decimals(c.years[g])) if g in c.years else None
          for g in (10, 11, 12)),
        _number(c.score),
        c.status,
        c.reason,
    ]  # fmt: skip


def workbook(rows: list[Candidate]) -> bytes:
    return excel.workbook(
        "Tot nghiep THPT", HEADERS, [_row(n, c) for n, c in enumerate(rows, 1)]
    )
