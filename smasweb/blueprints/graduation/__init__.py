"""The graduation blueprint: blueprint.py creates bp; route modules add routes."""

from . import thcs_documents, thpt, views  # noqa: F401
from .blueprint import bp

__all__ = ["bp"]
