"""Health checks of a class on one day: the sheet to fill in and its all-or-nothing save.

Reads go through the access scope of field "health" and, each child's
measurements being personal data, only for the school's own roles and admins
(officers read the counts); the write is one guarded
flush (calendar field "health" + audit): every row is checked first, and one bad
cell saves nothing. A row left blank (child absent) is skipped; a blank row whose
child already has a check that day keeps it.
"""

import re
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation

from sqlalchemy import select

from smasweb import clock
from smasweb.codelists import LEVEL_GROUPS
from smasweb.extensions import db
from smasweb.models import ClassGroup, Student, Unit, User
from smasweb.models.health import CHECK_KINDS, HealthCheck
from smasweb.services import policy, school_data
from smasweb.services.calendar import windows as calendar
from smasweb.services.errors import (
    NotFound,
    PeriodLocked,
    PermissionDenied,
    ValidationFailed,
)
from smasweb.services.health import growth
from smasweb.services.students.roster import class_pupils

FIELD = HealthCheck.__field__  # "health": who reads and writes (teachers too)
CALENDAR_FIELD = HealthCheck.calendar_field()  # "health": the entry window
WEIGHT = (Decimal("1.5"), Decimal("45"))  # kg: any child of 0–6 years
HEIGHT = (Decimal("40"), Decimal("135"))  # cm
_NUMBER_RE = re.compile(r"^\d{1,3}(?:[.,]\d{1,2})?$")


class SheetErrors(Exception):
    """The cells that failed: {(student id, "weight" | "height"): message}."""

    def __init__(self, errors: dict[tuple[int, str], str]):
        super().__init__(f"{len(errors)} ô chưa hợp lệ")
        self.errors = errors


def parse_measure(text: str | None, bounds: tuple[Decimal, Decimal], unit: str):
    """'12,5' or '12.5' → Decimal('12.5'); '' → None. Raises ValueError (Vietnamese)."""
    value = (text or "").strip().replace(" ", "")
    if not value:
        return None
    if not _NUMBER_RE.match(value):
        raise ValueError(f"Không phải số, hãy nhập ví dụ 12,5 ({unit}).")
    try:
        number = Decimal(value.replace(",", "."))
    except InvalidOperation as exc:  # pragma: no cover - the pattern rules it out
        raise ValueError(f"Không phải số ({unit}).") from exc
    low, high = bounds
    if not low <= number <= high:
        raise ValueError(f"Phải từ {_vn(low)} đến {_vn(high)} {unit}.")
    return number


def _vn(number: Decimal) -> str:
    """Decimal('16.20') → '16,2', Decimal('40') → '40'."""
    text = f"{number:f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text.replace(".", ",")


@dataclass
class SheetRow:
    student: Student
    age_months: int
    check: HealthCheck | None
    weight: str = ""
    height: str = ""
    verdict: str = ""

    @property
    def girl(self) -> bool:
        return self.student.gender == "02"


@dataclass
class Sheet:
    cls: ClassGroup
    school: Unit
    on: date
    kind: str
    rows: list[SheetRow] = field(default_factory=list)


def get_class(actor: User, class_id: int) -> tuple[ClassGroup, Unit]:
    """A class the actor reads pupils of. Raises NotFound."""
    policy.require_reads(actor, FIELD)
    cls = db.session.get(ClassGroup, class_id)
    if cls is None:
        raise NotFound()
    school = school_data.get_school(actor, cls.school_id, FIELD)
    _require_personal(actor, school)
    return cls, school


def _require_personal(actor: User, school: Unit) -> None:
    """Each child's measurements are personal data: the school's own roles (and
    admins) see them; officers read the school's counts (summary.py)."""
    if not policy.can_see_personal(actor, school):
        raise PermissionDenied()


def _checks_on(student_ids: list[int], on: date) -> dict[int, HealthCheck]:
    if not student_ids:
        return {}
    stmt = select(HealthCheck).where(
        HealthCheck.student_id.in_(student_ids), HealthCheck.checked_on == on
    )
    return {c.student_id: c for c in db.session.scalars(stmt)}


def sheet(actor: User, class_id: int, on: date, kind: str | None = None) -> Sheet:
    """The class's children with their check of the day (if any)."""
    cls, school = get_class(actor, class_id)
    pupils = class_pupils(cls.id)
    checks = _checks_on([p.id for p in pupils], on)
    first = next(iter(checks.values()), None)
    kind = kind if kind in CHECK_KINDS else (first.kind if first else default_kind(on))
    out = Sheet(cls, school, on, kind)
    for pupil in pupils:
        check = checks.get(pupil.id)
        row = SheetRow(pupil, growth.age_in_months(pupil.birth_date, on), check)
        if check is not None:
            row.weight, row.height = _vn(check.weight_kg), _vn(check.height_cm)
            row.verdict = growth.verdict(check)
        out.rows.append(row)
    return out


def default_kind(on: date) -> str:
    """Đầu năm from August to December, cuối năm from March to July."""
    return "01" if on.month >= 8 else "02" if 3 <= on.month <= 7 else "03"


def notice(school: Unit) -> PeriodLocked | None:
    """Why the health entry window is closed for the school now (None: open)."""
    if calendar.allowed(school, CALENDAR_FIELD):
        return None
    return calendar.refusal(school, CALENDAR_FIELD)


def save_sheet(
    actor: User, sheet_: Sheet, entries: dict[int, tuple[str, str]]
) -> list[HealthCheck]:
    """Write every filled row of the sheet in one flush. Raises ValidationFailed (the
    day), SheetErrors (nothing written), PermissionDenied, PeriodLocked (the guard)."""
    school_data.require_write(actor, sheet_.school, FIELD)
    if sheet_.on > clock.today():
        raise ValidationFailed("Ngày cân đo không được sau hôm nay.", "date")
    errors: dict[tuple[int, str], str] = {}
    parsed: list[tuple[SheetRow, Decimal, Decimal, growth.Scores]] = []
    for row in sheet_.rows:
        weight_text, height_text = entries.get(row.student.id, ("", ""))
        row.weight, row.height = weight_text.strip(), height_text.strip()
        cells = _row_values(row, weight_text, height_text, sheet_.on)
        for name, value in cells.items():
            if isinstance(value, str):
                errors[(row.student.id, name)] = value
        if cells and not any(isinstance(v, str) for v in cells.values()):
            pupil, weight, height = row.student, cells["weight"], cells["height"]
            z = growth.scores(pupil.gender, pupil.birth_date, sheet_.on, weight, height)
            for name in growth.implausible(z):
                errors[(row.student.id, name)] = IMPLAUSIBLE
            parsed.append((row, weight, height, z))
    if errors:
        raise SheetErrors(errors)
    saved = [_put(sheet_, *item) for item in parsed]
    db.session.flush()
    for (row, *_), check in zip(parsed, saved, strict=True):
        row.check, row.verdict = check, growth.verdict(check)
    return saved


IMPLAUSIBLE = "Số đo khác thường so với tuổi, chiều cao của trẻ: hãy kiểm tra lại."


def _row_values(row: SheetRow, weight_text: str, height_text: str, on: date) -> dict:
    """{"weight": Decimal | error, "height": Decimal | error}; {} for a blank row."""
    out: dict = {}
    for name, text, bounds, unit in (
        ("weight", weight_text, WEIGHT, "kg"),
        ("height", height_text, HEIGHT, "cm"),
    ):
        try:
            out[name] = parse_measure(text, bounds, unit)
        except ValueError as exc:
            out[name] = str(exc)
    if out["weight"] is None and out["height"] is None:
        return {}
    for name in ("weight", "height"):
        if out[name] is None:
            out[name] = "Hãy nhập cả cân nặng và chiều cao."
    if row.student.birth_date > on and not isinstance(out["weight"], str):
        out["weight"] = "Ngày cân đo trước ngày sinh của trẻ."
    return out


def _put(sheet_: Sheet, row: SheetRow, weight: Decimal, height: Decimal, z):
    pupil = row.student
    check = row.check or HealthCheck(
        school_id=sheet_.school.id, student_id=pupil.id, checked_on=sheet_.on
    )
    check.class_id, check.kind = sheet_.cls.id, sheet_.kind
    check.weight_kg, check.height_cm = weight, height
    check.age_months, check.waz, check.haz, check.whz = (
        z.age_months,
        z.waz,
        z.haz,
        z.whz,
    )
    if row.check is None:
        db.session.add(check)
    return check


def child_checks(actor: User, student_id: int) -> tuple[Student, list[HealthCheck]]:
    """A child the actor reads, with every check in date order. Raises NotFound."""
    policy.require_reads(actor, FIELD)
    pupil = db.session.get(Student, student_id)
    if pupil is None:
        raise NotFound()
    _require_personal(actor, school_data.get_school(actor, pupil.school_id, FIELD))
    stmt = (
        select(HealthCheck)
        .where(HealthCheck.student_id == pupil.id)
        .order_by(HealthCheck.checked_on)
    )
    return pupil, list(db.session.scalars(stmt))


def preschool_classes(actor: User, school: Unit, year: int) -> list[ClassGroup]:
    """The school's preschool classes of the year (those with an age group)."""
    school_data.get_school(actor, school.id, FIELD)
    stmt = (
        select(ClassGroup)
        .where(
            ClassGroup.school_id == school.id,
            ClassGroup.year == year,
            ClassGroup.age_group.is_not(None),
        )
        .order_by(ClassGroup.age_group, ClassGroup.name)
    )
    return list(db.session.scalars(stmt))


def preschools(actor: User, limit: int = 500) -> list[Unit]:
    """The open preschools (nhóm cấp học 01–03) whose pupils the actor reads."""
    groups = [c for c, (_, levels) in LEVEL_GROUPS.items() if "01" in levels]
    stmt = school_data.schools_in_scope(actor, FIELD).where(
        Unit.level_group.in_(groups)
    )
    return list(db.session.scalars(stmt.order_by(Unit.sort_key, Unit.id).limit(limit)))
