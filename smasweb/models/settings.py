"""Numbers the Department sets for every school (thresholds of warnings and the like).

One row per key; a key without a row has the default its service declares, so a
fresh install works before anyone has saved a setting.
"""

from sqlalchemy import ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from smasweb.models.base import Base, TimestampMixin


class Setting(TimestampMixin, Base):
    """One setting of the Department: an integer under a dotted key."""

    __tablename__ = "settings"

    key: Mapped[str] = mapped_column(String(60), primary_key=True)
    value: Mapped[int] = mapped_column(Integer)
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
