"""The audit blueprint: blueprint.py creates bp; importing a route module adds its routes."""

from . import exports, views  # noqa: F401
from .blueprint import bp

__all__ = ["bp"]
