"""Reports: the progress board (tiến độ báo cáo) of a district office, a Department
division or the administrators: counts per status, a bar chart drawn on the server
(inline SVG, no JS), and the schools with what they have not entered yet; after
the lock, the late ones; for a monthly period, the school year's trend."""

from flask import request
from flask_login import current_user

from smasweb import excel
from smasweb.blueprints.forms_common import EmptyForm
from smasweb.blueprints.query_args import int_arg, page_arg
from smasweb.codelists import LEVELS
from smasweb.rendering import render
from smasweb.services.reports import approvals, board_late
from smasweb.services.reports import board as tracking
from smasweb.services.reports import board_export as board_sheet
from smasweb.services.reports.monthly import trend as monthly_trend

from .blueprint import bp


@bp.get("/board")
def board():
    args = request.args
    found = tracking.build_board(
        current_user,
        int_arg(args, "unit"),
        int_arg(args, "period"),
        args.get("level", ""),
        args.get("status", ""),
        page_arg(args),
    )
    return render(
        "reports/board.html",
        "board_results",
        board=found,
        trend=monthly_trend.for_board(found),
        late=board_late.for_board(found),
        periods=approvals.periods(),
        level_labels=LEVELS,
        labels=tracking.LABELS,
        csrf_form=EmptyForm(formdata=None),
        next_url=request.full_path,
        row_form=None,
    )


@bp.get("/board.xlsx")
def board_export():
    """The board's schools as an Excel file, with the page's scope and filters."""
    args = request.args
    name, data = board_sheet.export(
        current_user,
        int_arg(args, "unit"),
        int_arg(args, "period"),
        args.get("level", ""),
        args.get("status", ""),
    )
    return excel.xlsx_response(name, data)
