"""A staff member's assignment and evaluation in one school year (StaffYear), and the
homeroom link it keeps in step on the class (ClassGroup.homeroom_staff_id)."""

from dataclasses import dataclass

from sqlalchemy import select

from smasweb import clock, codelists
from smasweb.extensions import db
from smasweb.models import ClassGroup, StaffMember, StaffYear, Unit, User
from smasweb.services import checks, school_data
from smasweb.services import years as school_years
from smasweb.services.errors import NotFound, ValidationFailed

FIELD = StaffYear.__field__
FIRST_YEAR = 2000
MAX_PERIODS = 40


@dataclass
class YearData:
    subjects: tuple[str, ...] = ()
    classes: str | None = None
    homeroom_class_id: int | None = None
    periods_per_week: int | None = None
    duties: tuple[str, ...] = ()
    professional_rating: str | None = None
    civil_servant_rating: str | None = None
    training_result: str | None = None
    excellent_teacher: str | None = None
    award: str | None = None
    award_note: str | None = None
    discipline: str | None = None
    discipline_note: str | None = None


def check_year(year: int) -> int:
    """A school year the pages accept: 2000 to next year. Raises NotFound."""
    if not FIRST_YEAR <= year <= school_years.current_year(clock.today()) + 1:
        raise NotFound()
    return year


def subjects_of(school: Unit) -> dict[str, str]:
    """{code: label} of the subjects taught at the school's levels."""
    levels = set(school.level_codes)
    return {
        r["code"]: r["label"]
        for r in codelists.rows("subjects")
        if r["level"] in levels
    }


def classes_of(school: Unit, year: int) -> list[ClassGroup]:
    stmt = (
        select(ClassGroup)
        .where(ClassGroup.school_id == school.id, ClassGroup.year == year)
        .order_by(ClassGroup.grade, ClassGroup.name)
    )
    return list(db.session.scalars(stmt))


def year_row(staff: StaffMember, year: int) -> StaffYear | None:
    stmt = select(StaffYear).where(
        StaffYear.staff_id == staff.id, StaffYear.year == year
    )
    return db.session.scalar(stmt)


def _codes(name: str, values, field: str) -> str | None:
    chosen = [v for v in dict.fromkeys(values or ()) if v]
    for value in chosen:
        checks.code(name, value, field)
    return ",".join(chosen) or None


def _homeroom(school: Unit, year: int, class_id: int | None) -> ClassGroup | None:
    if class_id is None:
        return None
    cls = db.session.get(ClassGroup, class_id)
    if cls is None or cls.school_id != school.id or cls.year != year:
        raise ValidationFailed(
            "Lớp chủ nhiệm phải là một lớp của trường trong năm học này.",
            "homeroom_class_id",
        )
    return cls


def clean_year(school: Unit, year: int, data: YearData) -> dict:
    subjects = _codes("subjects", data.subjects, "subjects")
    if subjects and not set(subjects.split(",")) <= set(subjects_of(school)):
        raise ValidationFailed("Môn học không thuộc cấp học của trường.", "subjects")
    periods = data.periods_per_week
    if periods is not None and not 0 <= periods <= MAX_PERIODS:
        raise ValidationFailed(
            f"Số tiết/tuần từ 0 đến {MAX_PERIODS}.", "periods_per_week"
        )
    coded = {
        "professional_rating": "professional_ratings",
        "civil_servant_rating": "civil_servant_ratings",
        "training_result": "training_results",
        "excellent_teacher": "excellent_teacher_levels",
        "award": "award_kinds",
        "discipline": "discipline_kinds",
    }
    values = {a: checks.code(n, getattr(data, a), a) for a, n in coded.items()}
    homeroom = _homeroom(school, year, data.homeroom_class_id)
    return {
        **values,
        "subjects": subjects,
        "classes": " ".join((data.classes or "").split()) or None,
        "homeroom_class_id": homeroom.id if homeroom else None,
        "periods_per_week": periods,
        "duties": _codes("concurrent_duties", data.duties, "duties"),
        "award_note": _note(data.award_note),
        "discipline_note": _note(data.discipline_note),
    }


def _note(value: str | None) -> str | None:
    return " ".join((value or "").split())[:255] or None


def _relink_homeroom(staff: StaffMember, old_id: int | None, new_id: int | None):
    """The class keeps its homeroom teacher link in step with the assignment."""
    if old_id == new_id:
        return
    if old_id is not None:
        old = db.session.get(ClassGroup, old_id)
        if old is not None and old.homeroom_staff_id == staff.id:
            old.homeroom_staff_id = None
    if new_id is not None:
        others = select(StaffYear).where(
            StaffYear.homeroom_class_id == new_id, StaffYear.staff_id != staff.id
        )
        for other in db.session.scalars(others):
            other.homeroom_class_id = None  # one homeroom teacher per class
        new = db.session.get(ClassGroup, new_id)
        new.homeroom_staff_id = staff.id
        new.homeroom_teacher = staff.full_name


def save_year(
    actor: User, staff: StaffMember, year: int, data: YearData, version: int | None
) -> StaffYear:
    """Create or update the year's assignment; relinks the homeroom class.

    Raises PermissionDenied, Conflict, ValidationFailed (PeriodLocked at the flush).
    """
    school = staff.school
    school_data.require_write(actor, school, FIELD)
    check_year(year)
    values = clean_year(school, year, data)
    row = year_row(staff, year)
    if row is None:
        school_years.ensure_year(year)
        row = StaffYear(staff_id=staff.id, school_id=school.id, year=year)
        db.session.add(row)
    else:
        school_data.check_version(row, version)
    old_homeroom = row.homeroom_class_id
    for attr, value in values.items():
        setattr(row, attr, value)
    _relink_homeroom(staff, old_homeroom, values["homeroom_class_id"])
    db.session.flush()
    return row
