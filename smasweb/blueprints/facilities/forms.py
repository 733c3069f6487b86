"""Room, equipment and import forms. Shapes only; the services hold the rules."""

from decimal import Decimal

from wtforms import (
    BooleanField,
    HiddenField,
    IntegerField,
    SelectField,
    StringField,
)
from wtforms.validators import InputRequired, Length, NumberRange, Optional

from smasweb.blueprints.forms_common import (
    REQUIRED,
    AppForm,
    VnDecimalField,
    select_choices,
)
from smasweb.codelists import labels

NOT_IN_LIST = "Giá trị không có trong danh mục."
NOT_INTEGER = "Hãy nhập một số nguyên, ví dụ 4."
NOT_NUMBER = "Hãy nhập một số, ví dụ 48 hoặc 48,5."


class CodeSelectField(SelectField):
    """A select over a code list; an empty value is left to InputRequired/Optional."""

    def __init__(self, label=None, validators=None, **kwargs):
        kwargs.setdefault("invalid_choice_message", NOT_IN_LIST)
        super().__init__(label, validators, **kwargs)

    def pre_validate(self, form):
        if self.data not in (None, ""):
            super().pre_validate(form)


def _quantity(label: str, minimum: int, message: str) -> IntegerField:
    return IntegerField(
        label,
        validators=[InputRequired(REQUIRED), NumberRange(min=minimum, message=message)],
        invalid_value_message=NOT_INTEGER,
    )


def _campus() -> CodeSelectField:
    return CodeSelectField("Điểm trường", choices=[], validators=[Optional()])


def _condition() -> CodeSelectField:
    return CodeSelectField(
        "Tình trạng",
        choices=select_choices(labels("conditions"), blank="—"),
        validators=[Optional()],
    )


class RoomForm(AppForm):
    kind = CodeSelectField(
        "Loại phòng",
        choices=select_choices(labels("room_kinds"), blank="— Chọn loại phòng —"),
        validators=[InputRequired(REQUIRED)],
    )
    construction = CodeSelectField(
        "Kết cấu",
        choices=select_choices(labels("constructions"), blank="— Chọn kết cấu —"),
        validators=[InputRequired(REQUIRED)],
    )
    borrowed = BooleanField("Phòng nhờ, mượn")
    campus_id = _campus()
    name = StringField("Tên phòng", validators=[Optional(), Length(max=120)])
    quantity = _quantity("Số phòng", 1, "Số phòng phải từ 1 trở lên.")
    area_m2 = VnDecimalField(
        "Diện tích mỗi phòng (m²)",
        places=2,
        invalid_value_message=NOT_NUMBER,
        validators=[
            Optional(),
            NumberRange(
                min=Decimal("0.01"), message="Diện tích mỗi phòng phải lớn hơn 0."
            ),
        ],
    )
    condition = _condition()
    version = HiddenField()


class EquipmentForm(AppForm):
    code = CodeSelectField(
        "Thiết bị, đồ dùng, đồ chơi",
        choices=[],
        validators=[InputRequired(REQUIRED)],
    )
    grade = CodeSelectField(
        "Khối",
        choices=select_choices(labels("grades"), blank="Theo danh mục"),
        validators=[Optional()],
        description="Với thiết bị dạy học; để trống thì lấy khối ghi trong danh mục.",
    )
    age_group = CodeSelectField(
        "Nhóm tuổi",
        choices=select_choices(labels("age_groups"), blank="Theo danh mục"),
        validators=[Optional()],
        description="Với đồ dùng, đồ chơi; để trống thì lấy nhóm tuổi trong danh mục.",
    )
    quantity = _quantity("Số lượng", 0, "Số lượng không được âm.")
    condition = _condition()
    campus_id = _campus()
    version = HiddenField()
