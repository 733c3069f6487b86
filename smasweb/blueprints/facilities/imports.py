"""Excel templates and imports of rooms and equipment (dry run, commit, error sheet);
the file is kept server-side after "Kiểm tra" (blueprints.imports_common)."""

from flask import request, url_for
from flask_login import current_user

from smasweb import excel
from smasweb.blueprints.imports_common import (
    ImportFileForm,
    import_status,
    result_context,
    run_import,
    take_file,
)
from smasweb.blueprints.query_args import int_arg
from smasweb.rendering import done, render
from smasweb.services import school_data
from smasweb.services.facilities import imports as import_svc
from smasweb.services.facilities import records as facilities
from smasweb.services.imports import uploads

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


def _school():
    return school_data.writable_school(
        current_user, facilities.FIELD, int_arg(request.args, "school")
    )


@bp.route("/<any(rooms, equipment):what>/import", methods=["GET", "POST"])
def import_page(what: str):
    """Kiểm tra (dry run, 200 with the row errors) or Nhập dữ liệu (all rows or none;
    any error → 422 and nothing saved)."""
    school = _school()
    _, index, check, save = IMPORTS[what]
    form = ImportFileForm()
    commit = request.form.get("action") == "save"
    taken = take_file(form, what, school)
    if taken.upload is None:
        return _render(form, school, what, None, None, commit, taken.status)
    report = run_import(form, taken.upload, school, check, save, commit)
    if commit and report is not None and report.ok:
        uploads.discard(taken.upload)
        target = url_for(index, school=school.id)
        return done(target, f"Đã nhập {len(report.items)} dòng từ tệp Excel.")
    status = import_status(form, report, commit)
    return _render(form, school, what, report, taken.upload, commit, status)


@bp.post("/<any(rooms, equipment):what>/import/errors.xlsx")
def import_errors(what: str):
    """The dry run's row errors of the kept file as a sheet."""
    school = _school()
    form = ImportFileForm()
    taken = take_file(form, what, school)
    report = None
    if taken.upload is not None:
        report = run_import(form, taken.upload, school, IMPORTS[what][2], None, False)
    if report is None:
        status = taken.status if taken.status != 200 else 422
        return _render(form, school, what, None, None, False, status)
    return excel.xlsx_response(f"loi-nhap-{what}.xlsx", report.errors_workbook())


def _render(form, school, what, report, upload, commit, status):
    ctx = {
        "school": school,
        "what": what,
        "title": IMPORTS[what][0],
        **result_context(form, report, upload, commit),
    }
    return render("facilities/import.html", "import_form", status, **ctx)
