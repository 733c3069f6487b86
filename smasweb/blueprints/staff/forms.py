"""Staff forms: the record, a year's assignment, a transfer, an account. Shapes only;
the services (staff/records, years, transfers) hold the rules."""

from wtforms import IntegerField, SelectField, TextAreaField
from wtforms.validators import NumberRange, Optional

from smasweb.blueprints.forms_common import (
    NOT_IN_LIST,
    NOT_INTEGER,
    AppForm,
    CheckboxesField,
    CodeSelect,
    VersionedForm,
    VnDecimalField,
    code_field,
    date_field,
    select_choices,
    text_field,
)
from smasweb.codelists import labels
from smasweb.models.accounts import ROLE_LABELS
from smasweb.services import policy


class StaffForm(VersionedForm):
    # Thông tin cá nhân
    code = text_field("Mã cán bộ", 30)
    full_name = text_field("Họ và tên", 120, required=True)
    gender = code_field("Giới tính", "genders", required=True)
    birth_date = date_field("Ngày sinh", required=True)
    personal_id = text_field("Số định danh cá nhân (12 số)", 20)
    ethnicity = code_field("Dân tộc", "ethnicities")
    religion = code_field("Tôn giáo", "religions")
    party_joined_on = date_field("Ngày vào Đảng")
    union_joined_on = date_field("Ngày vào Công đoàn")
    youth_union_joined_on = date_field("Ngày vào Đoàn")
    # Công tác
    group = code_field("Nhóm cán bộ", "staff_groups", required=True)
    position = code_field("Chức vụ", "staff_positions", required=True)
    teaching_level = code_field("Cấp dạy", "levels")
    contract = code_field("Hình thức hợp đồng", "staff_contracts", required=True)
    title_code = code_field("Chức danh nghề nghiệp (mã ngạch)", "salary_titles")
    salary_step = IntegerField(
        "Bậc lương",
        validators=[Optional(), NumberRange(1, 12, "Bậc lương từ 1 đến 12.")],
        invalid_value_message=NOT_INTEGER,
    )
    salary_coefficient = VnDecimalField(
        "Hệ số lương", places=2, validators=[Optional()]
    )
    recruited_on = date_field("Ngày tuyển dụng")
    joined_school_on = date_field("Ngày về trường")
    status = code_field("Trạng thái", "staff_statuses", required=True)
    status_on = date_field("Ngày của trạng thái")
    # Trình độ
    qualification = code_field("Trình độ chuyên môn", "qualifications", required=True)
    major = text_field("Chuyên ngành chính", 120)
    major_level = code_field("Trình độ chuyên ngành", "major_levels")
    standard_override = code_field("Ghi đè chuẩn đào tạo", "training_standards")
    standard_override_reason = text_field("Lý do ghi đè", 255)
    political_theory = code_field("Lý luận chính trị", "political_theory")
    state_management = code_field("Quản lý nhà nước", "state_management")
    it_level = code_field("Tin học", "it_levels")
    foreign_language = code_field("Ngoại ngữ", "foreign_languages")
    language_level = code_field("Bậc ngoại ngữ (khung 6 bậc)", "language_levels")
    # Liên hệ
    phone = text_field("Số điện thoại", 20)
    email = text_field("Thư điện tử", 120)
    address = text_field("Địa chỉ", 255)


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
    classes = text_field("Lớp dạy", 255)
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
    professional_rating = code_field(
        "Đánh giá chuẩn nghề nghiệp", "professional_ratings"
    )
    civil_servant_rating = code_field("Đánh giá viên chức", "civil_servant_ratings")
    training_result = code_field("Kết quả bồi dưỡng thường xuyên", "training_results")
    excellent_teacher = code_field("Giáo viên dạy giỏi", "excellent_teacher_levels")
    award = code_field("Khen thưởng", "award_kinds")
    award_note = text_field("Ghi chú khen thưởng", 255)
    discipline = code_field("Kỷ luật", "discipline_kinds")
    discipline_note = text_field("Ghi chú kỷ luật", 255)


class TransferForm(AppForm):
    school_code = text_field("Mã trường chuyển đến", 20, required=True)
    moved_on = date_field("Ngày chuyển", required=True)
    note = TextAreaField("Ghi chú (quyết định, lý do)", validators=[Optional()])


class AccountForm(AppForm):
    role = SelectField(
        "Vai trò",
        choices=select_choices(
            {r: ROLE_LABELS[r] for r in policy.staff_account_roles()}
        ),
        invalid_choice_message=NOT_IN_LIST,
    )
