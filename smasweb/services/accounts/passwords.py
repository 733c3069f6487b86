"""Password hashing (argon2id) and temporary passwords."""

import secrets

from argon2 import PasswordHasher, Type
from argon2.exceptions import InvalidHashError, VerificationError
from flask import current_app

from smasweb.services.errors import ValidationFailed

_TEMP_ALPHABET = "abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789"
MIN_LENGTH = 8


def _hasher() -> PasswordHasher:
    cfg = current_app.config
    return PasswordHasher(
        time_cost=cfg["ARGON2_TIME_COST"],
        memory_cost=cfg["ARGON2_MEMORY_COST"],
        parallelism=cfg["ARGON2_PARALLELISM"],
        type=Type.ID,
    )


def hash_password(password: str) -> str:
    return _hasher().hash(password)


def verify_password(password_hash: str, password: str) -> bool:
    try:
        return _hasher().verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def temporary_password() -> str:
    return "".join(secrets.choice(_TEMP_ALPHABET) for _ in range(12))


def check_strength(password: str, username: str, field: str = "new_password") -> None:
    """Raise ValidationFailed for a password too weak to accept."""
    if len(password) < MIN_LENGTH:
        raise ValidationFailed(f"Mật khẩu phải có ít nhất {MIN_LENGTH} ký tự.", field)
    if password.lower() == username.lower():
        raise ValidationFailed("Mật khẩu không được trùng tên đăng nhập.", field)
    if password.isdigit() or password.isalpha():
        raise ValidationFailed("Mật khẩu phải có cả chữ và số.", field)
