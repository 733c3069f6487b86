"""Section IV of the start-of-year form: the staff summary (stub, being built)."""

from .views import bp  # noqa: F401
