"""The gradebook blueprint: blueprint.py creates bp; route modules add routes."""

from . import assignments, excel, views  # noqa: F401
from .blueprint import bp

__all__ = ["bp"]
