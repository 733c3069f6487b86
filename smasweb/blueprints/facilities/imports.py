"""Excel templates and imports of rooms and equipment (dry run, commit, error sheet)."""

from flask import request, url_for
from flask_login import current_user

from smasweb import excel
from smasweb.blueprints.forms_common import attach_error, form_status
from smasweb.blueprints.imports_common import ImportFileForm
from smasweb.blueprints.query_args import int_arg
from smasweb.metrics import timed_import
from smasweb.rendering import done, render
from smasweb.services import school_data
from smasweb.services.errors import ValidationFailed
from smasweb.services.facilities import imports as import_svc
from smasweb.services.facilities import records as facilities

from .blueprint import bp

# what → (title, list endpoint, dry run, commit)
IMPORTS = {
    "rooms": (
        "phòng",
        "facilities.rooms",
        import_svc.check_rooms,
        import_svc.import_rooms,
    ),
    "equipment": (
        "thiết bị, đồ dùng, đồ chơi",
        "facilities.equipment",
        import_svc.check_equipment,
        import_svc.import_equipment,
    ),
}


@bp.get("/rooms/template.xlsx")
def rooms_template():
    return excel.xlsx_response("mau-nhap-phong.xlsx", import_svc.rooms_template())


@bp.get("/equipment/template.xlsx")
def equipment_template():
    data = import_svc.equipment_template()
    return excel.xlsx_response("mau-nhap-thiet-bi.xlsx", data)


def _run(form: ImportFileForm, school, what: str, commit: bool):
    """The report of a dry run or a commit; None when the file itself is refused."""
    _, _, check, save = IMPORTS[what]
    try:
        service = save if commit else check
        return timed_import(service, current_user, school, form.file.data.stream)
    except ValidationFailed as exc:
        attach_error(form, exc)
        return None


@bp.route("/<any(rooms, equipment):what>/import", methods=["GET", "POST"])
def import_page(what: str):
    """Kiểm tra (dry run, 200 with the row errors) or Nhập dữ liệu (all rows or none;
    any error → 422 and nothing saved)."""
    school = school_data.writable_school(
        current_user, facilities.FIELD, int_arg(request.args, "school")
    )
    form = ImportFileForm()
    commit = request.form.get("action") == "save"
    report = _run(form, school, what, commit) if form.validate_on_submit() else None
    if commit and report is not None and report.ok:
        target = url_for(IMPORTS[what][1], school=school.id)
        return done(target, f"Đã nhập {len(report.items)} dòng từ tệp Excel.")
    failed = bool(form.errors or form.form_errors) or (commit and report is not None)
    status = form_status(form) if failed else 200
    return _render(form, school, what, report, commit, status)


@bp.post("/<any(rooms, equipment):what>/import/errors.xlsx")
def import_errors(what: str):
    """The dry run's row errors as a sheet (the same file is posted again)."""
    school = school_data.writable_school(
        current_user, facilities.FIELD, int_arg(request.args, "school")
    )
    form = ImportFileForm()
    report = _run(form, school, what, False) if form.validate_on_submit() else None
    if report is None:
        return _render(form, school, what, None, False, 422)
    return excel.xlsx_response(f"loi-nhap-{what}.xlsx", report.errors_workbook())


def _render(form, school, what, report, commit, status):
    ctx = {
        "form": form,
        "school": school,
        "what": what,
        "title": IMPORTS[what][0],
        "report": report,
        "errors": import_svc.error_lines(report) if report else [],
        "commit": commit,
    }
    return render("facilities/import.html", "import_form", status, **ctx)
