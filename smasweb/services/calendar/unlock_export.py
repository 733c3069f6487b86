"""The unlock inbox as an Excel file: the requests of the schools the actor answers
for (the page's scope), with the page's status filter and search, every page."""

from smasweb import excel
from smasweb.codelists import calendar_field_label
from smasweb.models import User
from smasweb.models.units import split_codes
from smasweb.services.calendar import unlocks
from smasweb.text import vn_date

HEADERS = [
    "Mã trường",
    "Trường",
    "Kỳ báo cáo",
    "Lĩnh vực xin mở",
    "Lý do",
    "Người gửi",
    "Gửi lúc",
    "Trạng thái",
    "Lĩnh vực được mở",
    "Mở đến",
    "Người trả lời",
    "Trả lời lúc",
    "Ý kiến",
]
ALL = 10**9


def _labels(codes) -> str:
    return ", ".join(calendar_field_label(c) for c in split_codes(codes))


def export(actor: User, status: str, q: str) -> bytes:
    """Raises PermissionDenied for roles that answer no request."""
    found = unlocks.list_requests(actor, status, q, 1, ALL)
    rows = (
        [
            r.school.code,
            r.school.name,
            r.period.title if r.period else "",
            _labels(r.fields),
            r.reason,
            r.requested_by.full_name if r.requested_by else "",
            vn_date(r.requested_at),
            unlocks.STATUS_LABELS[unlocks.status_of(r)],
            _labels(r.granted_fields),
            vn_date(r.expires_at),
            r.decided_by.full_name if r.decided_by else "",
            vn_date(r.decided_at),
            r.decision_note or "",
        ]
        for r in found.rows
    )
    return excel.streamed_workbook("Yeu cau mo khoa", HEADERS, rows)
