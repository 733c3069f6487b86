"""Domain errors: each carries the HTTP status the web layer answers with."""


class DomainError(Exception):
    status = 400

    def __init__(self, message: str = "", field: str | None = None):
        super().__init__(message)
        self.message = message
        self.field = field


class NotFound(DomainError):
    status = 404

    def __init__(self, message: str = "Không tìm thấy.", field: str | None = None):
        super().__init__(message, field)


class PermissionDenied(DomainError):
    status = 403

    def __init__(
        self, message: str = "Bạn không có quyền thực hiện thao tác này.", field=None
    ):
        super().__init__(message, field)


class Conflict(DomainError):
    status = 409


class PeriodLocked(DomainError):
    """A write outside every entry window. `reason` is the message without its last
    sentence (the advice to ask for an unlock), which pages show as links instead;
    `school` and `period` (the last window, None when not stored) pre-fill that request."""

    status = 423

    def __init__(
        self,
        message: str = "",
        field: str | None = None,
        *,
        reason: str = "",
        school=None,
        period=None,
    ):
        super().__init__(message, field)
        self.reason = reason or message
        self.school = school
        self.period = period


class ValidationFailed(DomainError):
    status = 422


class TooManyAttempts(DomainError):
    """Too many failed sign-ins from this client: it waits `retry_after` seconds."""

    status = 429

    def __init__(self, retry_after: int):
        minutes = max(1, -(-retry_after // 60))
        super().__init__(
            "Đăng nhập sai quá nhiều lần từ máy này. "
            f"Vui lòng thử lại sau {minutes} phút.",
            "password",
        )
        self.retry_after = retry_after
