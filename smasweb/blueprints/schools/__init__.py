"""The schools blueprint; the route modules register on the `bp` of views.py."""

from . import campuses, classes  # noqa: F401
from .views import bp  # noqa: F401
