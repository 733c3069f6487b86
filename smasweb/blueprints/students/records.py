"""Create and edit a pupil's record, and the inline check of one field."""

from dataclasses import fields

from flask import abort, get_template_attribute, request, url_for
from flask_login import current_user

from smasweb import clock
from smasweb.blueprints import address_picker
from smasweb.blueprints.forms_common import attach_error, form_status
from smasweb.blueprints.query_args import to_int
from smasweb.rendering import done, render
from smasweb.services import school_data
from smasweb.services.errors import ValidationFailed
from smasweb.services.students import records as students
from smasweb.services.students import supports

from .blueprint import bp
from .forms import ADDRESSES, SECTIONS, StudentForm, class_choices

TUPLES = ("policy_categories", "supports")


def _data(form: StudentForm) -> students.StudentData:
    values = {f.name: form[f.name].data for f in fields(students.StudentData)}
    for name in TUPLES:
        values[name] = tuple(values[name] or ())
    return students.StudentData(**values)


def _form(school, student=None) -> StudentForm:
    codes = (
        {
            "policy_categories": student.policy_codes,
            "supports": supports.current_codes(student),
        }
        if student
        else {}
    )
    form = StudentForm(obj=student, **{k: list(v) for k, v in codes.items()})
    form.class_id.choices = class_choices(students.classes_of(school))
    for names in ADDRESSES:
        address_picker.offer_all(form, names)
        address_picker.wire(form, names, url_for("students.address"))
    if not form.is_submitted():
        form.supports_from.data = clock.today()  # ticks and unticks apply from today
        if student is None:
            form.class_id.data = request.args.get("class", "")
    return form


def _render_form(form: StudentForm, school, student):
    sections = (
        SECTIONS
        if student is None
        else ((SECTIONS[0][0], SECTIONS[0][1][1:]), *SECTIONS[1:])
    )
    return render(
        "students/form.html",
        "student_form",
        form_status(form),
        form=form,
        school=school,
        student=student,
        sections=sections,
        inline=students.INLINE_FIELDS,
        pickers={names[1]: names for names in ADDRESSES},
    )


@bp.route("/new", methods=["GET", "POST"])
def new():
    school = school_data.writable_school(current_user, students.FIELD)
    form = _form(school)
    if form.validate_on_submit():
        try:
            student = students.create_student(
                current_user, school, _data(form), to_int(form.class_id.data)
            )
        except ValidationFailed as exc:
            attach_error(form, exc)
        else:
            target = url_for("students.detail", student_id=student.id)
            return done(
                target, f"Đã thêm học sinh {student.full_name} ({student.school_code})."
            )
    return _render_form(form, school, None)


@bp.route("/<int:student_id>/edit", methods=["GET", "POST"])
def edit(student_id: int):
    student = students.student_for_edit(current_user, student_id)
    form = _form(student.school, student)
    if form.validate_on_submit():
        try:
            students.update_student(
                current_user, student, _data(form), form.version_value
            )
        except ValidationFailed as exc:
            attach_error(form, exc)
        else:
            target = url_for("students.detail", student_id=student.id)
            return done(target, "Đã lưu hồ sơ học sinh.")
    return _render_form(form, student.school, student)


@bp.post("/validate")
def validate():
    """One field of the pupil form checked on change (?field=, ?student= when editing):
    its markup with the error, if any."""
    name = request.args.get("field", "")
    student_id = to_int(request.args.get("student"))
    if student_id is not None:
        student = students.student_for_edit(current_user, student_id)
        school = student.school
    else:
        student, school = (
            None,
            school_data.writable_school(current_user, students.FIELD),
        )
    if name not in students.INLINE_FIELDS:
        abort(400)
    form = StudentForm(meta={"csrf": False})
    target = form[name]
    if target.validate(form):
        try:
            students.check_one(current_user, school, name, _data(form), student)
        except ValidationFailed as exc:
            target.errors = [exc.message]
    checked = get_template_attribute("students/_fields.html", "checked")
    return checked(target, student)


@bp.get("/address")
def address():
    """The district and commune selects of one address narrowed to the chosen
    province and district (?perm_province=&perm_district=&perm_commune=, or cur_)."""
    for names in ADDRESSES:
        if names[1] in request.args:
            form = StudentForm(meta={"csrf": False}, formdata=None)
            return address_picker.fragment(form, names, url_for("students.address"))
    abort(400)
