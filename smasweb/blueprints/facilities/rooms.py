"""Rooms: list with filters and search, Excel export, create, edit, delete."""

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
from smasweb.services.facilities import records as facilities
from smasweb.services.facilities.records import RoomData, RoomFilters

from .blueprint import bp
from .forms import RoomForm
from .views import code_arg

EXPORT_HEADERS = [
    "Mã trường",
    "Tên trường",
    "Mã loại phòng",
    "Loại phòng",
    "Mã kết cấu",
    "Kết cấu",
    "Nhờ, mượn",
    "Điểm trường",
    "Tên phòng",
    "Số phòng",
    "Diện tích mỗi phòng (m²)",
    "Mã tình trạng",
    "Tình trạng",
]


def _filters(args) -> RoomFilters:
    return RoomFilters(
        q=args.get("q", "").strip(),
        kind=code_arg(args, "kind", "room_kinds"),
        construction=code_arg(args, "construction", "constructions"),
        borrowed=args.get("borrowed", "") if args.get("borrowed") in ("0", "1") else "",
        campus_id=to_int(args.get("campus")),
    )


def _list_context(args) -> dict:
    school = facilities.resolve_school(current_user, int_arg(request.args, "school"))
    f, page = _filters(args), page_arg(request.args)
    rows, total = facilities.search_rooms(current_user, school, f, page)
    return {
        "school": school,
        "f": f,
        "rows": rows,
        "total": total,
        "page": page,
        "pages": page_count(total),
        "campuses": facilities.campuses(current_user, school),
        "form": EmptyForm(),
    }


@bp.get("/rooms/")
def rooms():
    return render(
        "facilities/rooms.html", "room_results", **_list_context(request.args)
    )


def _line(room, school) -> list:
    area = float(room.area_m2) if room.area_m2 is not None else None
    return [
        school.code,
        school.name,
        room.kind,
        codelists.label("room_kinds", room.kind),
        room.construction,
        codelists.label("constructions", room.construction),
        room.borrowed,
        room.campus.name if room.campus else "",
        room.name or "",
        room.quantity,
        area,
        room.condition or "",
        codelists.label("conditions", room.condition),
    ]


@bp.get("/rooms.xlsx")
def rooms_xlsx():
    school = facilities.resolve_school(current_user, int_arg(request.args, "school"))
    rows = facilities.all_rooms(current_user, school, _filters(request.args))
    data = excel.workbook("Phong", EXPORT_HEADERS, [_line(r, s) for r, s in rows])
    name = f"phong-{school.code}.xlsx" if school else "phong.xlsx"
    return excel.xlsx_response(name, data)


def _form(school, room=None) -> RoomForm:
    form = RoomForm(obj=room)
    campuses = facilities.campuses(current_user, school)
    form.campus_id.choices = select_choices(
        {str(c.id): c.name for c in campuses}, blank="—"
    )
    return form


def _data(form: RoomForm) -> RoomData:
    return RoomData(
        kind=form.kind.data,
        construction=form.construction.data,
        borrowed=bool(form.borrowed.data),
        campus_id=to_int(form.campus_id.data),
        name=form.name.data,
        quantity=form.quantity.data,
        area_m2=form.area_m2.data,
        condition=form.condition.data or None,
    )


@bp.route("/rooms/new", methods=["GET", "POST"])
def room_new():
    school = school_data.writable_school(
        current_user, facilities.FIELD, int_arg(request.args, "school")
    )
    form = _form(school)
    if form.validate_on_submit():
        try:
            facilities.create_room(current_user, school, _data(form))
        except ValidationFailed as exc:
            attach_error(form, exc)
        else:
            target = url_for("facilities.rooms", school=school.id)
            return done(target, "Đã thêm phòng.")
    ctx = {"form": form, "school": school, "room": None}
    return render("facilities/room_form.html", "room_form", form_status(form), **ctx)


@bp.route("/rooms/<int:room_id>/edit", methods=["GET", "POST"])
def room_edit(room_id: int):
    room = facilities.get_room(current_user, room_id)
    school = facilities.require_row_write(current_user, room)
    form = _form(school, room)
    if form.validate_on_submit():
        version = to_int(form.version.data)
        try:
            facilities.update_room(current_user, room, _data(form), version)
        except ValidationFailed as exc:
            attach_error(form, exc)
        else:
            target = url_for("facilities.rooms", school=school.id)
            return done(target, "Đã lưu thay đổi.")
    ctx = {"form": form, "school": school, "room": room}
    return render("facilities/room_form.html", "room_form", form_status(form), **ctx)


@bp.post("/rooms/<int:room_id>/delete")
def room_delete(room_id: int):
    room = facilities.get_room(current_user, room_id)
    school_id = room.school_id
    facilities.delete_room(current_user, room)
    return done(url_for("facilities.rooms", school=school_id), "Đã xóa phòng.")
