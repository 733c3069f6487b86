"""Reading list-page query strings the same way everywhere: ids, page, school year."""

from collections.abc import Mapping

from smasweb.limits import MAX_INT
from smasweb.services import years as school_years

PER_PAGE = 25


def to_int(value) -> int | None:
    """A non-negative integer of at most MAX_INT from a query or form value, else None."""
    text = str(value if value is not None else "").strip()
    # ASCII digits only ("²".isdigit() is true but int() refuses it), and at most
    # ten of them, so int() never sees a huge string
    if not (text.isascii() and text.isdigit()) or len(text) > len(str(MAX_INT)):
        return None
    number = int(text)
    return number if number <= MAX_INT else None


def int_arg(args: Mapping, name: str) -> int | None:
    return to_int(args.get(name))


def year_arg(args: Mapping) -> int:
    """?year= (a school year by its first calendar year), else the current one."""
    year = int_arg(args, "year")
    return year if year and 2000 <= year <= 2100 else school_years.current_year()


def page_arg(args: Mapping) -> int:
    return max(1, int_arg(args, "page") or 1)


def page_count(total: int, per_page: int = PER_PAGE) -> int:
    return max(1, -(-total // per_page))
