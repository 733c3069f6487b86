"""A pupil record's input (StudentData) and its whole validation (clean): the rules of
services/students_checks and services/checks applied in order. Forms and imports build
a StudentData; services/students.create_student and update_student save it.
"""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from smasweb.models import Student, Unit, User
from smasweb.services import addresses, checks
from smasweb.services.students import validation as check
from smasweb.text import person_name

TEXT_FIELDS = {
    "birthplace": 255,
    "home_town": 255,
    "perm_address": 255,
    "cur_address": 255,
    "father_job": 120,
    "mother_job": 120,
    "guardian_job": 120,
}
PERSON_NAMES = ("father_name", "mother_name", "guardian_name")
CODED = {
    "ethnicity": "ethnicities",
    "religion": "religions",
    "nationality": "nationalities",
    "perm_province": "provinces",
    "cur_province": "provinces",
    "disability": "disabilities",
    "household": "household_kinds",
    "nutrition": "nutrition_statuses",
}
PHONES = ("father_phone", "mother_phone", "guardian_phone")
BIRTH_YEARS = ("father_birth_year", "mother_birth_year", "guardian_birth_year")
ADDRESSES = ("perm", "cur")


@dataclass
class StudentData:
    full_name: str = ""
    gender: str | None = None
    birth_date: date | None = None
    ministry_code: str | None = None
    school_code: str | None = None
    personal_id: str | None = None
    ethnicity: str | None = "01"
    religion: str | None = "99"
    nationality: str | None = "VN"
    birthplace: str | None = None
    home_town: str | None = None
    perm_address: str | None = None
    perm_province: str | None = None
    perm_district: str | None = None
    perm_commune: str | None = None
    cur_address: str | None = None
    cur_province: str | None = None
    cur_district: str | None = None
    cur_commune: str | None = None
    policy_categories: tuple[str, ...] = ()
    disability: str | None = None
    household: str | None = None
    supports: tuple[str, ...] = ()
    supports_from: date | None = None  # the day ticks and unticks apply from
    pioneer: bool = False
    youth_union: bool = False
    father_name: str | None = None
    father_birth_year: int | None = None
    father_job: str | None = None
    father_phone: str | None = None
    mother_name: str | None = None
    mother_birth_year: int | None = None
    mother_job: str | None = None
    mother_phone: str | None = None
    guardian_name: str | None = None
    guardian_birth_year: int | None = None
    guardian_job: str | None = None
    guardian_phone: str | None = None
    weight_kg: Decimal | None = None
    height_cm: Decimal | None = None
    nutrition: str | None = None


def _text(value: str | None, size: int) -> str | None:
    return " ".join((value or "").split())[:size] or None


def clean(
    actor: User, school: Unit, data: StudentData, student: Student | None
) -> dict:
    """The column values of a valid record (the supports are dated grants:
    supports.checked). Raises ValidationFailed (with its field)."""
    name = person_name(data.full_name)
    checks.required(name, "full_name")
    values: dict = {"full_name": name[:120]}
    values["gender"] = checks.code("genders", data.gender, "gender", required=True)
    values["birth_date"] = check.birth_date(data.birth_date)
    values["ministry_code"] = check.ministry_code(
        actor, school, data.ministry_code, student
    )
    values["school_code"] = check.school_code(school, data.school_code, student)
    values["personal_id"] = check.personal_id(
        actor, school, data.personal_id, values["gender"], values["birth_date"], student
    )
    for attr, codelist in CODED.items():
        values[attr] = checks.code(codelist, getattr(data, attr), attr)
    for attr in ("ethnicity", "religion", "nationality"):
        values[attr] = values[attr] or StudentData.__dataclass_fields__[attr].default
    for prefix in ADDRESSES:
        names = (f"{prefix}_province", f"{prefix}_district", f"{prefix}_commune")
        picked = addresses.check(*(getattr(data, n) for n in names), fields=names)
        values.update(zip(names, picked, strict=True))
    for attr, size in TEXT_FIELDS.items():
        values[attr] = _text(getattr(data, attr), size)
    for attr in PERSON_NAMES:
        values[attr] = (person_name(getattr(data, attr)) or "")[:120] or None
    for attr in PHONES:
        values[attr] = checks.phone(getattr(data, attr), attr)
    for attr in BIRTH_YEARS:
        values[attr] = check.birth_year(getattr(data, attr), attr)
    values["policy_categories"] = checks.codes(
        "policy_categories", data.policy_categories, "policy_categories"
    )
    values["pioneer"] = bool(data.pioneer)
    values["youth_union"] = bool(data.youth_union)
    values["weight_kg"] = check.measure(data.weight_kg, 1, 150, "weight_kg")
    values["height_cm"] = check.measure(data.height_cm, 30, 220, "height_cm")
    return values


INLINE_FIELDS = ("personal_id", "ministry_code", "school_code", "birth_date")


def check_one(
    actor: User, school: Unit, name: str, data: StudentData, student: Student | None
) -> None:
    """The rule of one field, for inline validation. Raises ValidationFailed."""
    if name == "personal_id":
        check.personal_id(
            actor, school, data.personal_id, data.gender, data.birth_date, student
        )
    elif name == "ministry_code":
        check.ministry_code(actor, school, data.ministry_code, student)
    elif name == "school_code":
        check.school_code(school, data.school_code, student)
    elif name == "birth_date":
        check.birth_date(data.birth_date)
