"""Demo staff for every demo school (stub, being built)."""

from smasweb.models import Unit


def load_staff(schools: list[Unit], scale: str = "small") -> int:
    return 0
