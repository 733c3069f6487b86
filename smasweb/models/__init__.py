"""Every model module, imported once so Alembic and the app see all tables."""

from smasweb.models.accounts import User
from smasweb.models.units import Unit, UnitLink

__all__ = ["Unit", "UnitLink", "User"]
