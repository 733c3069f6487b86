"""User accounts: one role, bound to one unit; division accounts carry their fields."""

import secrets
from datetime import datetime

from flask_login import UserMixin
from sqlalchemy import Boolean, DateTime, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from smasweb.models.base import Base, TimestampMixin
from smasweb.models.units import Unit, split_codes
from smasweb.text import fold, name_sort_key

ROLE_LABELS = {
    "admin": "Quản trị hệ thống (Văn phòng Sở)",
    "division": "Chuyên viên phòng chuyên môn Sở",
    "district": "Chuyên viên Phòng GD&ĐT",
    "school_leader": "Ban giám hiệu",
    "school_clerk": "Cán bộ phụ trách dữ liệu",
    "teacher": "Giáo viên",
}

# The unit kinds each role may be bound to.
ROLE_UNIT_KINDS = {
    "admin": ("department", "division"),
    "division": ("division",),
    "district": ("district", "commune"),
    "school_leader": ("school",),
    "school_clerk": ("school",),
    "teacher": ("school",),
}


def new_session_token() -> str:
    return secrets.token_urlsafe(16)


class User(UserMixin, TimestampMixin, Base):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(64), unique=True)
    full_name: Mapped[str] = mapped_column(String(120))
    name_folded: Mapped[str] = mapped_column(String(200), index=True)
    sort_key: Mapped[str] = mapped_column(String(250), index=True)
    email: Mapped[str | None] = mapped_column(String(120))
    phone: Mapped[str | None] = mapped_column(String(20))
    role: Mapped[str] = mapped_column(String(20), index=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id"), index=True)
    fields: Mapped[str | None] = mapped_column(String(200))
    password_hash: Mapped[str] = mapped_column(String(255))
    must_change_password: Mapped[bool] = mapped_column(Boolean, default=True)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    failed_logins: Mapped[int] = mapped_column(Integer, default=0)
    locked_until: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    last_login_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    # Changing it (password change or reset) ends every other session of the user.
    session_token: Mapped[str] = mapped_column(String(32), default=new_session_token)
    # A teacher's (or leader's) own staff record, once the school links them.
    staff_id: Mapped[int | None] = mapped_column(
        ForeignKey("staff_members.id"), index=True
    )

    unit: Mapped[Unit] = relationship(lazy="joined")

    @staticmethod
    def search_keys(full_name: str, username: str) -> dict[str, str]:
        """The derived columns that search and Vietnamese name order use."""
        return {
            "name_folded": fold(f"{full_name} {username}"),
            "sort_key": name_sort_key(full_name),
        }

    def get_id(self) -> str:
        return f"{self.id}:{self.session_token}"

    @property
    def is_active(self) -> bool:
        return self.active

    @property
    def role_label(self) -> str:
        return ROLE_LABELS[self.role]

    @property
    def field_codes(self) -> tuple[str, ...]:
        return split_codes(self.fields)

    def __repr__(self) -> str:
        return f"<User {self.username} {self.role}>"


class UserSession(Base):
    """One signed-in browser: the cookie carries a random id whose hash is kept here,
    so logging out (or an idle or too-old session) ends it on every worker and host."""

    __tablename__ = "user_sessions"

    id: Mapped[int] = mapped_column(primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), index=True
    )
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    last_seen_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    ended_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    ip: Mapped[str] = mapped_column(String(45), default="")
    user_agent: Mapped[str] = mapped_column(String(200), default="")
    # A one-time password this browser may show again for a short while
    # (services/accounts/shown_once): here only its one-time-pad ciphertext; the pad
    # is in the signed cookie, so neither the database nor the cookie alone has it.
    note_account_id: Mapped[int | None] = mapped_column(Integer)
    note_cipher: Mapped[str | None] = mapped_column(String(200))
    note_until: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class PasswordResetRequest(Base):
    """A "Quên mật khẩu" request: shown to whoever may reset the account (the school
    leader for school staff, the admin otherwise) until it is handled."""

    __tablename__ = "password_reset_requests"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), index=True
    )
    requested_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    client: Mapped[str] = mapped_column(String(45), default="")
    handled_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))

    user: Mapped["User"] = relationship(foreign_keys=[user_id])


class LoginThrottle(Base):
    """Failed sign-ins counted per key (a client, a client and an account, an
    account) in a window, with the moment the key may try again."""

    __tablename__ = "login_throttles"

    key: Mapped[str] = mapped_column(String(200), primary_key=True)
    failures: Mapped[int] = mapped_column(Integer, default=0)
    window_start: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    blocked_until: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
