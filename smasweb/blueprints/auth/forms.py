"""Login and password forms."""

from wtforms import HiddenField, PasswordField, StringField
from wtforms.validators import EqualTo, InputRequired, Length

from smasweb.blueprints.forms_common import REQUIRED, AppForm


class ForgotPasswordForm(AppForm):
    username = StringField(
        "Tên đăng nhập",
        validators=[InputRequired(REQUIRED), Length(max=64)],
        render_kw={"autocomplete": "username", "autocapitalize": "none"},
    )


class LoginForm(AppForm):
    username = StringField(
        "Tên đăng nhập",
        validators=[InputRequired(REQUIRED), Length(max=64)],
        render_kw={"autocomplete": "username", "autocapitalize": "none"},
    )
    password = PasswordField(
        "Mật khẩu",
        validators=[InputRequired(REQUIRED), Length(max=200)],
        render_kw={"autocomplete": "current-password"},
    )
    next = HiddenField()


class PasswordChangeForm(AppForm):
    current_password = PasswordField(
        "Mật khẩu hiện tại",
        validators=[InputRequired(REQUIRED)],
        render_kw={"autocomplete": "current-password"},
    )
    new_password = PasswordField(
        "Mật khẩu mới",
        validators=[InputRequired(REQUIRED), Length(max=200)],
        description="Ít nhất 8 ký tự, có cả chữ và số.",
        render_kw={"autocomplete": "new-password"},
    )
    confirm = PasswordField(
        "Nhập lại mật khẩu mới",
        validators=[
            InputRequired(REQUIRED),
            EqualTo("new_password", "Hai lần nhập mật khẩu mới không khớp."),
        ],
        render_kw={"autocomplete": "new-password"},
    )
