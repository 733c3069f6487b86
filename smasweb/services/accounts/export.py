"""The account list as an Excel file: the accounts the actor may list (the page's
scope), with the page's search and role filter, every page."""

from smasweb import excel
from smasweb.models import User
from smasweb.services.accounts.records import search_accounts
from smasweb.text import vn_date

HEADERS = [
    "Họ và tên",
    "Tên đăng nhập",
    "Vai trò",
    "Mã đơn vị",
    "Đơn vị",
    "Trạng thái",
    "Đăng nhập gần nhất",
]
ALL = 10**9


def status(user: User) -> str:
    if not user.active:
        return "Đã vô hiệu hóa"
    return "Phải đổi mật khẩu" if user.must_change_password else "Hoạt động"


def export(actor: User, q: str, role: str | None) -> bytes:
    """Raises NotFound for roles with no account pages."""
    found, _ = search_accounts(actor, q, role, 1, ALL)
    rows = (
        [
            u.full_name,
            u.username,
            u.role_label,
            u.unit.code,
            u.unit.name,
            status(u),
            vn_date(u.last_login_at),
        ]
        for u in found
    )
    return excel.streamed_workbook("Tai khoan", HEADERS, rows)
