"""Section III of the start-of-year forms: the pupils' summary (stub, being built)."""

from .blueprint import bp  # noqa: F401
