"""The attendance blueprint: blueprint.py creates bp; route modules add routes."""

from . import month, risk, teachers, views  # noqa: F401
from .blueprint import bp

__all__ = ["bp"]
