"""A staff record's input (StaffData) and its whole validation (clean): the rules of
services/staff_checks applied in order, the training standard computed. Forms and
imports build a StaffData; services/staff.create_staff and update_staff save it.
"""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from smasweb.models import StaffMember, Unit, User
from smasweb.services import checks
from smasweb.services.errors import ValidationFailed
from smasweb.services.staff import rules as staff_rules
from smasweb.services.staff import validation as check
from smasweb.text import person_name


@dataclass
class StaffData:
    full_name: str = ""
    gender: str | None = None
    birth_date: date | None = None
    group: str | None = None
    position: str | None = None
    contract: str | None = None
    qualification: str | None = None
    code: str | None = None
    personal_id: str | None = None
    ethnicity: str | None = "01"
    religion: str | None = "99"
    party_joined_on: date | None = None
    union_joined_on: date | None = None
    youth_union_joined_on: date | None = None
    teaching_level: str | None = None
    title_code: str | None = None
    salary_step: int | None = None
    salary_coefficient: Decimal | None = None
    major: str | None = None
    major_level: str | None = None
    standard_override: str | None = None
    standard_override_reason: str | None = None
    political_theory: str | None = None
    state_management: str | None = None
    it_level: str | None = None
    foreign_language: str | None = None
    language_level: str | None = None
    recruited_on: date | None = None
    joined_school_on: date | None = None
    status: str | None = "01"
    status_on: date | None = None
    phone: str | None = None
    email: str | None = None
    address: str | None = None


CODED = {
    "ethnicity": "ethnicities",
    "religion": "religions",
    "teaching_level": "levels",
    "title_code": "salary_titles",
    "major_level": "major_levels",
    "political_theory": "political_theory",
    "state_management": "state_management",
    "it_level": "it_levels",
    "foreign_language": "foreign_languages",
    "language_level": "language_levels",
}
REQUIRED_CODED = {
    "gender": "genders",
    "group": "staff_groups",
    "position": "staff_positions",
    "contract": "staff_contracts",
    "qualification": "qualifications",
    "status": "staff_statuses",
}
PAST_DATES = (
    "union_joined_on",
    "youth_union_joined_on",
    "recruited_on",
    "joined_school_on",
    "status_on",
)


def clean(
    actor: User, school: Unit, data: StaffData, staff: StaffMember | None
) -> dict:
    """The column values of a valid record. Raises ValidationFailed (with its field)."""
    name = person_name(data.full_name)
    checks.required(name, "full_name")
    values: dict = {"full_name": name}
    for attr, codelist in REQUIRED_CODED.items():
        values[attr] = checks.code(codelist, getattr(data, attr), attr, required=True)
    values["birth_date"] = check.birth_date(data.birth_date)
    check.position_group(values["group"], values["position"])
    for attr, codelist in CODED.items():
        values[attr] = checks.code(codelist, getattr(data, attr), attr)
    values["code"] = check.staff_code(school, data.code, staff)
    values["personal_id"] = check.personal_id(
        actor, data.personal_id, values["gender"], values["birth_date"], staff
    )
    values["party_joined_on"] = check.party_date(
        data.party_joined_on, values["birth_date"]
    )
    for attr in PAST_DATES:
        values[attr] = checks.past_date(getattr(data, attr), attr)
    values["phone"] = checks.phone(data.phone)
    values["email"] = checks.email(data.email)
    values["address"] = " ".join((data.address or "").split()) or None
    values["major"] = " ".join((data.major or "").split()) or None
    values["salary_step"] = _in_range(data.salary_step, 1, 12, "salary_step")
    values["salary_coefficient"] = _coefficient(data.salary_coefficient)
    override, reason = check.override(
        data.standard_override, data.standard_override_reason
    )
    values["standard_override"] = override
    values["standard_override_reason"] = reason
    level = values["teaching_level"] or next(iter(school.level_codes), None)
    values["training_standard"] = staff_rules.training_standard(
        values["group"], level, values["qualification"]
    )
    return values


def _in_range(value: int | None, low: int, high: int, name: str) -> int | None:
    if value is not None and not low <= value <= high:
        raise ValidationFailed(f"Giá trị từ {low} đến {high}.", name)
    return value


def _coefficient(value: Decimal | None) -> Decimal | None:
    if value is not None and not Decimal("1") <= value <= Decimal("10"):
        raise ValidationFailed("Hệ số lương từ 1,00 đến 10,00.", "salary_coefficient")
    return value
