"""The facilities blueprint: blueprint.py creates bp; importing a route module adds its routes."""

from . import equipment, imports, rooms, views  # noqa: F401
from .blueprint import bp

__all__ = ["bp"]
