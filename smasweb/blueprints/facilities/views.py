"""Facilities: a school's overview, the schools an officer reads, the section V summary.

Rooms, equipment and imports register their routes on this blueprint from their own
modules (rooms.py, equipment.py, imports.py).
"""

from flask import request
from flask_login import current_user

from smasweb import codelists, excel
from smasweb.blueprints.query_args import int_arg, page_arg, page_count
from smasweb.rendering import render
from smasweb.services.facilities import records as facilities
from smasweb.services.facilities import summary as facilities_summary

from .blueprint import bp


def _index_context(school) -> dict:
    ctx = {"school": school, "q": request.args.get("q", "").strip(), "page": 1}
    if school is not None:
        rows = facilities_summary.room_summary(current_user, school)
        return {**ctx, "rows": rows, "schools": [], "total": 0, "pages": 1}
    ctx["page"] = page_arg(request.args)
    schools, total = facilities_summary.school_totals(
        current_user, ctx["q"], ctx["page"]
    )
    return {
        **ctx,
        "rows": [],
        "schools": schools,
        "total": total,
        "pages": page_count(total),
    }


@bp.get("/")
def index():
    """A school's overview, or for officers the schools they read with room totals."""
    school = facilities.resolve_school(current_user, int_arg(request.args, "school"))
    block = None if school else "facility_schools"
    return render("facilities/index.html", block, **_index_context(school))


@bp.get("/summary")
def summary():
    """Section V for one school, or summed over every school the actor reads."""
    school = facilities.resolve_school(current_user, int_arg(request.args, "school"))
    rows = facilities_summary.room_summary(current_user, school)
    return render(
        "facilities/summary.html",
        school=school,
        rows=rows,
        columns=facilities_summary.COLUMNS,
    )


@bp.get("/summary.xlsx")
def summary_xlsx():
    school = facilities.resolve_school(current_user, int_arg(request.args, "school"))
    rows = facilities_summary.room_summary(current_user, school)
    data = excel.workbook(
        "Phong hoc",
        ["Mã số", "Chỉ tiêu", *facilities_summary.COLUMNS],
        facilities_summary.summary_table(rows),
    )
    name = f"phong-hoc-{school.code}.xlsx" if school else "phong-hoc-tong-hop.xlsx"
    return excel.xlsx_response(name, data)


def code_arg(args, name: str, codelist: str) -> str:
    """A filter value that is a code of the list, else "" (no filter)."""
    value = args.get(name, "")
    return value if value in codelists.labels(codelist) else ""


@bp.context_processor
def _template_helpers() -> dict:
    """Code-list labels and number formats for every facilities template."""
    return {
        "label": codelists.label,
        "labels": codelists.labels,
    }
