"""Who downloaded personal data: the export log, newest first (admins only)."""

from flask import request
from flask_login import current_user

from smasweb import clock
from smasweb.blueprints.query_args import PER_PAGE, page_arg, page_count
from smasweb.rendering import render
from smasweb.services import policy
from smasweb.services.audit import export_log

from .blueprint import bp


@bp.get("/exports")
def exports():
    policy.require(current_user, "audit.exports")
    page = page_arg(request.args)
    rows, total = export_log.page(page, PER_PAGE)
    return render(
        "audit/exports.html",
        "export_log",
        rows=rows,
        total=total,
        page=page,
        pages=page_count(total),
        local=clock.local,
    )
