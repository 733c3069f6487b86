"""Quality accreditation and national standard records of a school (kiểm định chất
lượng, chuẩn quốc gia), and the offices' list of schools due for re-assessment."""

from dataclasses import fields

from flask import url_for
from flask_login import current_user
from wtforms import SelectField
from wtforms.validators import InputRequired, Optional

from smasweb import clock, excel
from smasweb.blueprints.forms_common import (
    REQUIRED,
    EmptyForm,
    VersionedForm,
    VnDateField,
    attach_error,
    date_field,
    form_status,
    select_choices,
    text_field,
)
from smasweb.models.accreditation import KINDS
from smasweb.rendering import done, render
from smasweb.services import school_data
from smasweb.services.accreditation import due, records
from smasweb.services.accreditation.records import AccreditationData
from smasweb.services.errors import ValidationFailed

from .blueprint import bp

FIELD = records.FIELD
FORM_FIELDS = (
    "kind",
    "level",
    "decision_number",
    "decided_on",
    "issued_by",
    "expires_on",
)


class AccreditationForm(VersionedForm):
    kind = SelectField(
        "Loại công nhận",
        choices=select_choices(KINDS, blank="—"),
        validators=[InputRequired(REQUIRED)],
        invalid_choice_message="Giá trị không có trong danh mục.",
    )
    level = SelectField(
        "Cấp độ (kiểm định) hoặc mức độ (chuẩn quốc gia)",
        choices=select_choices({str(n): str(n) for n in (1, 2, 3, 4)}, blank="—"),
        validators=[InputRequired(REQUIRED)],
        invalid_choice_message="Giá trị không có trong danh mục.",
        description="Kiểm định: cấp độ 1–4; chuẩn quốc gia: mức độ 1–2.",
    )
    decision_number = text_field("Số quyết định", 50, required=True)
    decided_on = date_field("Ngày quyết định", required=True)
    issued_by = text_field("Cơ quan ban hành", 200)
    expires_on = VnDateField(
        "Ngày hết hiệu lực",
        validators=[Optional()],
        description=f"Để trống: {records.VALID_YEARS} năm kể từ ngày quyết định.",
    )


def _data(form: AccreditationForm) -> AccreditationData:
    values = {f.name: form[f.name].data for f in fields(AccreditationData)}
    values["level"] = int(values["level"]) if values["level"] else None
    return AccreditationData(**values)


def _list_url(school_id: int) -> str:
    return url_for("schools.accreditation", school_id=school_id)


@bp.get("/<int:school_id>/accreditation")
def accreditation(school_id: int):
    school = school_data.get_school(current_user, school_id, FIELD)
    rows = records.list_records(current_user, school)
    return render(
        "schools/accreditation.html",
        school=school,
        rows=rows,
        form=EmptyForm(),
        today=clock.today(),
    )


def _render_form(form, school, record):
    return render(
        "schools/accreditation_form.html",
        "accreditation_form",
        form_status(form),
        form=form,
        school=school,
        record=record,
        names=FORM_FIELDS,
    )


@bp.route("/<int:school_id>/accreditation/new", methods=["GET", "POST"])
def accreditation_new(school_id: int):
    school = school_data.writable_school(current_user, FIELD, school_id)
    form = AccreditationForm()
    if form.validate_on_submit():
        try:
            records.create_record(current_user, school, _data(form))
        except ValidationFailed as exc:
            attach_error(form, exc)
        else:
            return done(_list_url(school.id), "Đã thêm quyết định công nhận.")
    return _render_form(form, school, None)


@bp.route("/accreditation/<int:record_id>/edit", methods=["GET", "POST"])
def accreditation_edit(record_id: int):
    record = records.record_for_edit(current_user, record_id)
    form = AccreditationForm(obj=record)
    if not form.is_submitted():
        form.level.data = str(record.level)
    if form.validate_on_submit():
        try:
            records.update_record(current_user, record, _data(form), form.version_value)
        except ValidationFailed as exc:
            attach_error(form, exc)
        else:
            return done(_list_url(record.school_id), "Đã lưu quyết định công nhận.")
    return _render_form(form, record.school, record)


@bp.post("/accreditation/<int:record_id>/delete")
def accreditation_delete(record_id: int):
    record = records.get_record(current_user, record_id)
    school_id, number = record.school_id, record.decision_number
    records.delete_record(current_user, record)
    return done(_list_url(school_id), f"Đã xóa quyết định số {number}.")


@bp.get("/accreditation/due")
def accreditation_due():
    rows = due.due_rows(current_user)
    return render("schools/accreditation_due.html", rows=rows, months=due.MONTHS_AHEAD)


@bp.get("/accreditation/due.xlsx")
def accreditation_due_xlsx():
    data = due.export_due(current_user)
    return excel.xlsx_response("truong-den-han-kiem-dinh.xlsx", data)
