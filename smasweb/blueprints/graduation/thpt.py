"""THPT graduation (/graduation/thpt): the pass list of a school (officers: the
counts per school), its Excel export, and the exam results file's template and
import (dry run, all-or-nothing commit, error sheet)."""

from flask import request
from flask_login import current_user

from smasweb import excel
from smasweb.blueprints.imports_common import RecordImport
from smasweb.blueprints.query_args import int_arg, year_arg
from smasweb.extensions import db
from smasweb.rendering import render
from smasweb.services import policy, school_data
from smasweb.services.audit import export_log
from smasweb.services.graduation import exam_import, thpt, thpt_export
from smasweb.services.graduation.thpt_score import SUBJECTS, shown

from .blueprint import bp

IMPORT = RecordImport(
    template="graduation/thpt_import.html",
    index="graduation.thpt_list",
    noun="kết quả thi",
    errors_file="loi-nhap-ket-qua-thi.xlsx",
    check=exam_import.check_results,
    save=exam_import.import_results,
    counts=exam_import.counts,
    kind="graduation_thpt",
)


@bp.get("/thpt")
def thpt_list():
    """A school's pass list (a school user's own, or ?school=); an officer without
    ?school= gets the counts per school."""
    policy.require_reads(current_user, thpt.FIELD)
    year, school_id = year_arg(request.args), int_arg(request.args, "school")
    ctx = {"year": year, "exam_year": thpt.exam_year(year), "shown": shown}
    if school_id is None and policy.own_school(current_user) is None:
        counts = thpt.school_counts(current_user, year)
        return render("graduation/thpt_schools.html", None, counts=counts, **ctx)
    school, rows = thpt.school_list(current_user, school_id, year)
    personal = policy.can_see_personal(current_user, school)
    return render(
        "graduation/thpt.html",
        None,
        school=school,
        rows=rows,
        subjects=SUBJECTS,
        personal=personal,
        may_import=policy.own_school(current_user) == school
        and policy.can(current_user, "data.write", unit=school, field=thpt.FIELD),
        **ctx,
    )


@bp.get("/thpt/export.xlsx")
def thpt_export_list():
    policy.require_reads(current_user, thpt.FIELD)
    year = year_arg(request.args)
    school, rows = thpt.school_list(current_user, int_arg(request.args, "school"), year)
    data = thpt_export.workbook(rows)
    export_log.record_xlsx(current_user, "graduation.thpt.xlsx", data, unit=school)
    db.session.commit()
    return excel.xlsx_response(f"tot-nghiep-thpt-{school.code}-{year}.xlsx", data)


@bp.get("/thpt/template.xlsx")
def thpt_template():
    policy.require_reads(current_user, thpt.FIELD)
    return excel.xlsx_response(
        "mau-ket-qua-thi-tot-nghiep.xlsx", exam_import.template()
    )


@bp.route("/thpt/import", methods=["GET", "POST"])
def thpt_import():
    """Kiểm tra, then Nhập dữ liệu; always the user's own school."""
    school = school_data.writable_school(current_user, thpt.FIELD, own_only=True)
    return IMPORT.page(school)


@bp.post("/thpt/import/errors.xlsx")
def thpt_import_errors():
    school = school_data.writable_school(current_user, thpt.FIELD, own_only=True)
    return IMPORT.errors_sheet(school)
