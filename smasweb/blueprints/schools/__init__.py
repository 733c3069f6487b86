"""The schools blueprint: blueprint.py creates bp; importing a route module adds its routes."""

from . import accreditation, campuses, classes, views  # noqa: F401
from .blueprint import bp

__all__ = ["bp"]
