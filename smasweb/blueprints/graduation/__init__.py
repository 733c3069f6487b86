"""The graduation blueprint: blueprint.py creates bp; route modules add routes."""

from . import thpt  # noqa: F401
from .blueprint import bp

__all__ = ["bp"]
