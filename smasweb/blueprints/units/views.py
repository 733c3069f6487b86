"""The unit tree: browse (expandable with htmx), search, create, rename, move, close."""

from flask import make_response, request, url_for
from flask_login import current_user

from smasweb import excel
from smasweb.blueprints.forms_common import attach_error, form_status
from smasweb.blueprints.query_args import int_arg
from smasweb.rendering import done, render, wants_fragment
from smasweb.services import policy, tree, unit_parents, units
from smasweb.services.errors import NotFound, ValidationFailed

from .blueprint import bp
from .forms import UnitCloseForm, UnitForm, UnitMoveForm, parent_choices


def _tree_context(parent=None) -> dict:
    nodes = units.children(current_user, parent)
    return {"nodes": nodes, "counts": units.child_counts(nodes), "parent": parent}


def _opened(open_id: int | None) -> dict:
    """{id: (children, counts)} of the unit ?open= names and its visible ancestors:
    the tree opened at that unit without JavaScript."""
    if open_id is None:
        return {}
    unit = units.get_unit(current_user, open_id)
    out = {}
    for node in [*tree.ancestors(unit), unit]:
        if policy.in_scope(current_user, node):
            nodes = units.children(current_user, node)
            out[node.id] = (nodes, units.child_counts(nodes))
    return out


@bp.get("/")
def index():
    q = request.args.get("q", "").strip()
    found = units.search_units(current_user, q) if q else None
    return render(
        "units/index.html",
        "unit_results",
        q=q,
        found=found,
        opened=_opened(int_arg(request.args, "open")),
        **_tree_context(),
    )


@bp.get("/export.xlsx")
def export():
    """Every unit in the actor's scope (or the search's matches) as an Excel file."""
    q = request.args.get("q", "").strip()
    return excel.xlsx_response("don-vi.xlsx", units.export(current_user, q))


@bp.get("/<int:unit_id>/children")
def children(unit_id: int):
    """A node's children for the expanding tree; without htmx, the unit's own page."""
    if not wants_fragment():
        return detail(unit_id)
    parent = units.get_unit(current_user, unit_id)
    return render("units/_children.html", "unit_children", **_tree_context(parent))


@bp.get("/<int:unit_id>")
def detail(unit_id: int):
    unit = units.get_unit(current_user, unit_id)
    include_closed = request.args.get("closed") == "1"
    nodes = units.children(current_user, unit, include_closed=include_closed)
    return render(
        "units/detail.html",
        unit=unit,
        ancestors=tree.ancestors(unit),
        nodes=nodes,
        counts=units.child_counts(nodes),
        links=units.history(unit),
        include_closed=include_closed,
    )


def _unit_data(form: UnitForm, kind: str) -> units.UnitData:
    return units.UnitData(
        code=form.code.data or "",
        name=form.name.data or "",
        kind=kind,
        admin_code=form.admin_code.data,
        level_group=form.level_group.data or None,
        ownership=form.ownership.data,
        fields=tuple(form.fields.data or ()),
        levels=tuple(form.levels.data or ()),
        opened_on=form.opened_on.data,
        head_name=form.head_name.data,
    )


def _parent_from_code(code: str, field: str):
    parent = units.find_unit_by_code((code or "").strip().upper())
    if parent is None:
        raise ValidationFailed("Không có đơn vị với mã này.", field)
    try:
        return units.get_unit(current_user, parent.id)
    except NotFound:
        raise ValidationFailed("Không có đơn vị với mã này.", field) from None


def _offer_parents(field) -> None:
    parent_choices(field, unit_parents.parent_candidates(current_user))


@bp.get("/parents")
def parents():
    """The parent select narrowed by a search (?parent_q=), the current choice kept
    (?parent_code=): the unit forms' picker with htmx."""
    policy.require(current_user, "units.manage")
    form = UnitMoveForm(request.args, meta={"csrf": False})
    found = unit_parents.parent_candidates(
        current_user,
        request.args.get("parent_q", ""),
        keep=form.parent_code.data or None,
    )
    parent_choices(form.parent_code, found)
    return make_response(form.parent_code())


@bp.route("/new", methods=["GET", "POST"])
def new():
    policy.require(current_user, "units.manage")
    form = UnitForm()
    _offer_parents(form.parent_code)
    parent_id = int_arg(request.args, "parent")
    if request.method == "GET" and parent_id is not None:
        parent = units.get_unit(current_user, parent_id)
        form.parent_code.data = parent.code
        form.kind.data = "school"
    if form.validate_on_submit():
        try:
            data = _unit_data(form, form.kind.data)
            if form.parent_code.data:
                data.parent_id = _parent_from_code(
                    form.parent_code.data, "parent_code"
                ).id
            unit = units.create_unit(current_user, data)
        except ValidationFailed as exc:
            attach_error(form, exc)
        else:
            return done(
                url_for("units.detail", unit_id=unit.id), f"Đã tạo {unit.name}."
            )
    return render(
        "units/form.html", "unit_form", form_status(form), form=form, unit=None
    )


@bp.route("/<int:unit_id>/edit", methods=["GET", "POST"])
def edit(unit_id: int):
    unit = units.get_unit(current_user, unit_id)
    policy.require(current_user, "units.manage")
    form = UnitForm(
        obj=unit, fields=list(unit.field_codes), levels=list(unit.level_codes)
    )
    if form.validate_on_submit():
        try:
            units.update_unit(current_user, unit, _unit_data(form, unit.kind))
        except ValidationFailed as exc:
            attach_error(form, exc)
        else:
            return done(url_for("units.detail", unit_id=unit.id), "Đã lưu thay đổi.")
    return render(
        "units/form.html", "unit_form", form_status(form), form=form, unit=unit
    )


@bp.route("/<int:unit_id>/move", methods=["GET", "POST"])
def move(unit_id: int):
    unit = units.get_unit(current_user, unit_id)
    policy.require(current_user, "units.manage")
    form = UnitMoveForm()
    _offer_parents(form.parent_code)
    if form.validate_on_submit():
        try:
            parent = _parent_from_code(form.parent_code.data, "parent_code")
            units.move_unit(current_user, unit, parent, form.effective.data)
        except ValidationFailed as exc:
            attach_error(form, exc)
        else:
            return done(
                url_for("units.detail", unit_id=unit.id),
                f"Đã chuyển {unit.name} về {parent.name}.",
            )
    return render(
        "units/move.html", "unit_move_form", form_status(form), form=form, unit=unit
    )


@bp.route("/<int:unit_id>/close", methods=["GET", "POST"])
def close(unit_id: int):
    unit = units.get_unit(current_user, unit_id)
    policy.require(current_user, "units.manage")
    form = UnitCloseForm()
    if form.validate_on_submit():
        try:
            units.close_unit(current_user, unit, form.closed_on.data)
        except ValidationFailed as exc:
            attach_error(form, exc)
        else:
            return done(
                url_for("units.detail", unit_id=unit.id), f"Đã giải thể {unit.name}."
            )
    return render(
        "units/close.html", "unit_close_form", form_status(form), form=form, unit=unit
    )
