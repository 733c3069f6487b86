"""Calendar forms: unlock requests and answers, period edits, lock/open, rules."""

from wtforms import IntegerField, SelectField, StringField, TextAreaField
from wtforms.validators import InputRequired, Length, NumberRange, Optional

from smasweb.blueprints.forms_common import (
    REQUIRED,
    AppForm,
    CheckboxesField,
    VnDateField,
    date_field,
    select_choices,
    text_field,
)
from smasweb.codelists import CALENDAR_FIELDS, LEVELS
from smasweb.services.calendar.unlocks import MIN_REASON

PICK_ONE = "Hãy chọn ít nhất một lĩnh vực."


def field_choices() -> list:
    return select_choices(CALENDAR_FIELDS)


def period_choices(periods) -> list:
    return select_choices({str(p.id): p.title for p in periods}, blank="— Chọn —")


class UnlockRequestForm(AppForm):
    period = SelectField("Kỳ báo cáo", validators=[InputRequired(REQUIRED)])
    fields = CheckboxesField(
        "Lĩnh vực cần mở khóa",
        choices=field_choices(),
        validators=[InputRequired(PICK_ONE)],
    )
    reason = TextAreaField(
        "Lý do",
        validators=[
            InputRequired(REQUIRED),
            Length(
                min=MIN_REASON,
                max=2000,
                message=f"Lý do phải có ít nhất {MIN_REASON} ký tự.",
            ),
        ],
        description="Nêu số liệu cần sửa và vì sao.",
    )


class GrantForm(AppForm):
    granted_fields = CheckboxesField(
        "Lĩnh vực được mở",
        choices=field_choices(),
        validators=[InputRequired(PICK_ONE)],
    )
    expires_on = VnDateField("Mở đến hết ngày", validators=[InputRequired(REQUIRED)])
    note = StringField("Ghi chú", validators=[Optional(), Length(max=500)])


class DirectGrantForm(GrantForm):
    school = StringField(
        "Trường (mã hoặc tên)",
        validators=[InputRequired(REQUIRED), Length(max=255)],
    )


class RefuseForm(AppForm):
    note = StringField(
        "Lý do từ chối", validators=[InputRequired(REQUIRED), Length(max=500)]
    )


class OpenForm(AppForm):
    until = VnDateField("Mở đến ngày", validators=[InputRequired(REQUIRED)])


class PeriodForm(AppForm):
    title = StringField(
        "Tên kỳ báo cáo", validators=[InputRequired(REQUIRED), Length(max=120)]
    )
    opens_on = VnDateField("Ngày mở nhập", validators=[InputRequired(REQUIRED)])
    closes_on = VnDateField("Ngày hết hạn nhập", validators=[InputRequired(REQUIRED)])
    locks_on = VnDateField("Ngày khóa", validators=[InputRequired(REQUIRED)])
    data_on = VnDateField(
        "Ngày chốt số liệu",
        validators=[Optional()],
        description="Báo cáo tính số liệu đến hết ngày này. Để trống: ngày khóa.",
    )
    fields = CheckboxesField(
        "Lĩnh vực mở nhập",
        choices=field_choices(),
        description="Để trống: mốc đồng bộ, không mở nhập liệu.",
    )
    levels = CheckboxesField(
        "Cấp học áp dụng",
        choices=select_choices(LEVELS),
        description="Để trống: áp dụng cho tất cả.",
    )


def _day(label: str):
    return IntegerField(
        label,
        validators=[
            InputRequired(REQUIRED),
            NumberRange(1, 31, "Ngày từ 1 đến 31."),
        ],
    )


def _month(label: str):
    return IntegerField(
        label,
        validators=[Optional(), NumberRange(1, 12, "Tháng từ 1 đến 12.")],
    )


MONTH_CHOICES = select_choices(
    {str(m): f"Tháng {m}" for m in (9, 10, 11, 12, 1, 2, 3, 4, 5, 6, 7, 8)}
)


class RuleForm(AppForm):
    title = StringField("Tên kỳ", validators=[InputRequired(REQUIRED), Length(max=120)])
    opens_day = _day("Ngày mở")
    opens_month = _month("Tháng mở")
    closes_day = _day("Ngày hết hạn nhập")
    closes_month = _month("Tháng hết hạn nhập")
    locks_day = _day("Ngày khóa")
    locks_month = _month("Tháng khóa")
    data_day = IntegerField(
        "Ngày chốt số liệu",
        validators=[Optional(), NumberRange(1, 31, "Ngày từ 1 đến 31.")],
        description="Báo cáo tính số liệu đến hết ngày này. Để trống: ngày khóa.",
    )
    data_month = _month("Tháng chốt số liệu")
    months = CheckboxesField(
        "Các tháng (kỳ hằng tháng)",
        choices=MONTH_CHOICES,
        description="Chỉ cho kỳ lặp lại hằng tháng; khi đó bỏ trống các ô tháng.",
    )
    fields = CheckboxesField("Lĩnh vực mở nhập", choices=field_choices())
    levels = CheckboxesField(
        "Cấp học áp dụng",
        choices=select_choices(LEVELS),
        description="Để trống: áp dụng cho tất cả.",
    )


class HolidayForm(AppForm):
    starts_on = date_field("Từ ngày", required=True)
    ends_on = date_field("Đến hết ngày", required=True)
    name = text_field("Tên ngày nghỉ", 120, required=True)
