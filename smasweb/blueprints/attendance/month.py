"""The month grid (sổ điểm danh tháng) of a class: the page, printable on A4
landscape, and the same grid as Excel."""

import re
from datetime import date, timedelta

from flask import abort
from flask_login import current_user

from smasweb import excel
from smasweb.rendering import render
from smasweb.services.attendance import month_export
from smasweb.services.attendance.month_grid import MonthGrid, month_grid

from .blueprint import bp


def _grid(class_id: int, month: str) -> MonthGrid:
    found = re.fullmatch(r"(\d{4})-(\d{2})", month)
    if found is None or not 1 <= int(found[2]) <= 12 or int(found[1]) < 2000:
        abort(404)
    return month_grid(current_user, class_id, int(found[1]), int(found[2]))


@bp.get("/<int:class_id>/month/<month>")
def month(class_id: int, month: str):
    grid = _grid(class_id, month)
    prev = (grid.month - timedelta(days=1)).replace(day=1)
    return render(
        "attendance/month.html",
        grid=grid,
        title=month_export.title(grid),
        legend=month_export.legend(grid),
        rate_line=month_export.rate_line(grid),
        prev=prev,
        next=(grid.month + timedelta(days=31)).replace(day=1),
        weekdays=month_export.WEEKDAYS,
        roll_day=_roll_day(grid),
    )


@bp.get("/<int:class_id>/month/<month>.xlsx")
def month_xlsx(class_id: int, month: str):
    grid = _grid(class_id, month)
    name = re.sub(r"[^\w-]+", "-", grid.cls.name)
    data = month_export.workbook(grid)
    return excel.xlsx_response(f"so-diem-danh-lop-{name}-{month}.xlsx", data)


def _roll_day(grid: MonthGrid) -> date:
    """The roll call the page links back to: the month's last day counted, else its
    first school day (or first day)."""
    return grid.counted_to or (grid.days[0] if grid.days else grid.month)
