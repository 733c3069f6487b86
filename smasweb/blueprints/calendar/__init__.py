"""The calendar blueprint: blueprint.py creates bp; importing a route module adds its routes."""

from . import admin, holidays, inbox, rules, views  # noqa: F401
from .blueprint import bp

__all__ = ["bp"]
