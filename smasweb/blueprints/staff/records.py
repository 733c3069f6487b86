"""Create and edit a staff record, and the inline check of one field."""

from dataclasses import fields

from flask import abort, get_template_attribute, request, url_for
from flask_login import current_user

from smasweb.blueprints.forms_common import attach_error, form_status
from smasweb.blueprints.query_args import to_int
from smasweb.rendering import done, render
from smasweb.services import school_data
from smasweb.services.errors import ValidationFailed
from smasweb.services.staff import records as staff

from .blueprint import bp
from .forms import SECTIONS, StaffForm


def _data(form: StaffForm) -> staff.StaffData:
    return staff.StaffData(
        **{f.name: form[f.name].data for f in fields(staff.StaffData)}
    )


def _render_form(form: StaffForm, school, member):
    return render(
        "staff/form.html",
        "staff_form",
        form_status(form),
        form=form,
        school=school,
        member=member,
        sections=SECTIONS,
        inline=staff.INLINE_FIELDS,
    )


@bp.route("/new", methods=["GET", "POST"])
def new():
    school = school_data.writable_school(current_user, staff.FIELD)
    form = StaffForm()
    if form.validate_on_submit():
        try:
            member = staff.create_staff(current_user, school, _data(form))
        except ValidationFailed as exc:
            attach_error(form, exc)
        else:
            target = url_for("staff.detail", staff_id=member.id)
            return done(target, f"Đã thêm hồ sơ {member.full_name} ({member.code}).")
    return _render_form(form, school, None)


@bp.route("/<int:staff_id>/edit", methods=["GET", "POST"])
def edit(staff_id: int):
    member = staff.staff_for_edit(current_user, staff_id)
    form = StaffForm(obj=member)
    if form.validate_on_submit():
        try:
            staff.update_staff(current_user, member, _data(form), form.version_value)
        except ValidationFailed as exc:
            attach_error(form, exc)
        else:
            target = url_for("staff.detail", staff_id=member.id)
            return done(target, "Đã lưu hồ sơ.")
    return _render_form(form, member.school, member)


@bp.post("/validate")
def validate():
    """One field of the staff form checked on change: its markup with the error, if any.

    ?field= names it (personal_id, phone, email, code, birth_date), ?staff= the record
    being edited; the rest of the form comes along for rules that need it (gender and
    birth date for the personal ID).
    """
    name = request.args.get("field", "")
    member_id = to_int(request.args.get("staff"))
    if member_id is not None:
        member = staff.staff_for_edit(current_user, member_id)
        school = member.school
    else:
        member, school = None, school_data.writable_school(current_user, staff.FIELD)
    if name not in staff.INLINE_FIELDS:
        abort(400)
    form = StaffForm(meta={"csrf": False})
    target = form[name]
    if target.validate(form):
        try:
            staff.check_one(current_user, school, name, _data(form), member)
        except ValidationFailed as exc:
            target.errors = [exc.message]
    checked = get_template_attribute("staff/_fields.html", "checked")
    return checked(target, member)
