"""Accounts: search in scope, create, edit, reset passwords, lock and unlock."""

from dataclasses import dataclass

from sqlalchemy import func, select

from smasweb.extensions import db
from smasweb.models import Unit, User
from smasweb.models.accounts import ROLE_LABELS
from smasweb.services import checks, policy
from smasweb.services.accounts import auth, login_throttle, passwords, reset_requests
from smasweb.services.errors import NotFound, ValidationFailed
from smasweb.text import fold, person_name


@dataclass
class AccountData:
    username: str
    full_name: str
    role: str
    unit_code: str
    email: str | None = None
    phone: str | None = None
    fields: tuple[str, ...] = ()


def _scoped(actor: User, stmt):
    """Accounts the actor may list: admins all, others the accounts of their units."""
    if not policy.has_permission(actor, "accounts.view"):
        raise NotFound()
    return policy.scope_units(actor, stmt, User.unit_id)


def search_accounts(
    actor: User, q: str = "", role: str | None = None, page: int = 1, per_page: int = 25
) -> tuple[list[User], int]:
    """One page of accounts in Vietnamese name order, and the total count."""
    stmt = _scoped(actor, select(User))
    for word in fold(q).split():
        stmt = stmt.where(User.name_folded.contains(word, autoescape=True))
    if role:
        stmt = stmt.where(User.role == role)
    total = db.session.scalar(select(func.count()).select_from(stmt.subquery()))
    rows = db.session.scalars(
        stmt.order_by(User.sort_key, User.id)
        .limit(per_page)
        .offset((max(page, 1) - 1) * per_page)
    )
    return list(rows), total or 0


def get_account(actor: User, user_id: int) -> User:
    """Raises NotFound outside the actor's scope."""
    user = db.session.get(User, user_id)
    if user is None or not policy.can(actor, "accounts.view", account=user):
        raise NotFound()
    return user


def counts_by_role(actor: User) -> dict[str, int]:
    if not policy.has_permission(actor, "accounts.view"):
        return {}
    stmt = _scoped(actor, select(User.role, func.count()).group_by(User.role))
    counts = dict(db.session.execute(stmt).all())
    return {role: counts[role] for role in ROLE_LABELS if counts.get(role)}


def _validate(actor: User, data: AccountData, user: User | None) -> Unit:
    if data.role not in policy.creatable_roles(actor):
        raise ValidationFailed("Bạn không thể cấp tài khoản với vai trò này.", "role")
    code = data.unit_code.strip().upper()
    unit = db.session.scalar(select(Unit).where(Unit.code == code))
    if unit is None or not policy.can(actor, "accounts.manage", unit=unit):
        raise ValidationFailed("Không có đơn vị với mã này.", "unit_code")
    if unit.is_closed:
        raise ValidationFailed("Đơn vị này đã giải thể.", "unit_code")
    if not policy.role_fits_unit(data.role, unit):
        raise ValidationFailed(
            f"Vai trò này không gắn được với {unit.kind_label.lower()}.", "unit_code"
        )
    username = data.username.strip().lower()
    clash = db.session.scalar(select(User).where(func.lower(User.username) == username))
    if clash is not None and clash is not user:
        raise ValidationFailed("Tên đăng nhập này đã có người dùng.", "username")
    return unit


def _apply(user: User, data: AccountData, unit: Unit) -> None:
    user.username = data.username.strip().lower()
    user.full_name = person_name(data.full_name) or ""
    for column, value in User.search_keys(user.full_name, user.username).items():
        setattr(user, column, value)
    user.role = data.role
    user.unit = unit
    user.email = checks.email(data.email)
    user.phone = checks.phone(data.phone)
    allowed = set(unit.field_codes) if policy.takes_fields(data.role) else set()
    user.fields = ",".join(f for f in data.fields if f in allowed) or None


def create_account(actor: User, data: AccountData) -> tuple[User, str]:
    """A new account with a temporary password it must change at first login.

    Raises PermissionDenied, ValidationFailed.
    """
    policy.require(actor, "accounts.manage")
    unit = _validate(actor, data, None)
    user = User()
    _apply(user, data, unit)
    temp = passwords.temporary_password()
    auth.set_password(user, temp, must_change=True)
    db.session.add(user)
    db.session.flush()
    return user, temp


def update_account(actor: User, user: User, data: AccountData) -> User:
    """Raises PermissionDenied, ValidationFailed."""
    policy.require(actor, "accounts.manage", account=user)
    if user.id == actor.id and data.role != user.role:
        raise ValidationFailed("Bạn không thể tự đổi vai trò của mình.", "role")
    unit = _validate(actor, data, user)
    _apply(user, data, unit)
    db.session.flush()
    return user


def reset_password(actor: User, user: User) -> str:
    """Give the account a temporary password (it must change it). Raises PermissionDenied."""
    policy.require(actor, "accounts.reset_password", account=user)
    temp = passwords.temporary_password()
    auth.set_password(user, temp, must_change=True)
    reset_requests.mark_handled(user)
    db.session.flush()
    return temp


def set_active(actor: User, user: User, active: bool) -> User:
    """Disable or re-enable an account. Raises PermissionDenied, ValidationFailed."""
    policy.require(actor, "accounts.manage", account=user)
    if user.id == actor.id:
        raise ValidationFailed("Bạn không thể tự khóa tài khoản của mình.")
    user.active = active
    user.session_token = user.session_token if active else auth.new_session_token()
    db.session.flush()
    return user


def clear_lockout(actor: User, user: User) -> User:
    """Lift every wait on the account after failed logins. Raises PermissionDenied."""
    policy.require(actor, "accounts.reset_password", account=user)
    user.failed_logins = 0
    user.locked_until = None
    login_throttle.clear_account(user.username)
    db.session.flush()
    return user


def _free_username(full_name: str) -> str:
    base = "".join(ch for ch in fold(full_name) if ch.isalnum())[:56] or "gv"
    taken = set(
        db.session.scalars(
            select(func.lower(User.username)).where(User.username.like(f"{base}%"))
        )
    )
    n, name = 1, base
    while name in taken:
        n += 1
        name = f"{base}{n}"
    return name


def create_staff_account(actor: User, staff, role: str) -> tuple[User, str]:
    """An account for a staff record of the leader's school, linked by User.staff_id,
    with a temporary password shown once. Raises PermissionDenied, ValidationFailed."""
    policy.require(actor, "accounts.manage_school_staff", unit=staff.school)
    if role not in policy.staff_account_roles(staff.group):
        raise ValidationFailed("Không thể cấp tài khoản với vai trò này.", "role")
    if db.session.scalar(select(User.id).where(User.staff_id == staff.id)):
        raise ValidationFailed("Cán bộ này đã có tài khoản.", "role")
    user = User(staff_id=staff.id, unit=staff.school, role=role, email=staff.email)
    user.username = _free_username(staff.full_name)
    user.full_name = staff.full_name
    for column, value in User.search_keys(user.full_name, user.username).items():
        setattr(user, column, value)
    user.phone = staff.phone
    temp = passwords.temporary_password()
    auth.set_password(user, temp, must_change=True)
    db.session.add(user)
    db.session.flush()
    return user, temp
