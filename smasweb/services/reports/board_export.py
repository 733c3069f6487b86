"""The progress board as an Excel file: the board's schools (every page, and on the
province board the schools of every middle unit too) with their status, the same
scope and filters as the page."""

from smasweb import excel
from smasweb.models import User
from smasweb.services.reports import board as tracking
from smasweb.text import vn_date

HEADERS = [
    "Đơn vị quản lý",
    "Mã trường",
    "Trường",
    "Cấp học",
    "Trạng thái",
    "Ngày gửi",
    "Ngày xử lý",
    "Ý kiến, lý do từ chối",
    "Còn thiếu",
]
ALL = 10**9  # one page holds every row


def export(actor: User, unit_id, period_id, level: str, status: str):
    """(file name, .xlsx bytes). Raises PermissionDenied, NotFound as the page does."""
    found = tracking.build_board(
        actor, unit_id, period_id, level, status, per_page=ALL, every_school=True
    )

    def rows():
        for r in found.rows:
            sub = r.row
            yield [
                (r.group or found.unit).name,
                r.school.code,
                r.school.name,
                r.level_label,
                r.status_label,
                vn_date(sub.sent_at if sub else None),
                vn_date(sub.decided_at if sub else None),
                (sub.note or "") if sub else "",
                "; ".join(r.missing),
            ]

    name = f"tien-do-bao-cao-{found.unit.code}-{found.period.id}.xlsx"
    return name, excel.workbook("Tien do", HEADERS, rows())
