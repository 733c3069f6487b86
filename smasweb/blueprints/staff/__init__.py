"""The staff blueprint: blueprint.py creates bp; importing a route module adds its routes."""

from . import imports, records, summary, transfers, views, years  # noqa: F401
from .blueprint import bp

__all__ = ["bp"]
