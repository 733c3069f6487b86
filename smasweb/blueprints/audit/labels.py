"""How audit rows read in Vietnamese: column labels, code values, record titles.

Table and column labels are declared on the governed models themselves (`__label__`,
`__labels__`, models/base.SchoolOwned); this module adds the words of bulk rows and
how stored values read (code lists, dates, numbers, the records an id points at).
"""

import re
from datetime import date
from decimal import Decimal, InvalidOperation
from functools import cache

from sqlalchemy import Date, Numeric

from smasweb import codelists
from smasweb.codelists import LEVEL_GROUPS, admin_units
from smasweb.extensions import db
from smasweb.models import Campus, ClassGroup, StaffMember, Student, Unit
from smasweb.models.accreditation import KINDS as ACCREDITATION_KINDS
from smasweb.models.base import SHARED_LABELS
from smasweb.models.schools import year_label
from smasweb.services import policy
from smasweb.services.audit.search import MODELS
from smasweb.services.students import export as students_export
from smasweb.services.students.movements import TERMS
from smasweb.text import vn_date, vn_decimal, vn_number

# The keys of a bulk statement's audit row (services/guard.py, guard_core.py)
BULK_LABELS = {"values": "Giá trị mới", "where": "Điều kiện", "rows": "Số dòng"}
# Columns dropped by a migration that older audit rows still name
FORMER_LABELS = {"students": {"supports": "Hỗ trợ (trước khi ghi theo ngày)"}}
# column → code list whose label is shown instead of the code
CODE_LISTS = {
    "level_group": {k: v[0] for k, v in LEVEL_GROUPS.items()},
    "ownership": "ownerships",
    "school_type": "school_types",
    "standard_level": "standard_levels",
    "region": "regions",
    "zone": "zones",
    "difficult_area": "difficult_areas",
    "travel_means": "travel_means",
    "grade": "grades",
    "combined_grades": "grades",
    "session_pattern": "session_patterns",
    "foreign_language_1": "foreign_languages",
    "foreign_language_2": "foreign_languages",
    "age_group": "age_groups",
    "construction": "constructions",
    "condition": "conditions",
    "category": "budget_categories",
}
TABLE_CODE_LISTS = {
    ("rooms", "kind"): "room_kinds",
    ("equipment_items", "code"): "equipment_items",
    ("equipment_items", "kind"): {"equipment": "Thiết bị dạy học", "toy": "Đồ chơi"},
    **{
        ("staff_members", column): source
        for column, source in {
            "gender": "genders", "ethnicity": "ethnicities", "religion": "religions",
            "group": "staff_groups", "position": "staff_positions",
            "teaching_level": "levels", "contract": "staff_contracts",
            "title_code": "salary_titles", "qualification": "qualifications",
            "major_level": "major_levels", "training_standard": "training_standards",
            "standard_override": "training_standards",
            "political_theory": "political_theory",
            "state_management": "state_management", "it_level": "it_levels",
            "foreign_language": "foreign_languages",
            "language_level": "language_levels", "status": "staff_statuses",
        }.items()
    },
    **{
        ("students", column): source
        for column, source in {
            "gender": "genders", "ethnicity": "ethnicities", "religion": "religions",
            "nationality": "nationalities", "perm_province": "provinces",
            "cur_province": "provinces", "policy_categories": "policy_categories",
            "disability": "disabilities", "household": "household_kinds",
            "supports": "student_supports", "nutrition": "nutrition_statuses",
            "status": "student_statuses",
        }.items()
    },
    ("support_grants", "code"): "student_supports",
    ("movements", "kind"): "movement_kinds",
    ("movements", "scope"): "transfer_scopes",
    ("movements", "reason"): "dropout_reasons",
    ("movements", "term"): dict(TERMS),
    ("accreditations", "kind"): ACCREDITATION_KINDS,
    **{
        ("staff_years", column): source
        for column, source in {
            "subjects": "subjects", "duties": "concurrent_duties",
            "professional_rating": "professional_ratings",
            "civil_servant_rating": "civil_servant_ratings",
            "training_result": "training_results",
            "excellent_teacher": "excellent_teacher_levels",
            "award": "award_kinds", "discipline": "discipline_kinds",
        }.items()
    },
}  # fmt: skip
EMPTY = "(trống)"
# Personal data (policy.can_see_personal decides who reads it in full)
PERSONAL_COLUMNS = {
    "staff_members": frozenset(
        {
            "personal_id",
            "phone",
            "email",
            "address",
            "province_code",
            "district_code",
            "commune_code",
            "party_joined_on",
            "union_joined_on",
            "youth_union_joined_on",
        }
    ),
    "students": frozenset(students_export.PERSONAL),
    "support_grants": frozenset({"code"}),
}
# column holding another record's id → (model, attribute that names it)
REFERENCES = {
    "campus_id": (Campus, "name"),
    "homeroom_class_id": (ClassGroup, "name"),
    "homeroom_staff_id": (StaffMember, "full_name"),
    "staff_id": (StaffMember, "full_name"),
    "student_id": (Student, "full_name"),
    "previous_id": (Student, "full_name"),
    "class_id": (ClassGroup, "name"),
    "other_school_id": (Unit, "name"),
}


@cache
def column_labels(table: str) -> dict[str, str]:
    """{column: label} of a governed table, as its model declares them."""
    model = MODELS.get(table)
    own = model.column_labels() if model is not None else SHARED_LABELS
    return {**own, **FORMER_LABELS.get(table, {}), **BULK_LABELS}


def table_label(table: str) -> str:
    model = MODELS.get(table)
    return model.__label__ if model is not None else table


def column_label(table: str, column: str) -> str:
    return column_labels(table).get(column, column)


@cache
def _places() -> dict[str, str]:
    return {u.code: u.name for u in admin_units.admin_units()}


def _codes(table: str, column: str) -> dict[str, str] | None:
    if column.endswith(("district_code", "commune_code", "_district", "_commune")):
        return _places()
    source = TABLE_CODE_LISTS.get((table, column)) or CODE_LISTS.get(column)
    if source is None:
        return None
    return source if isinstance(source, dict) else codelists.labels(source)


def _column_type(table: str, column: str):
    model = MODELS.get(table)
    col = model.__table__.c.get(column) if model is not None else None
    return col.type if col is not None else None


def show_value(table: str, column: str, value) -> str:
    """A stored value as a reader expects it: labels for codes, dd/mm/yyyy, 1.234,5."""
    if value is None or value == "":
        return EMPTY
    if isinstance(value, bool):
        return "Có" if value else "Không"
    if column in REFERENCES and isinstance(value, int):
        model, attr = REFERENCES[column]
        row = db.session.get(model, value)  # the identity map keeps repeats free
        return getattr(row, attr) if row is not None else f"(đã xóa, mã số {value})"
    codes = _codes(table, column)
    if codes is not None:
        parts = [p for p in str(value).split(",") if p]
        return ", ".join(codes.get(p, p) for p in parts)
    kind = _column_type(table, column)
    if isinstance(kind, Date) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", str(value)):
        return vn_date(date.fromisoformat(str(value)))
    if isinstance(kind, Numeric):
        try:
            return vn_decimal(Decimal(str(value)))
        except InvalidOperation:
            return str(value)
    if isinstance(value, int) and not column.endswith(("year", "_id")):
        return vn_number(value)
    return str(value)


def describe(entry, hide_personal: bool = False) -> list[tuple[str, str, str]]:
    """(column label, old, new) for each changed column of an audit row, in form order.

    hide_personal masks personal columns (ID, phone, address…) for readers outside the
    school: a history must not show what the record's own page hides.
    """
    table = entry.table_name
    order = list(column_labels(table))
    changes = dict(entry.changes or {})
    if entry.action in ("insert", "delete"):  # the page already names the school
        changes.pop("school_id", None)
    keys = sorted(changes, key=lambda k: order.index(k) if k in order else len(order))
    shown = mask_value if hide_personal else show_value
    return [
        (
            column_label(table, key),
            shown(table, key, changes[key][0]),
            shown(table, key, changes[key][1]),
        )
        for key in keys
    ]


def mask_value(table: str, column: str, value) -> str:
    if column in PERSONAL_COLUMNS.get(table, ()) and value not in (None, ""):
        return policy.mask(str(value))
    return show_value(table, column, value)


def describe_text(entry) -> str:
    """One line per change, for the Excel export."""
    lines = []
    for label, old, new in describe(entry):
        if entry.action == "insert":
            lines.append(f"{label}: {new}")
        elif entry.action == "delete":
            lines.append(f"{label}: {old}")
        else:
            lines.append(f"{label}: {old} → {new}")
    return "\n".join(lines)


def record_title(table: str, values: dict) -> str:
    """What the record is, in words ("Lớp 6A1", "Phòng Thư viện")."""
    noun = table_label(table)
    if table == "school_profiles" and values.get("year"):
        return f"{noun} năm học {year_label(int(values['year']))}"
    if table == "rooms":
        name = values.get("name") or show_value(table, "kind", values.get("kind"))
        return name if name.casefold().startswith("phòng") else f"{noun} {name}"
    if table == "equipment_items":
        return show_value(table, "code", values.get("code"))
    if table in ("staff_members", "students"):
        return f"{noun} {values.get('full_name') or ''}".strip()
    name = values.get("name") or values.get("description")
    return f"{noun} {name}" if name else noun
