"""Demo pupils for every demo class (stub, being built)."""

from smasweb.models import Unit


def load_students(schools: list[Unit], scale: str = "small") -> int:
    return 0
