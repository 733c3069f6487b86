"""Unit forms: create/rename, move (dated), close."""

from wtforms import SelectField, StringField
from wtforms.validators import InputRequired, Length, Optional, Regexp

from smasweb.blueprints.forms_common import (
    REQUIRED,
    AppForm,
    CheckboxesField,
    CodeSelect,
    VnDateField,
    select_choices,
)
from smasweb.codelists import FIELDS, LEVEL_GROUPS, LEVELS, OWNERSHIPS
from smasweb.models.units import KIND_LABELS
from smasweb.services import unit_codes

NOT_A_PARENT = "Không có đơn vị với mã này. Hãy chọn trong danh sách."


def _upper(value) -> str:
    return (value or "").strip().upper()


def parent_select(label: str, validators=None) -> CodeSelect:
    """The parent unit, by code: a select filled by the view (parent_choices)."""
    return CodeSelect(
        label,
        choices=[],
        coerce=_upper,
        validators=validators,
        invalid_choice_message=NOT_A_PARENT,
    )


def parent_choices(field, candidates) -> None:
    field.choices = select_choices(
        {u.code: f"{u.name} ({u.code})" for u in candidates}, blank="—"
    )


class UnitForm(AppForm):
    kind = SelectField("Loại đơn vị", choices=select_choices(KIND_LABELS))
    parent_code = parent_select("Đơn vị cấp trên")
    code = StringField(
        "Mã đơn vị",
        description=f"Dạng mã: {unit_codes.HINT}",
        validators=[
            InputRequired(REQUIRED),
            Length(max=20),
            Regexp(r"^[A-Za-z0-9_.-]+$", message="Mã chỉ gồm chữ không dấu, số, - _ ."),
        ],
    )
    name = StringField(
        "Tên đơn vị", validators=[InputRequired(REQUIRED), Length(max=255)]
    )
    admin_code = StringField(
        "Mã hành chính (GSO)",
        validators=[Optional(), Regexp(r"^\d{2,5}$", message="Mã GSO gồm 2–5 chữ số.")],
    )
    level_group = SelectField(
        "Nhóm cấp học",
        choices=select_choices(LEVEL_GROUPS, blank="—"),
        validate_choice=True,
    )
    ownership = SelectField("Loại hình", choices=select_choices(OWNERSHIPS))
    fields = CheckboxesField("Lĩnh vực phụ trách", choices=select_choices(FIELDS))
    levels = CheckboxesField("Cấp học phụ trách", choices=select_choices(LEVELS))
    opened_on = VnDateField("Ngày thành lập", validators=[Optional()])
    head_name = StringField(
        "Thủ trưởng đơn vị (ký báo cáo)", validators=[Optional(), Length(max=120)]
    )


class UnitMoveForm(AppForm):
    parent_code = parent_select(
        "Đơn vị cấp trên mới", validators=[InputRequired(REQUIRED)]
    )
    effective = VnDateField("Ngày hiệu lực", validators=[InputRequired(REQUIRED)])


class UnitCloseForm(AppForm):
    closed_on = VnDateField(
        "Ngày giải thể, sáp nhập", validators=[InputRequired(REQUIRED)]
    )
