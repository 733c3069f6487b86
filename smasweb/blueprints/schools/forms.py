"""Forms of the schools domain: yearly profile, campus, class, bulk classes."""

from wtforms import (
    BooleanField,
    IntegerField,
    SelectField,
    StringField,
)
from wtforms.validators import InputRequired, Length, NumberRange, Optional

from smasweb import codelists
from smasweb.blueprints import address_picker
from smasweb.blueprints.forms_common import (
    NOT_IN_LIST,
    REQUIRED,
    AppForm,
    CheckboxesField,
    VersionedForm,
    VnDateField,
    VnDecimalField,
    select_choices,
    shared_check,
)
from smasweb.codelists import LEVEL_GROUPS
from smasweb.models.schools import PROFILE_FLAGS
from smasweb.services import checks

NOT_NEGATIVE = "Giá trị không được âm."


class CodeSelect(SelectField):
    """A select whose wrong value is reported in Vietnamese."""

    def __init__(self, label=None, validators=None, **kwargs):
        kwargs.setdefault("invalid_choice_message", NOT_IN_LIST)
        super().__init__(label, validators, **kwargs)

    def pre_validate(self, form):
        """An empty value is "not chosen" (required selects say so themselves)."""
        if self.data not in (None, ""):
            super().pre_validate(form)


class VnIntegerField(IntegerField):
    def __init__(self, label=None, validators=None, **kwargs):
        kwargs.setdefault("invalid_value_message", "Hãy nhập một số nguyên.")
        super().__init__(label, validators, **kwargs)


def _codes(name: str, blank: str | None = "—"):
    return select_choices(codelists.labels(name), blank=blank)


def _text(label: str, size: int, *validators) -> StringField:
    return StringField(label, validators=[Optional(), Length(max=size), *validators])


def _number(label: str, places: int = 2) -> VnDecimalField:
    return VnDecimalField(
        label,
        places=places,
        validators=[Optional(), NumberRange(min=0, message=NOT_NEGATIVE)],
    )


class AddressMixin:
    province_code = CodeSelect(
        "Tỉnh", choices=select_choices({"86": "Tỉnh Vĩnh Long"}, "—")
    )
    district_code = CodeSelect("Huyện, thị xã, thành phố", choices=[])
    commune_code = CodeSelect(
        "Xã, phường, thị trấn",
        choices=[],
        description="Chọn huyện để thu gọn danh sách; xã trực thuộc tỉnh thì để "
        "trống huyện.",
    )
    address = _text("Địa chỉ (số nhà, ấp, đường)", 255)


ADDRESS = ("province_code", "district_code", "commune_code")


def address_lists(form, url: str):
    """Every district and commune, and the htmx wiring that narrows them."""
    address_picker.offer_all(form, ADDRESS)
    address_picker.wire(form, ADDRESS, url)
    return form


class ProfileForm(AddressMixin, VersionedForm):
    name = StringField(
        "Tên trường", validators=[InputRequired(REQUIRED), Length(max=255)]
    )
    level_group = CodeSelect(
        "Nhóm cấp học", choices=select_choices(LEVEL_GROUPS, blank="—")
    )
    ownership = CodeSelect("Loại hình", choices=_codes("ownerships"))
    school_type = CodeSelect("Loại trường", choices=_codes("school_types"))
    standard_level = CodeSelect(
        "Mức đạt chuẩn quốc gia", choices=_codes("standard_levels")
    )
    region = CodeSelect("Khu vực", choices=_codes("regions"))
    zone = CodeSelect("Vùng", choices=_codes("zones"))
    difficult_area = CodeSelect("Vùng khó khăn", choices=_codes("difficult_areas"))
    special_difficulty = BooleanField("Xã, ấp đặc biệt khó khăn")
    phone = _text("Điện thoại", 20)
    email = _text("Thư điện tử", 120, shared_check(checks.email))
    website = _text("Trang thông tin điện tử", 200)
    principal_name = _text("Họ và tên hiệu trưởng", 120)
    principal_phone = _text("Điện thoại hiệu trưởng", 20)
    data_officer_name = _text("Họ và tên cán bộ phụ trách dữ liệu", 120)
    data_officer_phone = _text("Điện thoại cán bộ phụ trách dữ liệu", 20)
    founded_on = VnDateField("Ngày thành lập", validators=[Optional()])
    land_area = _number("Diện tích đất (m²)")
    flags = CheckboxesField(
        "Điều kiện của trường", choices=select_choices(PROFILE_FLAGS)
    )


# The profile form's sections, in order (the template loops over them).
PROFILE_SECTIONS = (
    (
        "Thông tin chung",
        ("name", "level_group", "ownership", "school_type", "standard_level"),
    ),
    (
        "Địa chỉ, khu vực",
        (
            "province_code",
            "district_code",
            "commune_code",
            "address",
            "region",
            "zone",
            "difficult_area",
            "special_difficulty",
        ),
    ),
    (
        "Liên hệ",
        (
            "phone",
            "email",
            "website",
            "principal_name",
            "principal_phone",
            "data_officer_name",
            "data_officer_phone",
        ),
    ),
    ("Thành lập, đất đai, điều kiện", ("founded_on", "land_area", "flags")),
)


class CampusForm(AddressMixin, VersionedForm):
    code = StringField(
        "Mã điểm trường", validators=[InputRequired(REQUIRED), Length(max=20)]
    )
    name = StringField(
        "Tên điểm trường", validators=[InputRequired(REQUIRED), Length(max=255)]
    )
    is_main = BooleanField("Là điểm trường chính")
    distance_km = _number("Khoảng cách đến điểm trường chính (km)")
    travel_means = CodeSelect("Phương tiện đi lại", choices=_codes("travel_means"))
    area_m2 = _number("Diện tích (m²)")
    phone = _text("Điện thoại", 20)


CAMPUS_FIELDS = (
    "code",
    "name",
    "is_main",
    "province_code",
    "district_code",
    "commune_code",
    "address",
    "distance_km",
    "travel_means",
    "area_m2",
    "phone",
)


class ClassForm(VersionedForm):
    grade = CodeSelect("Khối", validators=[InputRequired(REQUIRED)])
    name = StringField("Tên lớp", validators=[InputRequired(REQUIRED), Length(max=30)])
    campus_id = CodeSelect("Điểm trường")
    homeroom_staff_id = CodeSelect("Giáo viên chủ nhiệm (GVCN)", choices=[])
    homeroom_teacher = _text("GVCN chưa có hồ sơ (ghi tên)", 120)
    session_pattern = CodeSelect("Buổi học", choices=_codes("session_patterns"))
    sessions_per_week = VnIntegerField(
        "Số buổi học/tuần",
        validators=[
            Optional(),
            NumberRange(min=1, max=14, message="Số buổi học/tuần từ 1 đến 14."),
        ],
    )
    is_combined = BooleanField("Lớp ghép")
    combined_grades = CheckboxesField("Các khối ghép")
    semi_boarding = BooleanField("Lớp bán trú")
    foreign_language_1 = CodeSelect("Ngoại ngữ 1", choices=_codes("foreign_languages"))
    foreign_language_2 = CodeSelect("Ngoại ngữ 2", choices=_codes("foreign_languages"))
    age_group = CodeSelect("Nhóm tuổi (mầm non)", choices=_codes("age_groups"))
    mixed_age = BooleanField("Lớp ghép độ tuổi (mầm non)")
    planned_size = VnIntegerField(
        "Sĩ số", validators=[Optional(), NumberRange(min=0, message=NOT_NEGATIVE)]
    )


class ClassBulkForm(AppForm):
    grade = CodeSelect("Khối", validators=[InputRequired(REQUIRED)])
    names = StringField(
        "Tên các lớp",
        validators=[InputRequired(REQUIRED), Length(max=500)],
        description="Ví dụ: 6A1-6A8 hoặc 6A1, 6A2, 6A3",
    )
    campus_id = CodeSelect("Điểm trường")
    session_pattern = CodeSelect("Buổi học", choices=_codes("session_patterns"))
    age_group = CodeSelect("Nhóm tuổi (mầm non)", choices=_codes("age_groups"))


def limit_class_choices(form, grades: dict[str, str], campuses) -> None:
    """Grades of the school's levels and the school's own campuses."""
    form.grade.choices = select_choices(grades, blank="—")
    form.campus_id.choices = select_choices(
        {str(c.id): f"{c.code} – {c.name}" for c in campuses}, blank="—"
    )
    if "combined_grades" in form:
        form.combined_grades.choices = select_choices(grades)
