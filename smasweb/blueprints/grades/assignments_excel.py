"""Phân công giảng dạy in Excel: the school's template for the year, and the
import of a filled one (all or nothing, its row/column errors on the page)."""

from flask import url_for
from flask_login import current_user

from smasweb import excel
from smasweb.blueprints.forms_common import attach_error
from smasweb.blueprints.imports_common import ImportFileForm, posted_stream
from smasweb.extensions import db
from smasweb.rendering import done, render
from smasweb.services.assessment import teaching, teaching_excel
from smasweb.services.assessment.grid_excel import ImportErrors
from smasweb.services.errors import ValidationFailed

from .blueprint import bp


@bp.get("/assignments.xlsx")
def assignments_xlsx():
    name, data = teaching_excel.template(current_user)
    return excel.xlsx_response(name, data)


@bp.route("/assignments/import", methods=["GET", "POST"])
def assignments_import():
    school = teaching.managed_school(current_user)
    form, errors = ImportFileForm(), []
    stream = posted_stream(form)
    if stream is not None:
        try:
            found = teaching_excel.import_file(current_user, stream)
        except ValidationFailed as exc:
            db.session.rollback()
            attach_error(form, exc)
        except ImportErrors as exc:
            db.session.rollback()  # the classes saved before the refused one
            errors = exc.errors
        else:
            message = (
                f"Đã nhập phân công giảng dạy từ tệp: {found.classes} lớp, "
                f"{found.changed} phân công thay đổi."
            )
            return done(url_for("grades.assignments"), message)
    return render(
        "grades/assignment_import.html",
        status=422 if form.is_submitted() else 200,
        school=school,
        form=form,
        errors=errors,
    )
