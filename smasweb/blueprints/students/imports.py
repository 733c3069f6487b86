"""Pupils' Excel: the C1-HocSinh template, dry run and all-or-nothing import with an
error sheet, the list export and one school's C1-HocSinh file. Every export of
personal data is logged (ExportLog) in the same request."""

from flask import request
from flask_login import current_user

from smasweb import excel
from smasweb.blueprints.imports_common import RecordImport
from smasweb.blueprints.query_args import int_arg
from smasweb.extensions import db
from smasweb.services import policy, school_data
from smasweb.services.audit import export_log
from smasweb.services.students import export as students_export
from smasweb.services.students import imports as import_svc
from smasweb.services.students import template as students_template
from smasweb.services.students.records import FIELD

from .blueprint import bp
from .views import filters as list_filters  # the export takes the list's filters

IMPORT = RecordImport(
    template="students/import.html",
    index="students.index",
    noun="học sinh",
    errors_file="loi-nhap-hoc-sinh.xlsx",
    check=import_svc.check_students,
    save=import_svc.import_students,
    counts=import_svc.counts,
    kind="students",
)


@bp.get("/template.xlsx")
def template():
    policy.require_reads(current_user, FIELD)
    unit = current_user.unit
    data = students_template.import_template(unit if unit.is_school else None)
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
    school = school_data.readable_school(
        current_user, FIELD, int_arg(request.args, "school")
    )
    data, rows, masked = students_export.export_c1(current_user, school)
    export_log.record(current_user, "students.c1.xlsx", rows, school, masked)
    db.session.commit()
    return excel.xlsx_response(f"C1-HocSinh-{school.code}.xlsx", data)


@bp.route("/import", methods=["GET", "POST"])
def import_page():
    """Dry run or all-or-nothing commit; always the user's own school."""
    return IMPORT.page(school_data.writable_school(current_user, FIELD, own_only=True))


@bp.post("/import/errors.xlsx")
def import_errors():
    return IMPORT.errors_sheet(
        school_data.writable_school(current_user, FIELD, own_only=True)
    )
