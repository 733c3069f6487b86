"""The audit trail: a record's history (a tab of its edit page), the admins' search."""

from flask import request
from flask_login import current_user

from smasweb import clock, excel
from smasweb.blueprints.query_args import PER_PAGE, page_arg, page_count
from smasweb.codelists import calendar_field_label
from smasweb.rendering import render
from smasweb.services import policy
from smasweb.services.audit import search as audit_search

from . import labels
from .blueprint import bp
from .forms import AuditSearchForm

EXPORT_HEADERS = [
    "Thời gian",
    "Mã trường",
    "Tên trường",
    "Người thực hiện",
    "Bảng dữ liệu",
    "Số bản ghi",
    "Lĩnh vực",
    "Thao tác",
    "Nội dung thay đổi",
    "Lý do (hệ thống)",
]
TITLE_COLUMNS = ("year", "name", "kind", "code", "description", "full_name")


def _helpers() -> dict:
    return {
        "describe": labels.describe,
        "action_label": lambda a: audit_search.ACTIONS.get(a, a),
        "field_label": calendar_field_label,
        "table_label": labels.table_label,
        "local": clock.local,
    }


@bp.get("/")
def index():
    policy.require(current_user, "audit.search")
    form = AuditSearchForm(request.args)
    form.validate()
    page = page_arg(request.args)
    rows, total = audit_search.search(current_user, form.filters(), page, PER_PAGE)
    return render(
        "audit/index.html",
        "audit_results",
        form=form,
        rows=rows,
        total=total,
        page=page,
        pages=page_count(total),
        args=form.query_args(),
        **_helpers(),
    )


def _line(row) -> list:
    entry, code, name, _username = row
    return [
        clock.local(entry.at).replace(tzinfo=None),
        code or "",
        name or "",
        entry.actor,
        labels.table_label(entry.table_name),
        entry.record_id,
        calendar_field_label(entry.field),
        audit_search.ACTIONS.get(entry.action, entry.action),
        labels.describe_text(entry),
        entry.reason or "",
    ]


@bp.get("/export.xlsx")
def export():
    policy.require(current_user, "audit.search")
    form = AuditSearchForm(request.args)
    form.validate()
    rows = audit_search.export_rows(current_user, form.filters())
    data = excel.workbook("Nhat ky", EXPORT_HEADERS, [_line(r) for r in rows])
    return excel.xlsx_response("nhat-ky-thay-doi.xlsx", data)


@bp.get("/record/<table>/<int:record_id>")
def record(table: str, record_id: int):
    page = page_arg(request.args)
    history = audit_search.record_history(
        current_user, table, record_id, page, PER_PAGE
    )
    values = history.last_values
    if history.record is not None:
        values = {k: getattr(history.record, k, None) for k in TITLE_COLUMNS}
    hide = not policy.can_see_personal(current_user, history.school)
    helpers = _helpers() | {"describe": lambda e: labels.describe(e, hide)}
    return render(
        "audit/record.html",
        "record_history",
        history=history,
        title=labels.record_title(table, values),
        page=page,
        pages=page_count(history.total),
        **helpers,
    )
