"""Reading the query string of the schools pages: year, school, page, ids."""

from collections.abc import Mapping

from smasweb.services import school_data

PER_PAGE = 25


def year_arg(args: Mapping) -> int:
    """?year= (a school year by its first calendar year), else the current one."""
    value = str(args.get("year", ""))
    if value.isdigit() and 2000 <= int(value) <= 2100:
        return int(value)
    return school_data.current_year()


def int_arg(args: Mapping, name: str) -> int | None:
    value = str(args.get(name, ""))
    return int(value) if value.isdigit() else None


def page_arg(args: Mapping) -> int:
    return max(1, int_arg(args, "page") or 1)


def pages(total: int, per_page: int = PER_PAGE) -> int:
    return max(1, -(-total // per_page))
