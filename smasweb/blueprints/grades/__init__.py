"""The gradebook blueprint: blueprint.py creates bp; route modules add routes."""

from . import assignments, assignments_excel, excel, views  # noqa: F401
from .blueprint import bp

__all__ = ["bp"]
