"""Classes of a school per year: list, export, create, edit, delete, bulk, roll over."""

from dataclasses import fields

from flask import flash, request, url_for
from flask_login import current_user

from smasweb import excel
from smasweb.blueprints.forms_common import (
    EmptyForm,
    attach_error,
    form_status,
    select_choices,
)
from smasweb.blueprints.query_args import (
    PER_PAGE,
    int_arg,
    page_arg,
    page_count,
    year_arg,
)
from smasweb.models.schools import year_label
from smasweb.rendering import done, render
from smasweb.services import school_data
from smasweb.services.errors import ValidationFailed
from smasweb.services.schools import campuses as schools_campuses
from smasweb.services.schools import classes
from smasweb.services.schools import classes_bulk as bulk
from smasweb.services.schools import export as schools_export
from smasweb.services.schools.classes import ClassData
from smasweb.services.staff import records as staff

from .blueprint import bp
from .forms import ClassBulkForm, ClassForm, limit_class_choices


def _filters(args, grades: dict) -> dict:
    grade = args.get("grade", "")
    return {
        "q": args.get("q", "").strip(),
        "grade": grade if grade in grades else None,
        "campus_id": int_arg(args, "campus"),
    }


def _list_context(args) -> dict:
    school = school_data.readable_school(
        current_user, "classes", int_arg(args, "school")
    )
    year, page = year_arg(args), page_arg(args)
    grades = classes.grades_of(school)
    filters = _filters(args, grades)
    rows, total = classes.search_classes(
        current_user, school, year, **filters, page=page, per_page=PER_PAGE
    )
    return {
        "school": school,
        "year": year,
        "rows": rows,
        "total": total,
        "page": page,
        "pages": page_count(total),
        "grades": grades,
        "campuses": schools_campuses.list_campuses(current_user, school),
        "warning": classes.size_warning,
        "form": EmptyForm(),
        **filters,
    }


@bp.get("/classes")
def classes_index():
    return render(
        "schools/classes.html", "class_results", **_list_context(request.args)
    )


@bp.get("/classes.xlsx")
def classes_xlsx():
    school = school_data.readable_school(
        current_user, "classes", int_arg(request.args, "school")
    )
    year = year_arg(request.args)
    filters = _filters(request.args, classes.grades_of(school))
    data = schools_export.export_classes(current_user, school, year, **filters)
    return excel.xlsx_response(f"lop-{school.code}-{year_label(year)}.xlsx", data)


def _data(form: ClassForm) -> ClassData:
    values = {f.name: form[f.name].data for f in fields(ClassData)}
    values["campus_id"] = int_arg({"c": form.campus_id.data or ""}, "c")
    values["homeroom_staff_id"] = int_arg({"s": form.homeroom_staff_id.data or ""}, "s")
    values["combined_grades"] = tuple(form.combined_grades.data or ())
    return ClassData(**values)


def _list_url(school_id: int, year: int) -> str:
    return url_for("schools.classes_index", school=school_id, year=year)


def _saved(cls, message: str):
    warning = classes.size_warning(cls)
    if warning:
        flash(warning, "warning")
    return done(_list_url(cls.school_id, cls.year), message)


def _form(form_cls, school, **kwargs):
    """A class form offering only the school's grades and campuses."""
    form = form_cls(**kwargs)
    campuses = schools_campuses.list_campuses(current_user, school)
    limit_class_choices(form, classes.grades_of(school), campuses)
    if "homeroom_staff_id" in form:
        form.homeroom_staff_id.choices = select_choices(
            staff.homeroom_choices(school), blank="—"
        )
    return form


def _render_form(form, school, year, cls):
    return render(
        "schools/class_form.html",
        "class_form",
        form_status(form),
        form=form,
        school=school,
        year=year,
        cls=cls,
        warning=classes.size_warning(cls) if cls else None,
    )


@bp.route("/classes/new", methods=["GET", "POST"])
def class_new():
    args = request.args
    school = school_data.writable_school(
        current_user, "classes", int_arg(args, "school")
    )
    year = year_arg(args)
    form = _form(ClassForm, school)
    if form.validate_on_submit():
        try:
            cls = classes.create_class(current_user, school, year, _data(form))
        except ValidationFailed as exc:
            attach_error(form, exc)
        else:
            return _saved(cls, f"Đã thêm lớp {cls.name}.")
    return _render_form(form, school, year, None)


@bp.route("/classes/<int:class_id>/edit", methods=["GET", "POST"])
def class_edit(class_id: int):
    cls = classes.class_for_edit(current_user, class_id)
    school = school_data.readable_school(current_user, "classes", cls.school_id)
    combined = [g for g in (cls.combined_grades or "").split(",") if g]
    form = _form(ClassForm, school, obj=cls, combined_grades=combined)
    if request.method == "GET":
        form.campus_id.data = str(cls.campus_id or "")
        form.homeroom_staff_id.data = str(cls.homeroom_staff_id or "")
    if form.validate_on_submit():
        try:
            classes.update_class(current_user, cls, _data(form), form.version_value)
        except ValidationFailed as exc:
            attach_error(form, exc)
        else:
            return _saved(cls, f"Đã lưu lớp {cls.name}.")
    return _render_form(form, school, cls.year, cls)


@bp.post("/classes/<int:class_id>/delete")
def class_delete(class_id: int):
    cls = classes.get_class(current_user, class_id)
    target, name = _list_url(cls.school_id, cls.year), cls.name
    classes.delete_class(current_user, cls)
    return done(target, f"Đã xóa lớp {name}.")


def _bulk_template(form: ClassBulkForm) -> ClassData:
    return ClassData(
        grade=form.grade.data,
        campus_id=int_arg({"c": form.campus_id.data or ""}, "c"),
        session_pattern=form.session_pattern.data,
        age_group=form.age_group.data,
    )


@bp.route("/classes/bulk", methods=["GET", "POST"])
def class_bulk():
    args = request.args
    school = school_data.writable_school(
        current_user, "classes", int_arg(args, "school")
    )
    year = year_arg(args)
    form = _form(ClassBulkForm, school)
    if form.validate_on_submit():
        try:
            created = bulk.bulk_create(
                current_user, school, year, form.names.data, _bulk_template(form)
            )
        except ValidationFailed as exc:
            attach_error(form, exc)
        else:
            return done(_list_url(school.id, year), f"Đã tạo {len(created)} lớp.")
    return render(
        "schools/class_bulk.html",
        "class_bulk_form",
        form_status(form),
        form=form,
        school=school,
        year=year,
    )


@bp.post("/classes/rollover")
def class_rollover():
    args = request.args
    school = school_data.writable_school(
        current_user, "classes", int_arg(args, "school")
    )
    year = year_arg(args)
    created = bulk.rollover(current_user, school, year)
    return done(
        _list_url(school.id, year + 1),
        f"Đã tạo {len(created)} lớp cho năm học {year_label(year + 1)}.",
    )
