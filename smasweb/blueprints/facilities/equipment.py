"""Teaching equipment and preschool toys: list, Excel export, create, edit, delete."""

from flask import request, url_for
from flask_login import current_user

from smasweb import codelists, excel
from smasweb.blueprints.forms_common import (
    EmptyForm,
    attach_error,
    form_status,
    select_choices,
)
from smasweb.blueprints.query_args import int_arg, page_arg, page_count, to_int
from smasweb.rendering import done, render
from smasweb.services import school_data
from smasweb.services.errors import ValidationFailed
from smasweb.services.facilities import equipment as equipment_svc
from smasweb.services.facilities import records as facilities
from smasweb.services.facilities.equipment import EquipmentData, EquipmentFilters

from .blueprint import bp
from .forms import EquipmentForm
from .views import code_arg

EXPORT_HEADERS = [
    "Mã trường",
    "Tên trường",
    "Loại",
    "Mã thiết bị, đồ chơi",
    "Tên thiết bị, đồ chơi",
    "Đơn vị tính",
    "Mã khối",
    "Khối",
    "Mã nhóm tuổi",
    "Nhóm tuổi",
    "Số lượng",
    "Mã tình trạng",
    "Tình trạng",
    "Điểm trường",
]


def _filters(args) -> EquipmentFilters:
    kind = args.get("kind", "")
    return EquipmentFilters(
        q=args.get("q", "").strip(),
        kind=kind if kind in equipment_svc.KINDS else "",
        grade=code_arg(args, "grade", "grades"),
        age_group=code_arg(args, "age", "age_groups"),
    )


def _list_context(args) -> dict:
    school = facilities.resolve_school(current_user, int_arg(request.args, "school"))
    f, page = _filters(args), page_arg(request.args)
    rows, total = equipment_svc.search_equipment(current_user, school, f, page)
    return {
        "school": school,
        "f": f,
        "rows": rows,
        "total": total,
        "page": page,
        "pages": page_count(total),
        "kinds": equipment_svc.KINDS,
        "item": equipment_svc.item,
        "form": EmptyForm(),
    }


@bp.get("/equipment/")
def equipment():
    ctx = _list_context(request.args)
    return render("facilities/equipment.html", "equipment_results", **ctx)


def _line(row, school) -> list:
    item = equipment_svc.item(row.code) or {}
    return [
        school.code,
        school.name,
        equipment_svc.KINDS.get(row.kind, row.kind),
        row.code,
        item.get("label", ""),
        item.get("unit", ""),
        row.grade or "",
        codelists.label("grades", row.grade),
        row.age_group or "",
        codelists.label("age_groups", row.age_group),
        row.quantity,
        row.condition or "",
        codelists.label("conditions", row.condition),
        row.campus.name if row.campus else "",
    ]


@bp.get("/equipment.xlsx")
def equipment_xlsx():
    school = facilities.resolve_school(current_user, int_arg(request.args, "school"))
    rows = equipment_svc.all_equipment(current_user, school, _filters(request.args))
    data = excel.workbook("Thiet bi", EXPORT_HEADERS, [_line(r, s) for r, s in rows])
    name = f"thiet-bi-{school.code}.xlsx" if school else "thiet-bi.xlsx"
    return excel.xlsx_response(name, data)


def _form(school, row=None) -> EquipmentForm:
    form = EquipmentForm(obj=row)
    items = equipment_svc.items_for(school)
    if row is not None and row.code not in items:
        items[row.code] = f"{row.code} – {equipment_svc.item_label(row.code)}"
    form.code.choices = select_choices(items, blank="— Chọn —")
    grades = equipment_svc.grades_for(school)
    form.grade.choices = select_choices(grades, blank="Theo danh mục")
    campuses = facilities.campuses(current_user, school)
    form.campus_id.choices = select_choices(
        {str(c.id): c.name for c in campuses}, blank="—"
    )
    return form


def _data(form: EquipmentForm) -> EquipmentData:
    return EquipmentData(
        code=form.code.data,
        grade=form.grade.data or None,
        age_group=form.age_group.data or None,
        quantity=form.quantity.data,
        condition=form.condition.data or None,
        campus_id=to_int(form.campus_id.data),
    )


def _page(form, school, row, status):
    ctx = {
        "form": form,
        "school": school,
        "row": row,
        "kinds": equipment_svc.kinds_for(school),
    }
    return render("facilities/equipment_form.html", "equipment_form", status, **ctx)


@bp.route("/equipment/new", methods=["GET", "POST"])
def equipment_new():
    school = school_data.writable_school(
        current_user, facilities.FIELD, int_arg(request.args, "school")
    )
    form = _form(school)
    if form.validate_on_submit():
        try:
            equipment_svc.create_equipment(current_user, school, _data(form))
        except ValidationFailed as exc:
            attach_error(form, exc)
        else:
            target = url_for("facilities.equipment", school=school.id)
            return done(target, "Đã thêm thiết bị, đồ dùng, đồ chơi.")
    return _page(form, school, None, form_status(form))


@bp.route("/equipment/<int:item_id>/edit", methods=["GET", "POST"])
def equipment_edit(item_id: int):
    row = equipment_svc.get_equipment(current_user, item_id)
    school = facilities.require_row_write(current_user, row)
    form = _form(school, row)
    if form.validate_on_submit():
        version = to_int(form.version.data)
        try:
            equipment_svc.update_equipment(current_user, row, _data(form), version)
        except ValidationFailed as exc:
            attach_error(form, exc)
        else:
            target = url_for("facilities.equipment", school=school.id)
            return done(target, "Đã lưu thay đổi.")
    return _page(form, school, row, form_status(form))


@bp.post("/equipment/<int:item_id>/delete")
def equipment_delete(item_id: int):
    row = equipment_svc.get_equipment(current_user, item_id)
    school_id = row.school_id
    equipment_svc.delete_equipment(current_user, row)
    target = url_for("facilities.equipment", school=school_id)
    return done(target, "Đã xóa thiết bị, đồ dùng, đồ chơi.")
