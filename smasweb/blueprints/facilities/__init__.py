"""Facilities blueprint: views.py defines bp; the route modules register on it."""

from . import equipment, imports, rooms  # noqa: F401  (route modules add their routes)
from .views import bp  # noqa: F401
