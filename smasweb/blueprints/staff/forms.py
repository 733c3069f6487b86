"""Staff forms: the record, a year's assignment, a transfer, an account. Shapes only;
the services (staff, staff_years, staff_transfers) hold the rules."""

from flask_wtf import FlaskForm
from wtforms import HiddenField, IntegerField, SelectField, StringField, TextAreaField
from wtforms.validators import InputRequired, Length, NumberRange, Optional

from smasweb.blueprints.forms_common import (
    REQUIRED,
    CheckboxesField,
    VnDateField,
    VnDecimalField,
    select_choices,
)
from smasweb.codelists import labels
from smasweb.models.accounts import ROLE_LABELS

NOT_IN_LIST = "Giá trị không có trong danh mục."
NOT_INTEGER = "Hãy nhập một số nguyên."


class CodeSelect(SelectField):
    """A select over a code list; an empty value is left to InputRequired/Optional."""

    def __init__(self, label=None, validators=None, **kwargs):
        kwargs.setdefault("invalid_choice_message", NOT_IN_LIST)
        kwargs.setdefault("validators", validators or [Optional()])
        super().__init__(label, **kwargs)

    def pre_validate(self, form):
        if self.data not in (None, ""):
            super().pre_validate(form)


def _code(label: str, codelist: str, required: bool = False) -> CodeSelect:
    return CodeSelect(
        label,
        choices=select_choices(labels(codelist), blank="—"),
        validators=[InputRequired(REQUIRED)] if required else [Optional()],
    )


def _date(label: str, required: bool = False) -> VnDateField:
    return VnDateField(
        label, validators=[InputRequired(REQUIRED)] if required else [Optional()]
    )


def _text(label: str, size: int, required: bool = False) -> StringField:
    first = InputRequired(REQUIRED) if required else Optional()
    return StringField(label, validators=[first, Length(max=size)])


class VersionedForm(FlaskForm):
    version = HiddenField()

    @property
    def version_value(self) -> int | None:
        value = (self.version.data or "").strip()
        return int(value) if value.isdigit() else None


class StaffForm(VersionedForm):
    # Thông tin cá nhân
    code = _text("Mã cán bộ", 30)
    full_name = _text("Họ và tên", 120, required=True)
    gender = _code("Giới tính", "genders", required=True)
    birth_date = _date("Ngày sinh", required=True)
    personal_id = _text("Số định danh cá nhân (12 số)", 20)
    ethnicity = _code("Dân tộc", "ethnicities")
    religion = _code("Tôn giáo", "religions")
    party_joined_on = _date("Ngày vào Đảng")
    union_joined_on = _date("Ngày vào Công đoàn")
    youth_union_joined_on = _date("Ngày vào Đoàn")
    # Công tác
    group = _code("Nhóm cán bộ", "staff_groups", required=True)
    position = _code("Chức vụ", "staff_positions", required=True)
    teaching_level = _code("Cấp dạy", "levels")
    contract = _code("Hình thức hợp đồng", "staff_contracts", required=True)
    title_code = _code("Chức danh nghề nghiệp (mã ngạch)", "salary_titles")
    salary_step = IntegerField(
        "Bậc lương",
        validators=[Optional(), NumberRange(1, 12, "Bậc lương từ 1 đến 12.")],
        invalid_value_message=NOT_INTEGER,
    )
    salary_coefficient = VnDecimalField(
        "Hệ số lương", places=2, validators=[Optional()]
    )
    recruited_on = _date("Ngày tuyển dụng")
    joined_school_on = _date("Ngày về trường")
    status = _code("Trạng thái", "staff_statuses", required=True)
    status_on = _date("Ngày của trạng thái")
    # Trình độ
    qualification = _code("Trình độ chuyên môn", "qualifications", required=True)
    major = _text("Chuyên ngành chính", 120)
    major_level = _code("Trình độ chuyên ngành", "major_levels")
    standard_override = _code("Ghi đè chuẩn đào tạo", "training_standards")
    standard_override_reason = _text("Lý do ghi đè", 255)
    political_theory = _code("Lý luận chính trị", "political_theory")
    state_management = _code("Quản lý nhà nước", "state_management")
    it_level = _code("Tin học", "it_levels")
    foreign_language = _code("Ngoại ngữ", "foreign_languages")
    language_level = _code("Bậc ngoại ngữ (khung 6 bậc)", "language_levels")
    # Liên hệ
    phone = _text("Số điện thoại", 20)
    email = _text("Thư điện tử", 120)
    address = _text("Địa chỉ", 255)


SECTIONS = (
    (
        "Thông tin cá nhân",
        (
            "code", "full_name", "gender", "birth_date", "personal_id", "ethnicity",
            "religion", "party_joined_on", "union_joined_on", "youth_union_joined_on",
        ),
    ),
    (
        "Công tác",
        (
            "group", "position", "teaching_level", "contract", "title_code",
            "salary_step", "salary_coefficient", "recruited_on", "joined_school_on",
            "status", "status_on",
        ),
    ),
    (
        "Trình độ",
        (
            "qualification", "major", "major_level", "standard_override",
            "standard_override_reason", "political_theory", "state_management",
            "it_level", "foreign_language", "language_level",
        ),
    ),
    ("Liên hệ", ("phone", "email", "address")),
)  # fmt: skip


class YearForm(VersionedForm):
    subjects = CheckboxesField("Môn dạy", validators=[Optional()])
    classes = _text("Lớp dạy", 255)
    homeroom_class_id = CodeSelect("Lớp chủ nhiệm", choices=[])
    periods_per_week = IntegerField(
        "Số tiết/tuần",
        validators=[Optional(), NumberRange(0, 40, "Số tiết/tuần từ 0 đến 40.")],
        invalid_value_message=NOT_INTEGER,
    )
    duties = CheckboxesField(
        "Kiêm nhiệm",
        choices=select_choices(labels("concurrent_duties")),
        validators=[Optional()],
    )
    professional_rating = _code("Đánh giá chuẩn nghề nghiệp", "professional_ratings")
    civil_servant_rating = _code("Đánh giá viên chức", "civil_servant_ratings")
    training_result = _code("Kết quả bồi dưỡng thường xuyên", "training_results")
    excellent_teacher = _code("Giáo viên dạy giỏi", "excellent_teacher_levels")
    award = _code("Khen thưởng", "award_kinds")
    award_note = _text("Ghi chú khen thưởng", 255)
    discipline = _code("Kỷ luật", "discipline_kinds")
    discipline_note = _text("Ghi chú kỷ luật", 255)


class TransferForm(FlaskForm):
    school_code = _text("Mã trường chuyển đến", 20, required=True)
    moved_on = _date("Ngày chuyển", required=True)
    note = TextAreaField("Ghi chú (quyết định, lý do)", validators=[Optional()])


class AccountForm(FlaskForm):
    role = SelectField(
        "Vai trò",
        choices=select_choices(
            {r: ROLE_LABELS[r] for r in ("teacher", "school_leader")}
        ),
        invalid_choice_message=NOT_IN_LIST,
    )
