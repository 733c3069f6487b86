"""State budget lines: a school's lines by category, officers' school totals, forms, export."""

from flask import flash, request, url_for
from flask_login import current_user

from smasweb import excel
from smasweb.blueprints.forms_common import EmptyForm, attach_error, form_status
from smasweb.blueprints.query_args import (
    PER_PAGE,
    page_arg,
    page_count,
    to_int,
    year_arg,
)
from smasweb.rendering import done, render
from smasweb.services import policy
from smasweb.services import years as school_years
from smasweb.services.errors import NotFound, ValidationFailed
from smasweb.services.finance import records as finance

from .blueprint import bp
from .forms import BudgetLineForm


def _school(args):
    return finance.home_school(current_user, to_int(args.get("school")))


def _common(args) -> dict:
    return {
        "year": year_arg(args),
        "years": school_years.known_years(),
        "q": args.get("q", "").strip(),
        "page": page_arg(args),
    }


def _lines_context(school, args) -> dict:
    ctx = _common(args)
    category = args.get("category", "")
    category = category if category in finance.category_labels() else ""
    ctx.update(school=school, category=category, categories=finance.category_labels())
    ctx["budget"] = finance.budget_page(
        current_user, school, ctx["year"], category, ctx["q"], ctx["page"], PER_PAGE
    )
    return ctx


def _schools_context(args) -> dict:
    ctx = _common(args)
    rows, total, grand = finance.school_totals(
        current_user, ctx["year"], ctx["q"], ctx["page"], PER_PAGE
    )
    pages = page_count(total, PER_PAGE)
    return {**ctx, "rows": rows, "total": total, "grand": grand, "pages": pages}


@bp.get("/")
def index():
    policy.require_reads(current_user, finance.FIELD)
    school = _school(request.args)
    if school is None:
        ctx = _schools_context(request.args)
        return render("finance/schools.html", "budget_school_results", **ctx)
    ctx = _lines_context(school, request.args)
    return render("finance/index.html", "budget_results", **ctx)


@bp.get("/budget.xlsx")
def export():
    policy.require_reads(current_user, finance.FIELD)
    school, year = _school(request.args), year_arg(request.args)
    if school is None:
        data = finance.export_school_totals(
            current_user, year, request.args.get("q", "")
        )
        return excel.xlsx_response(f"ngan-sach-cac-truong-{year}.xlsx", data)
    data = finance.export_lines(current_user, school, year)
    return excel.xlsx_response(f"ngan-sach-{school.code}-{year}.xlsx", data)


def _saved(line, message: str):
    if line.executed > line.planned:
        flash("Lưu ý: số thực hiện vượt kế hoạch.", "warning")
    return done(
        url_for("finance.index", school=line.school_id, year=line.year), message
    )


@bp.route("/lines/new", methods=["GET", "POST"])
def new():
    school, year = _school(request.args), year_arg(request.args)
    if school is None:
        raise NotFound()
    finance.require_edit(current_user, school)
    form = BudgetLineForm()
    if form.validate_on_submit():
        try:
            line = finance.create_line(current_user, school, year, form.line_data())
        except ValidationFailed as exc:
            attach_error(form, exc)
        else:
            return _saved(line, "Đã thêm dòng ngân sách.")
    return render(
        "finance/form.html",
        "budget_line_form",
        form_status(form),
        form=form,
        line=None,
        school=school,
        year=year,
    )


@bp.route("/lines/<int:line_id>/edit", methods=["GET", "POST"])
def edit(line_id: int):
    line = finance.get_line(current_user, line_id)
    school = finance.require_edit(current_user, line)
    form = BudgetLineForm(obj=line)
    if form.validate_on_submit():
        try:
            finance.update_line(current_user, line, form.line_data(), form.version.data)
        except ValidationFailed as exc:
            attach_error(form, exc)
        else:
            return _saved(line, "Đã lưu thay đổi.")
    return render(
        "finance/form.html",
        "budget_line_form",
        form_status(form),
        form=form,
        line=line,
        school=school,
        year=line.year,
        delete_form=EmptyForm(),
    )


@bp.post("/lines/<int:line_id>/delete")
def delete(line_id: int):
    line = finance.get_line(current_user, line_id)
    school_id, year = line.school_id, line.year
    finance.delete_line(current_user, line, to_int(request.form.get("version")))
    return done(
        url_for("finance.index", school=school_id, year=year), "Đã xóa dòng ngân sách."
    )
