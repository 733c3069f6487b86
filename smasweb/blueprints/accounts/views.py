"""Accounts: list with search, detail, create, edit, reset password, lock and unlock."""

from flask import request, url_for
from flask_login import current_user

from smasweb import excel
from smasweb.blueprints.forms_common import (
    EmptyForm,
    attach_error,
    form_status,
    select_choices,
)
from smasweb.blueprints.query_args import PER_PAGE, int_arg, page_arg, page_count
from smasweb.models.accounts import ROLE_LABELS
from smasweb.rendering import done, render
from smasweb.services import policy, units
from smasweb.services.accounts import export as account_sheet
from smasweb.services.accounts import login_throttle, reset_requests, shown_once
from smasweb.services.accounts import records as accounts
from smasweb.services.errors import NotFound, ValidationFailed

from .blueprint import bp
from .forms import AccountForm

# Requests that keep a one-time password on show: its page, the files it loads, and
# no page at all (a 404 such as a browser's /favicon.ico).
KEEPS_THE_PASSWORD = frozenset({"accounts.detail", "static", None})


def _list_context(args) -> dict:
    q = args.get("q", "").strip()
    role = args.get("role") if args.get("role") in ROLE_LABELS else ""
    page = page_arg(args)
    rows, total = accounts.search_accounts(
        current_user, q, role or None, page, PER_PAGE
    )
    pages = page_count(total)
    return {
        "rows": rows,
        "total": total,
        "q": q,
        "role": role,
        "page": page,
        "pages": pages,
    }


def _require_account_pages() -> None:
    """Roles with no account pages at all get 404, as for anything outside their scope."""
    if not policy.can(current_user, "accounts.view"):
        raise NotFound()


@bp.get("/")
def index():
    _require_account_pages()
    return render(
        "accounts/index.html",
        "account_results",
        reset_requests=reset_requests.open_requests(current_user),
        **_list_context(request.args),
    )


@bp.get("/export.xlsx")
def export():
    """The list as an Excel file: the page's scope, search and role filter."""
    _require_account_pages()
    args = request.args
    role = args.get("role") if args.get("role") in ROLE_LABELS else None
    data = account_sheet.export(current_user, args.get("q", "").strip(), role)
    return excel.xlsx_response("tai-khoan.xlsx", data)


@bp.get("/<int:user_id>")
def detail(user_id: int):
    user = accounts.get_account(current_user, user_id)
    blocked = login_throttle.blocked_clients(user.username)
    return render(
        "accounts/detail.html",
        account=user,
        form=EmptyForm(),
        temp=shown_once.read(user.id),
        blocked=blocked,
        show_minutes=int(shown_once.SHOW_FOR.total_seconds() // 60),
    )


@bp.before_app_request
def _leave_the_password_page():
    """Once the admin opens another page, a kept one-time password is gone."""
    if request.endpoint not in KEEPS_THE_PASSWORD:
        shown_once.forget()


def _show_once(user, temp: str, message: str):
    """Keep the password for the account's page (a reload shows it again), then go
    there: a redirect, so the password is never in a URL or a form resubmission."""
    shown_once.keep(user.id, temp)
    return done(url_for("accounts.detail", user_id=user.id), message)


def _data(form: AccountForm) -> accounts.AccountData:
    return accounts.AccountData(
        username=form.username.data or "",
        full_name=form.full_name.data or "",
        role=form.role.data,
        unit_code=form.unit_code.data or "",
        email=form.email.data,
        phone=form.phone.data,
        fields=tuple(form.fields.data or ()),
    )


def _limit_roles(form: AccountForm) -> None:
    roles = policy.creatable_roles(current_user)
    form.role.choices = select_choices({r: ROLE_LABELS[r] for r in roles})


@bp.route("/new", methods=["GET", "POST"])
def new():
    _require_account_pages()
    policy.require(current_user, "accounts.manage")
    form = AccountForm()
    _limit_roles(form)
    if request.method == "GET":
        unit_id = int_arg(request.args, "unit")
        unit = units.get_unit(current_user, unit_id) if unit_id is not None else None
        form.unit_code.data = (unit or current_user.unit).code
    if form.validate_on_submit():
        try:
            user, temp = accounts.create_account(current_user, _data(form))
        except ValidationFailed as exc:
            attach_error(form, exc)
        else:
            return _show_once(user, temp, f"Đã tạo tài khoản {user.username}.")
    return render(
        "accounts/form.html", "account_form", form_status(form), form=form, account=None
    )


@bp.route("/<int:user_id>/edit", methods=["GET", "POST"])
def edit(user_id: int):
    user = accounts.get_account(current_user, user_id)
    policy.require(current_user, "accounts.manage", account=user)
    form = AccountForm(
        obj=user, unit_code=user.unit.code, fields=list(user.field_codes)
    )
    _limit_roles(form)
    if form.validate_on_submit():
        try:
            accounts.update_account(current_user, user, _data(form))
        except ValidationFailed as exc:
            attach_error(form, exc)
        else:
            return done(
                url_for("accounts.detail", user_id=user.id), "Đã lưu tài khoản."
            )
    return render(
        "accounts/form.html", "account_form", form_status(form), form=form, account=user
    )


@bp.post("/<int:user_id>/reset-password")
def reset_password(user_id: int):
    user = accounts.get_account(current_user, user_id)
    temp = accounts.reset_password(current_user, user)
    return _show_once(user, temp, f"Đã đặt lại mật khẩu của {user.username}.")


@bp.post("/<int:user_id>/unlock")
def unlock(user_id: int):
    user = accounts.get_account(current_user, user_id)
    accounts.clear_lockout(current_user, user)
    return done(url_for("accounts.detail", user_id=user.id), "Đã mở khóa đăng nhập.")


@bp.post("/<int:user_id>/active")
def set_active(user_id: int):
    user = accounts.get_account(current_user, user_id)
    active = request.form.get("active") == "1"
    accounts.set_active(current_user, user, active)
    message = "Đã kích hoạt tài khoản." if active else "Đã vô hiệu hóa tài khoản."
    return done(url_for("accounts.detail", user_id=user.id), message)
