"""The results blueprint: blueprint.py creates bp; route modules add routes."""

from . import conduct, documents, outstanding, qualities, views  # noqa: F401
from .blueprint import bp

__all__ = ["bp"]
