"""Staff Excel: the list export, the import template, dry run and all-or-nothing
commit with an error sheet, and the file laid out for upload to CSDL ngành."""

from flask import request, url_for
from flask_login import current_user
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired

from smasweb import excel
from smasweb.blueprints.forms_common import done
from smasweb.blueprints.imports_common import import_status, run_import
from smasweb.blueprints.query_args import int_arg, year_arg
from smasweb.extensions import db
from smasweb.rendering import render
from smasweb.services import export_log, staff, staff_export, staff_template
from smasweb.services import staff_import as import_svc
from smasweb.services.export_log import query_detail

from .views import bp, filters


class StaffImportForm(FlaskForm):
    file = FileField(
        "Tệp Excel (.xlsx)",
        validators=[FileRequired("Hãy chọn tệp Excel (.xlsx) để nhập.")],
    )


@bp.get("/export.xlsx")
def export():
    staff.require_pages(current_user)
    data = staff_export.export_list(current_user, filters(request.args))
    export_log.record_xlsx(current_user, "staff.xlsx", data, query_detail(request.args))
    db.session.commit()
    return excel.xlsx_response("danh-sach-can-bo.xlsx", data)


@bp.get("/template.xlsx")
def template():
    staff.require_pages(current_user)
    return excel.xlsx_response("mau-nhap-can-bo.xlsx", staff_template.import_template())


@bp.get("/ministry.xlsx")
def ministry():
    school = staff_export.school_of(current_user, int_arg(request.args, "school"))
    year = year_arg(request.args)
    data = staff_export.export_ministry(current_user, school, year)
    export_log.record_xlsx(current_user, "staff.ministry.xlsx", data, unit=school)
    db.session.commit()
    return excel.xlsx_response(f"csdl-can-bo-{school.code}-{year}.xlsx", data)


@bp.route("/import", methods=["GET", "POST"])
def import_page():
    """Kiểm tra (dry run, 200 with the row errors) or Nhập dữ liệu (all rows or none;
    any error → 422 and nothing saved). Always the user's own school."""
    school = import_svc.import_school(current_user)
    form = StaffImportForm()
    commit = request.form.get("action") == "save"
    report = (
        run_import(
            form, school, import_svc.check_staff, import_svc.import_staff, commit
        )
        if form.validate_on_submit()
        else None
    )
    if commit and report is not None and report.ok:
        new, updated = import_svc.counts(report)
        message = f"Đã nhập {new + updated} cán bộ: {new} thêm mới, {updated} cập nhật."
        return done(url_for("staff.index"), message)
    return _render(form, school, report, commit, import_status(form, report, commit))


@bp.post("/import/errors.xlsx")
def import_errors():
    """The dry run's row errors as a sheet (the same file is posted again)."""
    school = import_svc.import_school(current_user)
    form = StaffImportForm()
    report = (
        run_import(form, school, import_svc.check_staff, import_svc.import_staff, False)
        if form.validate_on_submit()
        else None
    )
    if report is None:
        return _render(form, school, None, False, 422)
    return excel.xlsx_response("loi-nhap-can-bo.xlsx", report.errors_workbook())


def _render(form, school, report, commit: bool, status: int):
    counts = import_svc.counts(report) if report else (0, 0)
    return render(
        "staff/import.html",
        "import_form",
        status,
        form=form,
        school=school,
        report=report,
        errors=import_svc.error_lines(report) if report else [],
        counts=counts,
        commit=commit,
    )
