"""A pupil's movements (chuyển đi, thôi học, đi học lại, lưu ban, chuyển lớp) and the
transfer in of a pupil from another school."""

from flask import request, url_for
from flask_login import current_user

from smasweb.blueprints.forms_common import attach_error, form_status
from smasweb.blueprints.query_args import to_int
from smasweb.rendering import done, render
from smasweb.services import school_data
from smasweb.services import years as school_years
from smasweb.services.errors import PermissionDenied, ValidationFailed
from smasweb.services.students import movements as students_movements
from smasweb.services.students import records as students
from smasweb.services.students import transfers as students_transfer
from smasweb.text import vn_date

from .blueprint import bp
from .forms import MovementForm, TransferInForm, TransferSearchForm, class_choices


@bp.route("/<int:student_id>/movements/new", methods=["GET", "POST"])
def new_movement(student_id: int):
    student = students.get_student(current_user, student_id)
    if not students_movements.may_move(current_user, student):
        raise PermissionDenied()
    form = MovementForm()
    year = school_years.current_year()
    classes = students.classes_of(student.school, year) + students.classes_of(
        student.school, year + 1
    )
    form.class_id.choices = class_choices(classes)
    if form.validate_on_submit():
        data = students_movements.MovementData(
            **{
                k: form[k].data
                for k in (
                    "kind",
                    "on_date",
                    "other_school_code",
                    "other_place",
                    "scope",
                    "reason",
                    "note",
                )
            },
            term=form.term.data or None,
            class_id=to_int(form.class_id.data),
        )
        try:
            move = students_movements.add_movement(current_user, student, data)
        except ValidationFailed as exc:
            attach_error(form, exc)
        else:
            target = url_for("students.detail", student_id=student.id)
            return done(target, f"Đã ghi biến động ngày {vn_date(move.on_date)}.")
    return render(
        "students/movement_form.html",
        "movement_form",
        form_status(form),
        form=form,
        student=student,
    )


def _transfer_data(form: TransferInForm) -> students_transfer.TransferInData:
    return students_transfer.TransferInData(
        source_id=to_int(form.source_id.data),
        class_id=to_int(form.class_id.data),
        on_date=form.on_date.data,
        full_name=form.full_name.data or "",
        birth_date=form.birth_date.data,
        gender=form.gender.data,
        other_place=form.other_place.data,
        scope=form.scope.data,
    )


@bp.route("/transfer-in", methods=["GET", "POST"])
def transfer_in():
    """Search the sending record (GET ?code= or ?name=&birth=), then take it (POST)."""
    school = school_data.writable_school(current_user, students.FIELD)
    search = TransferSearchForm(request.args)
    search.validate()
    found = students_transfer.find_candidates(
        current_user,
        code=search.code.data or "",
        name=search.name.data or "",
        birth=search.birth.data if not search.birth.errors else None,
    )
    form = TransferInForm()
    form.class_id.choices = class_choices(students.classes_of(school))
    if form.validate_on_submit():
        try:
            student = students_transfer.transfer_in(current_user, _transfer_data(form))
        except ValidationFailed as exc:
            attach_error(form, exc)
        else:
            target = url_for("students.detail", student_id=student.id)
            return done(target, f"Đã nhận học sinh {student.full_name} chuyển đến.")
    return render(
        "students/transfer_in.html",
        "transfer_results",
        form_status(form),
        search=search,
        found=found,
        form=form,
        school=school,
        searched=bool(request.args),
    )
