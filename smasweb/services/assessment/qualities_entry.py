"""Qualities and competences entry (TT 27/2020 Điều 6 khoản 2): one form per
primary class and term (gk1, ck1, gk2, ck2), a level Tốt / Đạt / Cần cố gắng per
pupil for each of the 5 qualities and 10 competences (qualities.ITEMS), saved at
once as PrimaryEvaluation rows dated today: a dated fact, so the month's lock
(services/calendar/dated.py) covers it as it covers attendance.
"""

from dataclasses import dataclass, field

from sqlalchemy import select

from smasweb import clock
from smasweb.extensions import db
from smasweb.models import Student, User
from smasweb.models.assessment import PRIMARY_TERMS, PrimaryEvaluation
from smasweb.services import school_data
from smasweb.services.assessment import curriculum, qualities
from smasweb.services.assessment.results_access import (
    FIELD,
    EntryErrors,
    ResultsAccess,
    get_class,
    require_enter,
)
from smasweb.services.calendar import dated
from smasweb.services.errors import NotFound, PeriodLocked
from smasweb.services.students.roster import class_pupils

CALENDAR_FIELD = PrimaryEvaluation.calendar_field()  # "grades"
LEVEL_ERROR = "Chọn Tốt, Đạt hoặc Cần cố gắng."


@dataclass
class TraitRow:
    student: Student
    levels: dict[str, str] = field(default_factory=dict)  # item code → level


@dataclass
class TraitSheet:
    access: ResultsAccess
    term: str
    rows: list[TraitRow]
    closed: PeriodLocked | None  # why a save would be refused now


def notice(access: ResultsAccess) -> PeriodLocked | None:
    """Why a save dated today would be refused now (the month's lock)."""
    today = clock.today()
    if dated.allowed(access.school, CALENDAR_FIELD, today):
        return None
    return dated.refusal(access.school, CALENDAR_FIELD, today)


def _found(ids: list[int], year: int, term: str) -> dict[int, dict]:
    if not ids:
        return {}
    stmt = select(PrimaryEvaluation).where(
        PrimaryEvaluation.student_id.in_(ids),
        PrimaryEvaluation.year == year,
        PrimaryEvaluation.term == term,
        PrimaryEvaluation.item.in_(list(qualities.ITEMS)),
    )
    out: dict[int, dict[str, PrimaryEvaluation]] = {}
    for r in db.session.scalars(stmt):
        out.setdefault(r.student_id, {})[r.item] = r
    return out


def sheet(actor: User, class_id: int, term: str) -> TraitSheet:
    """The class's pupils with their levels of the term. Raises NotFound (not a
    primary class, no such term), PermissionDenied."""
    access = get_class(actor, class_id)
    if term not in PRIMARY_TERMS or not curriculum.is_primary(access.cls.grade):
        raise NotFound()
    rows = [TraitRow(p) for p in class_pupils(access.cls.id)]
    found = _found([r.student.id for r in rows], access.cls.year, term)
    for row in rows:
        for item, ev in found.get(row.student.id, {}).items():
            row.levels[item] = ev.level or ""
    return TraitSheet(access, term, rows, notice(access))


def _read(sheet: TraitSheet, entries: dict[tuple[int, str], str]) -> dict:
    errors, wanted = {}, {}
    for row in sheet.rows:
        sid = row.student.id
        for item in qualities.ITEMS:
            value = (entries.get((sid, item)) or "").strip().upper()
            row.levels[item] = value
            if value and value not in qualities.LEVELS:
                errors[sid, item] = LEVEL_ERROR
            wanted[sid, item] = value or None
    if errors:
        raise EntryErrors(errors)
    return wanted


def save(actor: User, sheet: TraitSheet, entries: dict[tuple[int, str], str]) -> int:
    """Write the term's qualities and competences of the class; returns how many
    levels changed. `entries`: {(student id, item code): level or ""}. Raises
    PermissionDenied, EntryErrors (nothing written), PeriodLocked (the month)."""
    access = sheet.access
    require_enter(access)
    school_data.require_write(actor, access.school, FIELD)
    wanted = _read(sheet, entries)
    if sheet.closed is not None:
        raise sheet.closed
    have = _found([r.student.id for r in sheet.rows], access.cls.year, sheet.term)
    today, changed = clock.today(), 0
    for (sid, item), level in wanted.items():
        row = have.get(sid, {}).get(item)
        if row is not None and row.level == level:
            continue
        if level is None:
            if row is not None:
                db.session.delete(row)
                changed += 1
            continue
        if row is None:
            row = PrimaryEvaluation(
                school_id=access.school.id, year=access.cls.year, student_id=sid,
                class_id=access.cls.id, item=item, term=sheet.term,
            )  # fmt: skip
            db.session.add(row)
        row.level, row.day = level, today
        changed += 1
    db.session.flush()
    return changed
