"""Reports: a school's place in the approval chain (gửi, phê chuẩn, từ chối) and the
diff between two frozen versions of its report.

The send and decision forms work without JS (303 back to the page). With htmx they
swap what changed: the submission page's #submission-status, or the board's row
(forms posted from the board carry view=row) with the board's counts, chart and
per-unit table out of band. Sending and approving ask first: without JS their
forms GET a confirmation page whose button posts, with htmx they post after
hx-confirm.
"""

from urllib.parse import parse_qs, urlsplit

from flask import flash, redirect, request, url_for
from flask_login import current_user
from wtforms import HiddenField, StringField
from wtforms.validators import Length, Optional

from smasweb.blueprints.forms_common import AppForm, EmptyForm, attach_error
from smasweb.blueprints.query_args import int_arg, to_int
from smasweb.codelists import LEVELS
from smasweb.extensions import db
from smasweb.rendering import go_to, render, wants_fragment
from smasweb.security import safe_next
from smasweb.services import policy
from smasweb.services.errors import Conflict, PermissionDenied, ValidationFailed
from smasweb.services.reports import approvals
from smasweb.services.reports import board as tracking

from .blueprint import bp
from .documents import start_ahead

DONE = {
    "send": "Đã gửi báo cáo.",
    "approve": "Đã phê chuẩn báo cáo.",
    "reject": "Đã từ chối báo cáo; trường sẽ thấy lý do.",
}


class SendForm(AppForm):
    unit = HiddenField()
    level = HiddenField()
    period = HiddenField()
    view = HiddenField(id="send-view")  # "home": sent from the home page
    next = HiddenField(id="send-next")  # where a no-JS send goes back to


class DecisionForm(AppForm):
    version = HiddenField(id="approve-version")
    view = HiddenField(id="approve-view")  # "row": answer with the board's row
    next = HiddenField(id="approve-next")  # where a no-JS decision goes back to
    note = StringField(
        "Ý kiến (không bắt buộc)",
        id="approve-note",
        validators=[Optional(), Length(max=500)],
    )


class RejectForm(DecisionForm):
    version = HiddenField(id="reject-version")
    view = HiddenField(id="reject-view")
    next = HiddenField(id="reject-next")
    # Required, but checked by the service (after who and when): see approvals.reject.
    note = StringField(
        "Lý do từ chối", id="reject-note", validators=[Optional(), Length(max=500)]
    )


def page_url(page) -> str:
    return url_for(
        "reports.submission",
        unit=page.school.id,
        level=page.level,
        period=page.period.id,
    )


def _page(page, posted=None, status: int = 200):
    """The submission page; `posted`: a decision form sent back with its errors."""
    version = page.row.version if page.row else None
    send = SendForm(
        formdata=None, unit=page.school.id, level=page.level, period=page.period.id
    )
    approve = DecisionForm(formdata=None, version=version)
    reject = RejectForm(formdata=None, version=version)
    if isinstance(posted, RejectForm):
        reject = posted
    elif posted is not None:
        approve = posted
    return render(
        "reports/submission.html",
        "submission_status",
        status,
        page=page,
        send_form=send,
        approve_form=approve,
        reject_form=reject,
        actions=approvals.ACTION_LABELS,
        reasons=approvals.REASON_LABELS,
        level_labels=LEVELS,
    )


@bp.get("/submission")
def submission():
    args = request.args
    page = tracking.submission_page(
        current_user,
        int_arg(args, "unit") or current_user.unit_id,
        args.get("level") or None,
        int_arg(args, "period"),
    )
    return _page(page)


@bp.get("/submission/send")
def confirm_send():
    """Without JS: "Xác nhận gửi báo cáo …?" with the button that posts."""
    args = request.args
    page = tracking.submission_page(
        current_user, int_arg(args, "unit"), args.get("level"), int_arg(args, "period")
    )
    if not page.may_send:
        raise PermissionDenied()
    form = SendForm(
        formdata=None,
        unit=page.school.id,
        level=page.level,
        period=page.period.id,
        view=args.get("view", ""),
        next=safe_next(args.get("next")) or "",
    )
    return render(
        "reports/confirm.html",
        question=f"Xác nhận gửi báo cáo {LEVELS[page.level]} của {page.school.name}?",
        explain="Số liệu hiện tại của trường sẽ được chốt thành một bản và gửi lên "
        "cấp trên phê chuẩn.",
        action=url_for("reports.send_report"),
        form=form,
        button="Gửi báo cáo",
        cancel=safe_next(args.get("next")) or page_url(page),
    )


@bp.post("/submission/send")
def send_report():
    form = SendForm()
    period = approvals.get_period(to_int(form.period.data))
    school, level = approvals.get_school(
        current_user, to_int(form.unit.data), form.level.data or None, period
    )
    row = approvals.send(current_user, school, level, period)
    return _after(row, "send", form.view.data, form.next.data)


def _after(row, action: str, view: str = "", next_url: str | None = None):
    """Commit, then the swapped region (htmx) or 303 back (no JS)."""
    db.session.commit()
    start_ahead()  # an approval's official PDF
    flash(DONE[action], "success")
    if wants_fragment() and view == "row":
        return _decided(row, next_url or "")
    if wants_fragment() and view == "home":  # the home page says the new status
        return go_to(safe_next(next_url) or url_for("home.index"))
    page = tracking.submission_page(
        current_user, row.school_id, row.level, row.period_id
    )
    if wants_fragment():
        return _page(page)
    return redirect(safe_next(next_url) or page_url(page), 303)


def _board_args(next_url: str) -> dict:
    """The board's filters, read from its URL (the form's `next`)."""
    args = parse_qs(urlsplit(next_url).query)

    def one(name: str) -> str:
        return (args.get(name) or [""])[0]

    return {
        "unit_id": to_int(one("unit")),
        "level": one("level"),
        "status": one("status"),
        "page": to_int(one("page")) or 1,
    }


def _decided(row, next_url: str):
    """The board after a decision: the row if it still matches the board's status
    filter (else nothing, so it leaves the list), then the counts out of band."""
    found = tracking.build_board(
        current_user, period_id=row.period_id, **_board_args(next_url)
    )
    r = tracking.board_row(current_user, row)
    return render(
        "reports/board_decided.html",
        "board_decided",
        board=found,
        r=r,
        keep=found.status in ("", r.status),
        labels=tracking.LABELS,
        row_form=None,
        csrf_form=EmptyForm(formdata=None),
        next_url=next_url,
    )


def _row(row, form=None, status: int = 200, next_url: str = ""):
    return render(
        "reports/board_row.html",
        "board_row",
        status,
        r=tracking.board_row(current_user, row),
        row_form=form,
        csrf_form=EmptyForm(formdata=None),
        next_url=next_url,
    )


@bp.get("/submissions/<int:submission_id>/approve")
def confirm_approve(submission_id: int):
    """Without JS: "Xác nhận phê chuẩn …?" with the button that posts."""
    row = approvals.get_submission(current_user, submission_id)
    if not policy.approves_report(current_user, row.school, row.level):
        raise PermissionDenied(approvals.NOT_APPROVER)
    if row.status != "sent":
        raise Conflict(approvals.NOT_SENT)
    args = request.args
    form = DecisionForm(
        formdata=None,
        version=args.get("version") or row.version,
        view="",
        next=safe_next(args.get("next")) or "",
        note=args.get("note", ""),
    )
    page = tracking.submission_page(
        current_user, row.school_id, row.level, row.period_id
    )
    return render(
        "reports/confirm.html",
        question=f"Xác nhận phê chuẩn báo cáo {LEVELS[row.level]} "
        f"của {row.school.name}?",
        explain="Bản số liệu trường đã gửi sẽ trở thành số liệu chính thức.",
        action=url_for("reports.approve_submission", submission_id=row.id),
        form=form,
        note_field=form.note,
        button="Phê chuẩn",
        cancel=safe_next(args.get("next")) or page_url(page),
    )


@bp.post("/submissions/<int:submission_id>/approve")
def approve_submission(submission_id: int):
    row = approvals.get_submission(current_user, submission_id)
    form = DecisionForm()
    if not form.validate():
        return _refused(row, form)
    approvals.approve(current_user, row, form.note.data, to_int(form.version.data))
    return _after(row, "approve", form.view.data, form.next.data)


@bp.post("/submissions/<int:submission_id>/reject")
def reject_submission(submission_id: int):
    row = approvals.get_submission(current_user, submission_id)
    form = RejectForm()
    if form.validate():
        try:
            approvals.reject(
                current_user, row, form.note.data, to_int(form.version.data)
            )
        except ValidationFailed as exc:
            attach_error(form, exc)
        else:
            return _after(row, "reject", form.view.data, form.next.data)
    return _refused(row, form)


def _refused(row, form):
    """422: the decision form again, its errors next to its fields."""
    if form.view.data == "row" and wants_fragment():
        return _row(row, form, 422, form.next.data or "")
    page = tracking.submission_page(
        current_user, row.school_id, row.level, row.period_id
    )
    return _page(page, form, 422)


@bp.get("/diff")
def diff():
    args = request.args
    found = tracking.diff(
        current_user,
        int_arg(args, "unit") or current_user.unit_id,
        args.get("level") or None,
        int_arg(args, "period"),
        args.get("a", ""),
        args.get("b", "live"),
    )
    return render("reports/diff.html", d=found, reasons=approvals.REASON_LABELS)
