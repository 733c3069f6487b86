"""Pupil forms: the record, a movement, a transfer in. Shapes only; the services
(students/records, movements, transfers) hold the rules."""

from wtforms import BooleanField, IntegerField, SelectField, StringField, TextAreaField
from wtforms.validators import Optional

from smasweb.blueprints.forms_common import (
    NOT_IN_LIST,
    NOT_INTEGER,
    AppForm,
    CheckboxesField,
    CodeSelect,
    VersionedForm,
    VnDateField,
    VnDecimalField,
    code_field,
    date_field,
    select_choices,
    text_field,
)
from smasweb.codelists import labels
from smasweb.services.students.movements import FORM_KINDS, TERMS

COMMUNE_HINT = (
    "Chọn huyện để thu gọn danh sách xã; xã trực thuộc tỉnh thì để trống huyện."
)
ADDRESSES = tuple(
    (f"{prefix}_province", f"{prefix}_district", f"{prefix}_commune")
    for prefix in ("perm", "cur")
)


def _year(label: str) -> IntegerField:
    return IntegerField(
        label, validators=[Optional()], invalid_value_message=NOT_INTEGER
    )


class StudentForm(VersionedForm):
    class_id = CodeSelect("Lớp", choices=[])
    full_name = text_field("Họ và tên", 120, required=True)
    gender = code_field("Giới tính", "genders", required=True)
    birth_date = date_field("Ngày sinh", required=True)
    ministry_code = text_field("Mã học sinh của Bộ (10 số)", 12)
    school_code = text_field("Mã học sinh của trường", 20)
    personal_id = text_field("Số định danh cá nhân (12 số)", 20)
    ethnicity = code_field("Dân tộc", "ethnicities")
    religion = code_field("Tôn giáo", "religions")
    nationality = code_field("Quốc tịch", "nationalities")
    birthplace = text_field("Nơi sinh", 255)
    home_town = text_field("Quê quán", 255)
    perm_address = text_field("Địa chỉ thường trú", 255)
    perm_province = code_field("Tỉnh (thường trú)", "provinces")
    perm_district = CodeSelect("Quận, huyện (thường trú)", choices=[])
    perm_commune = CodeSelect(
        "Xã, phường (thường trú)", choices=[], description=COMMUNE_HINT
    )
    cur_address = text_field("Nơi ở hiện nay", 255)
    cur_province = code_field("Tỉnh (nơi ở)", "provinces")
    cur_district = CodeSelect("Quận, huyện (nơi ở)", choices=[])
    cur_commune = CodeSelect("Xã, phường (nơi ở)", choices=[], description=COMMUNE_HINT)
    policy_categories = CheckboxesField(
        "Diện chính sách",
        choices=select_choices(labels("policy_categories")),
        validators=[Optional()],
    )
    disability = code_field("Khuyết tật", "disabilities")
    household = code_field("Hộ nghèo, cận nghèo", "household_kinds")
    supports = CheckboxesField(
        "Hỗ trợ",
        choices=select_choices(labels("student_supports")),
        validators=[Optional()],
    )
    supports_from = VnDateField(
        "Từ ngày",
        validators=[Optional()],
        description="Hỗ trợ mới đánh dấu bắt đầu từ ngày này; hỗ trợ bỏ đánh dấu "
        "kết thúc vào ngày hôm trước. Để trống: hôm nay.",
    )
    pioneer = BooleanField("Đội viên")
    youth_union = BooleanField("Đoàn viên")
    father_name = text_field("Họ tên cha", 120)
    father_birth_year = _year("Năm sinh của cha")
    father_job = text_field("Nghề nghiệp của cha", 120)
    father_phone = text_field("Điện thoại của cha", 20)
    mother_name = text_field("Họ tên mẹ", 120)
    mother_birth_year = _year("Năm sinh của mẹ")
    mother_job = text_field("Nghề nghiệp của mẹ", 120)
    mother_phone = text_field("Điện thoại của mẹ", 20)
    guardian_name = text_field("Họ tên người giám hộ", 120)
    guardian_birth_year = _year("Năm sinh người giám hộ")
    guardian_job = text_field("Nghề nghiệp người giám hộ", 120)
    guardian_phone = text_field("Điện thoại người giám hộ", 20)
    weight_kg = VnDecimalField("Cân nặng (kg)", places=1, validators=[Optional()])
    height_cm = VnDecimalField("Chiều cao (cm)", places=1, validators=[Optional()])
    nutrition = code_field("Tình trạng dinh dưỡng", "nutrition_statuses")


SECTIONS = (
    (
        "Thông tin chung",
        (
            "class_id", "full_name", "gender", "birth_date", "ministry_code",
            "school_code", "personal_id", "ethnicity", "religion", "nationality",
            "birthplace", "home_town",
        ),
    ),
    (
        "Địa chỉ",
        (
            "perm_address", "perm_province", "perm_district", "perm_commune",
            "cur_address", "cur_province", "cur_district", "cur_commune",
        ),
    ),
    (
        "Chính sách, hỗ trợ",
        ("policy_categories", "disability", "household", "supports",
         "supports_from", "pioneer", "youth_union"),
    ),
    (
        "Gia đình",
        (
            "father_name", "father_birth_year", "father_job", "father_phone",
            "mother_name", "mother_birth_year", "mother_job", "mother_phone",
            "guardian_name", "guardian_birth_year", "guardian_job", "guardian_phone",
        ),
    ),
    ("Sức khỏe (mầm non)", ("weight_kg", "height_cm", "nutrition")),
)  # fmt: skip


class MovementForm(AppForm):
    kind = SelectField(
        "Loại biến động",
        choices=select_choices(
            {k: labels("movement_kinds")[k] for k in FORM_KINDS}, blank="—"
        ),
        invalid_choice_message=NOT_IN_LIST,
    )
    on_date = date_field("Ngày", required=True)
    term = CodeSelect(
        "Học kỳ (để trống: tính theo ngày)", choices=select_choices(TERMS, blank="—")
    )
    other_school_code = text_field("Mã trường chuyển đến (trong tỉnh)", 20)
    other_place = text_field("Nơi chuyển đến (ngoài tỉnh, nước ngoài)", 255)
    scope = code_field("Phạm vi chuyển", "transfer_scopes")
    reason = code_field("Lý do thôi học", "dropout_reasons")
    class_id = CodeSelect("Lớp mới (chuyển lớp, lưu ban)", choices=[])
    note = TextAreaField("Ghi chú", validators=[Optional()])


class TransferSearchForm(AppForm):
    class Meta:
        csrf = False

    code = StringField("Số định danh hoặc mã Bộ", validators=[Optional()])
    name = StringField("Họ tên (không cần dấu)", validators=[Optional()])
    birth = date_field("Ngày sinh")


class TransferInForm(AppForm):
    source_id = StringField(validators=[Optional()])
    class_id = CodeSelect("Lớp", choices=[])
    on_date = date_field("Ngày chuyển đến", required=True)
    full_name = text_field("Họ và tên (học sinh ngoài tỉnh)", 120)
    birth_date = date_field("Ngày sinh")
    gender = code_field("Giới tính", "genders")
    other_place = text_field("Chuyển từ (tỉnh, trường)", 255)
    scope = code_field("Phạm vi", "transfer_scopes")


def class_choices(classes) -> list:
    return select_choices({str(c.id): c.name for c in classes}, blank="—")
