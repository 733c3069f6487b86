"""A grid as an Excel template to fill offline, and the import of a filled one
(all or nothing, its row/column errors listed on the grid's page)."""

from flask import g, url_for
from flask_login import current_user

from smasweb import excel
from smasweb.blueprints.forms_common import EmptyForm, attach_error
from smasweb.blueprints.imports_common import ImportFileForm, posted_stream
from smasweb.rendering import done, render
from smasweb.services.assessment import gradebook, grid_excel
from smasweb.services.errors import ValidationFailed

from .blueprint import bp


@bp.get("/<int:class_id>/<code>/<int:semester>.xlsx")
def grid_xlsx(class_id: int, code: str, semester: int):
    sheet = gradebook.grid(current_user, class_id, code, semester)
    data = grid_excel.template(sheet)
    return excel.xlsx_response(grid_excel.filename(sheet), data)


@bp.post("/<int:class_id>/<code>/<int:semester>/import")
def grid_import(class_id: int, code: str, semester: int):
    sheet = gradebook.grid(current_user, class_id, code, semester)
    grid_excel.require_import(current_user, sheet)
    form, errors = ImportFileForm(), []
    stream = posted_stream(form)
    if stream is not None:
        try:
            changed = grid_excel.import_file(current_user, sheet, stream)
        except ValidationFailed as exc:
            attach_error(form, exc)
        except grid_excel.ImportErrors as exc:
            errors = exc.errors
        else:
            target = url_for(
                "grades.grid", class_id=class_id, code=code, semester=semester
            )
            return done(target, f"Đã nhập sổ điểm từ tệp: {changed} ô thay đổi.")
    # The save kept the file's texts in the grid's cells: show the saved marks.
    sheet = gradebook.grid(current_user, class_id, code, semester)
    g.write_closed = sheet.closed
    return render(
        "grades/grid.html",
        status=422,
        sheet=sheet,
        form=EmptyForm(),
        errors={},
        semesters=gradebook.SEMESTER_LABELS,
        import_form=form,
        import_errors=errors,
    )
