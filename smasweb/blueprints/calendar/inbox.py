"""The unlock inbox: the Department (all schools) and district offices (their schools)
answer schools' requests; the Department may also open fields without a request."""

from datetime import timedelta

from flask import request, url_for
from flask_login import current_user

from smasweb import clock, excel
from smasweb.blueprints.forms_common import EmptyForm, attach_error, form_status
from smasweb.blueprints.query_args import PER_PAGE, page_arg
from smasweb.rendering import done, render
from smasweb.services import policy
from smasweb.services.calendar import unlock_export, unlocks
from smasweb.services.errors import ValidationFailed

from .blueprint import bp
from .forms import DirectGrantForm, GrantForm, RefuseForm

DEFAULT_DAYS = 7  # a grant's default length, shown pre-filled


def _inbox_context(args) -> dict:
    status = args.get("status", "pending")
    status = status if status in unlocks.FILTERS else "pending"
    q = args.get("q", "").strip()
    result = unlocks.list_requests(current_user, status, q, page_arg(args), PER_PAGE)
    return {
        "result": result,
        "current": status,
        "q": q,
        "filters": unlocks.FILTERS,
        "status_labels": unlocks.STATUS_LABELS,
        "status_of": unlocks.status_of,
        "default_expiry": clock.today() + timedelta(days=DEFAULT_DAYS),
        "action_form": EmptyForm(),
    }


@bp.get("/unlocks")
def inbox():
    ctx = _inbox_context(request.args)
    return render("calendar/unlocks.html", "unlock_results", **ctx)


def _grant_form(req, fresh: bool = False) -> GrantForm:
    """The grant form: as posted, or preset to the requested fields and a week."""
    form = GrantForm(formdata=None) if fresh else GrantForm()
    if fresh or not form.is_submitted():
        form.granted_fields.data = list(req.field_codes)
        form.expires_on.data = clock.today() + timedelta(days=DEFAULT_DAYS)
    return form


def _decision_page(req, grant_form, refuse_form, status: int = 200):
    return render(
        "calendar/unlock_detail.html",
        "unlock_decision",
        status,
        req=req,
        grant_form=grant_form,
        refuse_form=refuse_form,
        status_of=unlocks.status_of,
        status_labels=unlocks.STATUS_LABELS,
    )


@bp.get("/unlocks.xlsx")
def inbox_export():
    """The inbox as an Excel file: the page's scope, status filter and search."""
    args = request.args
    data = unlock_export.export(
        current_user, args.get("status", "pending"), args.get("q", "").strip()
    )
    return excel.xlsx_response("yeu-cau-mo-khoa.xlsx", data)


@bp.get("/unlocks/<int:request_id>")
def unlock_detail(request_id: int):
    req = unlocks.get_request(current_user, request_id)
    return _decision_page(req, _grant_form(req), RefuseForm(formdata=None))


@bp.post("/unlocks/<int:request_id>/grant")
def grant(request_id: int):
    req = unlocks.get_request(current_user, request_id)
    form = _grant_form(req)
    if form.validate_on_submit():
        try:
            unlocks.grant(
                current_user,
                req,
                form.granted_fields.data,
                form.expires_on.data,
                form.note.data,
            )
        except ValidationFailed as exc:
            attach_error(form, exc)
        else:
            return done(url_for("calendar.inbox"), "Đã mở khóa cho trường.")
    return _decision_page(req, form, RefuseForm(formdata=None), 422)


@bp.post("/unlocks/<int:request_id>/refuse")
def refuse(request_id: int):
    req = unlocks.get_request(current_user, request_id)
    form = RefuseForm()
    if form.validate_on_submit():
        try:
            unlocks.refuse(current_user, req, form.note.data)
        except ValidationFailed as exc:
            attach_error(form, exc)
        else:
            return done(url_for("calendar.inbox"), "Đã từ chối yêu cầu.")
    return _decision_page(req, _grant_form(req, fresh=True), form, 422)


@bp.route("/unlocks/grant", methods=["GET", "POST"])
def grant_direct():
    policy.require(current_user, "calendar.manage")
    form = DirectGrantForm()
    if not form.is_submitted():
        form.expires_on.data = clock.today() + timedelta(days=DEFAULT_DAYS)
    if form.validate_on_submit():
        school = unlocks.find_school(current_user, form.school.data)
        try:
            unlocks.grant_direct(
                current_user,
                school,
                form.granted_fields.data,
                form.expires_on.data,
                form.note.data,
            )
        except ValidationFailed as exc:
            attach_error(form, exc)
        else:
            return done(url_for("calendar.inbox", status="granted"), "Đã mở khóa.")
    return render(
        "calendar/unlock_grant.html", "direct_grant_form", form_status(form), form=form
    )
