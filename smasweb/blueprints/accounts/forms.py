"""Account forms."""

from wtforms import EmailField, SelectField, StringField
from wtforms.validators import InputRequired, Length, Optional, Regexp

from smasweb.blueprints.forms_common import (
    REQUIRED,
    AppForm,
    CheckboxesField,
    select_choices,
)
from smasweb.codelists import FIELDS
from smasweb.models.accounts import ROLE_LABELS


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
    email = EmailField(
        "Thư điện tử",
        validators=[
            Optional(),
            Regexp(
                r"^[^@\s]+@[^@\s]+\.[^@\s]+$",
                message="Địa chỉ thư điện tử không hợp lệ.",
            ),
            Length(max=120),
        ],
    )
    phone = StringField(
        "Số điện thoại",
        validators=[
            Optional(),
            Regexp(r"^0\d{9}$", message="Số điện thoại gồm 10 chữ số, bắt đầu bằng 0."),
        ],
        render_kw={"inputmode": "tel"},
    )
