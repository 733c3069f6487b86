"""Transfer a staff record to another school."""

from flask import url_for
from flask_login import current_user

from smasweb.blueprints.forms_common import attach_error, form_status
from smasweb.rendering import done, render
from smasweb.services import policy
from smasweb.services.errors import ValidationFailed
from smasweb.services.staff import records as staff
from smasweb.services.staff import transfers as staff_transfers

from .blueprint import bp
from .forms import TransferForm


@bp.route("/<int:staff_id>/transfer", methods=["GET", "POST"])
def transfer(staff_id: int):
    member = staff.get_staff(current_user, staff_id)
    policy.require(current_user, "staff.transfer", unit=member.school)
    form = TransferForm()
    if form.validate_on_submit():
        data = staff_transfers.TransferData(
            school_code=form.school_code.data or "",
            moved_on=form.moved_on.data,
            note=form.note.data,
        )
        try:
            row = staff_transfers.transfer(current_user, member, data)
        except ValidationFailed as exc:
            attach_error(form, exc)
        else:
            target = (
                url_for("staff.detail", staff_id=member.id)
                if staff.may_read(current_user, row.to_school)
                else url_for("staff.former")
            )
            message = f"Đã chuyển {member.full_name} đến {row.to_school.name}."
            return done(target, message)
    ctx = {"form": form, "member": member}
    return render(
        "staff/transfer_form.html", "staff_transfer_form", form_status(form), **ctx
    )
