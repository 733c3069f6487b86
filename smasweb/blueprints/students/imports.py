"""Pupils' Excel: the C1-HocSinh template, dry run and all-or-nothing import with an
error sheet, the list export and one school's C1-HocSinh file. Every export of
personal data is logged (ExportLog) in the same request."""

from flask import request, url_for
from flask_login import current_user
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired

from smasweb import excel
from smasweb.blueprints.forms_common import done
from smasweb.blueprints.imports_common import import_status, run_import
from smasweb.blueprints.query_args import int_arg
from smasweb.extensions import db
from smasweb.rendering import render
from smasweb.services import export_log, students_export, students_template
from smasweb.services import students as students_svc
from smasweb.services import students_import as import_svc

from .blueprint import bp


class StudentImportForm(FlaskForm):
    file = FileField(
        "Tệp Excel (.xlsx)",
        validators=[FileRequired("Hãy chọn tệp Excel (.xlsx) để nhập.")],
    )


def list_filters(args) -> students_svc.StudentFilters:
    """The list page's filters from the query string."""
    return students_svc.StudentFilters(
        q=args.get("q", ""),
        school=args.get("school", ""),
        class_id=int_arg(args, "class"),
        status=args.get("status", ""),
        gender=args.get("gender", ""),
    )


@bp.get("/template.xlsx")
def template():
    students_svc.require_pages(current_user)
    data = students_template.import_template()
    return excel.xlsx_response("C1-HocSinh-mau.xlsx", data)


@bp.get("/export.xlsx")
def export():
    data, rows = students_export.export_list(current_user, list_filters(request.args))
    detail = export_log.query_detail(request.args)
    export_log.record(current_user, "students.xlsx", rows, detail=detail)
    db.session.commit()
    return excel.xlsx_response("danh-sach-hoc-sinh.xlsx", data)


@bp.get("/c1.xlsx")
def c1():
    school = students_export.school_of(current_user, int_arg(request.args, "school"))
    data, rows, masked = students_export.export_c1(current_user, school)
    export_log.record(current_user, "students.c1.xlsx", rows, school, masked)
    db.session.commit()
    return excel.xlsx_response(f"C1-HocSinh-{school.code}.xlsx", data)


@bp.route("/import", methods=["GET", "POST"])
def import_page():
    """Kiểm tra (dry run, 200 with the row errors) or Nhập dữ liệu (all rows or none;
    any error → 422 and nothing saved). Always the user's own school."""
    school = import_svc.import_school(current_user)
    form = StudentImportForm()
    commit = request.form.get("action") == "save"
    report = (
        run_import(
            form, school, import_svc.check_students, import_svc.import_students, commit
        )
        if form.validate_on_submit()
        else None
    )
    if commit and report is not None and report.ok:
        new, updated = import_svc.counts(report)
        message = (
            f"Đã nhập {new + updated} học sinh: {new} thêm mới, {updated} cập nhật."
        )
        return done(url_for("students.index"), message)
    return _render(form, school, report, commit, import_status(form, report, commit))


@bp.post("/import/errors.xlsx")
def import_errors():
    """The dry run's row errors as a sheet (the same file is posted again)."""
    school = import_svc.import_school(current_user)
    form = StudentImportForm()
    report = (
        run_import(
            form, school, import_svc.check_students, import_svc.import_students, False
        )
        if form.validate_on_submit()
        else None
    )
    if report is None:
        return _render(form, school, None, False, 422)
    return excel.xlsx_response("loi-nhap-hoc-sinh.xlsx", report.errors_workbook())


def _render(form, school, report, commit: bool, status: int):
    return render(
        "students/import.html",
        "import_form",
        status,
        form=form,
        school=school,
        report=report,
        errors=import_svc.error_lines(report) if report else [],
        counts=import_svc.counts(report) if report else (0, 0),
        commit=commit,
    )
