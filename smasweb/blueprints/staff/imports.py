"""Staff Excel: the list export, the import template, dry run and all-or-nothing
commit with an error sheet, and the file laid out for upload to CSDL ngành."""

from flask import request
from flask_login import current_user

from smasweb import excel
from smasweb.blueprints.imports_common import RecordImport
from smasweb.blueprints.query_args import int_arg, year_arg
from smasweb.extensions import db
from smasweb.services import policy, school_data
from smasweb.services.audit import export_log
from smasweb.services.audit.export_log import query_detail
from smasweb.services.staff import export as staff_export
from smasweb.services.staff import imports as import_svc
from smasweb.services.staff import template as staff_template
from smasweb.services.staff.records import FIELD

from .blueprint import bp
from .views import filters

IMPORT = RecordImport(
    template="staff/import.html",
    index="staff.index",
    noun="cán bộ",
    errors_file="loi-nhap-can-bo.xlsx",
    check=import_svc.check_staff,
    save=import_svc.import_staff,
    counts=import_svc.counts,
    kind="staff",
)


@bp.get("/export.xlsx")
def export():
    policy.require_reads(current_user, FIELD)
    data = staff_export.export_list(current_user, filters(request.args))
    export_log.record_xlsx(current_user, "staff.xlsx", data, query_detail(request.args))
    db.session.commit()
    return excel.xlsx_response("danh-sach-can-bo.xlsx", data)


@bp.get("/template.xlsx")
def template():
    policy.require_reads(current_user, FIELD)
    unit = current_user.unit
    data = staff_template.import_template(unit if unit.is_school else None)
    return excel.xlsx_response("mau-nhap-can-bo.xlsx", data)


@bp.get("/ministry.xlsx")
def ministry():
    school = school_data.readable_school(
        current_user, FIELD, int_arg(request.args, "school")
    )
    year = year_arg(request.args)
    data = staff_export.export_ministry(current_user, school, year)
    export_log.record_xlsx(current_user, "staff.ministry.xlsx", data, unit=school)
    db.session.commit()
    return excel.xlsx_response(f"csdl-can-bo-{school.code}-{year}.xlsx", data)


@bp.route("/import", methods=["GET", "POST"])
def import_page():
    """Dry run or all-or-nothing commit; always the user's own school."""
    return IMPORT.page(school_data.writable_school(current_user, FIELD, own_only=True))


@bp.post("/import/errors.xlsx")
def import_errors():
    return IMPORT.errors_sheet(
        school_data.writable_school(current_user, FIELD, own_only=True)
    )
