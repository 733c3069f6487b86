"""Campuses (điểm trường) of a school: create, edit, delete."""

from dataclasses import fields

from flask import request, url_for
from flask_login import current_user

from smasweb.blueprints import address_picker
from smasweb.blueprints.forms_common import attach_error, form_status
from smasweb.blueprints.query_args import int_arg
from smasweb.rendering import done, render
from smasweb.services import school_data
from smasweb.services.errors import ValidationFailed
from smasweb.services.schools import campuses as schools_campuses
from smasweb.services.schools.campuses import CampusData

from .blueprint import bp
from .forms import ADDRESS, CAMPUS_FIELDS, CampusForm, address_lists


def _data(form: CampusForm) -> CampusData:
    return CampusData(**{f.name: form[f.name].data for f in fields(CampusData)})


def _render_form(form: CampusForm, school, campus):
    return render(
        "schools/campus_form.html",
        "campus_form",
        form_status(form),
        form=form,
        school=school,
        campus=campus,
        names=CAMPUS_FIELDS,
    )


def _back(school_id: int) -> str:
    """Back to the school page, in the school year the user was working on."""
    return url_for(
        "schools.detail", school_id=school_id, year=int_arg(request.args, "year")
    )


@bp.route("/campuses/new", methods=["GET", "POST"])
def campus_new():
    school = school_data.writable_school(
        current_user, "schools", int_arg(request.args, "school")
    )
    form = CampusForm(data={"province_code": "86"})
    address_lists(form, url_for("schools.address"))
    if form.validate_on_submit():
        try:
            campus = schools_campuses.create_campus(current_user, school, _data(form))
        except ValidationFailed as exc:
            attach_error(form, exc)
        else:
            return done(_back(school.id), f"Đã thêm điểm trường {campus.name}.")
    return _render_form(form, school, None)


@bp.route("/campuses/<int:campus_id>/edit", methods=["GET", "POST"])
def campus_edit(campus_id: int):
    campus = schools_campuses.campus_for_edit(current_user, campus_id)
    form = CampusForm(obj=campus)
    address_lists(form, url_for("schools.address"))
    if form.validate_on_submit():
        try:
            schools_campuses.update_campus(
                current_user, campus, _data(form), form.version_value
            )
        except ValidationFailed as exc:
            attach_error(form, exc)
        else:
            return done(_back(campus.school_id), "Đã lưu điểm trường.")
    return _render_form(form, campus.school, campus)


@bp.post("/campuses/<int:campus_id>/delete")
def campus_delete(campus_id: int):
    campus = schools_campuses.get_campus(current_user, campus_id)
    school_id, name = campus.school_id, campus.name
    schools_campuses.delete_campus(current_user, campus)
    return done(_back(school_id), f"Đã xóa điểm trường {name}.")


@bp.get("/address")
def address():
    """The district and commune selects of a school's or campus's address, narrowed
    to the chosen province and district (htmx fragment)."""
    form = CampusForm(meta={"csrf": False}, formdata=None)
    return address_picker.fragment(form, ADDRESS, url_for("schools.address"))
