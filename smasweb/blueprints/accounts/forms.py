"""Account forms."""

from wtforms import EmailField, SelectField, StringField
from wtforms.validators import InputRequired, Length, Regexp

from smasweb.blueprints.forms_common import (
    REQUIRED,
    AppForm,
    CheckboxesField,
    select_choices,
    shared_check,
)
from smasweb.codelists import FIELDS
from smasweb.models.accounts import ROLE_LABELS
from smasweb.services import checks


class AccountForm(AppForm):
    username = StringField(
        "Tên đăng nhập",
        validators=[
            InputRequired(REQUIRED),
            Length(min=3, max=64, message="Tên đăng nhập dài 3–64 ký tự."),
            Regexp(
                r"^[A-Za-z0-9_.-]+$",
                message="Chỉ dùng chữ không dấu, số và các dấu - _ .",
            ),
        ],
        render_kw={"autocapitalize": "none"},
    )
    full_name = StringField(
        "Họ và tên", validators=[InputRequired(REQUIRED), Length(max=120)]
    )
    role = SelectField("Vai trò", choices=select_choices(ROLE_LABELS))
    unit_code = StringField(
        "Mã đơn vị", validators=[InputRequired(REQUIRED), Length(max=20)]
    )
    fields = CheckboxesField(
        "Lĩnh vực phụ trách (tài khoản phòng chuyên môn)",
        choices=select_choices(FIELDS),
    )
    email = EmailField("Thư điện tử", validators=[shared_check(checks.email)])
    phone = StringField(
        "Số điện thoại",
        validators=[shared_check(checks.phone)],
        render_kw={"inputmode": "tel"},
    )
