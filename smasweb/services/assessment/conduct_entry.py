"""Conduct entry (nhập kết quả rèn luyện, TT 22/2021 Điều 8): one form per class
and semester, a level (Tốt / Khá / Đạt / Chưa đạt) and a short comment per pupil,
saved at once by the homeroom teacher, the leader or the clerk. Semester 3 is the
re-assessment after summer training (Điều 13), for the pupils whose year conduct
is Chưa đạt. Written through ConductResult: its calendar field "results" opens
in the semester I and school-year windows.
"""

from dataclasses import dataclass

from sqlalchemy import select

from smasweb.extensions import db
from smasweb.models import Student, User
from smasweb.models.assessment import COMMENT_LENGTH, CONDUCT_TERMS, ConductResult
from smasweb.services import school_data
from smasweb.services.assessment import curriculum, tt22
from smasweb.services.assessment.results_access import (
    CALENDAR_FIELD,
    FIELD,
    EntryErrors,
    ResultsAccess,
    get_class,
    require_enter,
)
from smasweb.services.calendar import windows
from smasweb.services.errors import NotFound, PeriodLocked
from smasweb.services.students.roster import class_pupils
from smasweb.text import clean_text

SUMMER = 3
LEVEL_ERROR = "Chọn Tốt, Khá, Đạt hoặc Chưa đạt."
COMMENT_ERROR = f"Nhận xét tối đa {COMMENT_LENGTH} ký tự."
NO_LEVEL_ERROR = "Hãy chọn mức rèn luyện cho nhận xét này."


@dataclass
class ConductRow:
    student: Student
    level: str = ""
    comment: str = ""


@dataclass
class ConductSheet:
    access: ResultsAccess
    semester: int
    rows: list[ConductRow]
    closed: PeriodLocked | None  # why a save would be refused now


def notice(access: ResultsAccess) -> PeriodLocked | None:
    """Why a save of the class's conduct or results would be refused now."""
    school, year = access.school, access.cls.year
    if windows.allowed(school, CALENDAR_FIELD, year=year):
        return None
    return windows.refusal(school, CALENDAR_FIELD, year=year)


def _results(ids: list[int], year: int) -> dict[int, dict[int, ConductResult]]:
    stmt = select(ConductResult).where(
        ConductResult.student_id.in_(ids), ConductResult.year == year
    )
    out: dict[int, dict[int, ConductResult]] = {}
    for r in db.session.scalars(stmt):
        out.setdefault(r.student_id, {})[r.semester] = r
    return out


def sheet(actor: User, class_id: int, semester: int) -> ConductSheet:
    """The class's pupils with their conduct of the semester. Raises NotFound (a
    primary class, no such semester), PermissionDenied."""
    access = get_class(actor, class_id)
    if semester not in CONDUCT_TERMS or curriculum.is_primary(access.cls.grade):
        raise NotFound()
    pupils = class_pupils(access.cls.id)
    found = _results([p.id for p in pupils], access.cls.year) if pupils else {}
    rows = []
    for p in pupils:
        mine = found.get(p.id, {})
        if semester == SUMMER and not _summer_due(mine):
            continue
        have = mine.get(semester)
        level, comment = (have.level, have.comment or "") if have else ("", "")
        rows.append(ConductRow(p, level, comment))
    return ConductSheet(access, semester, rows, notice(access))


def _summer_due(mine: dict[int, ConductResult]) -> bool:
    """Summer training is for a year conduct of Chưa đạt (Điều 13 khoản 1)."""
    s1, s2 = (mine[s].level if s in mine else None for s in (1, 2))
    return tt22.year_conduct(s1, s2) == tt22.FAIL


def _read(sheet: ConductSheet, entries: dict[int, tuple[str, str]]) -> dict:
    errors, wanted = {}, {}
    for row in sheet.rows:
        sid = row.student.id
        level_in, comment_in = entries.get(sid, ("", ""))
        row.level = (level_in or "").strip().upper()
        row.comment = clean_text(comment_in) or ""
        if row.level and row.level not in tt22.LEVELS:
            errors[sid, "level"] = LEVEL_ERROR
        elif row.comment and not row.level:
            errors[sid, "level"] = NO_LEVEL_ERROR
        if len(row.comment) > COMMENT_LENGTH:
            errors[sid, "comment"] = COMMENT_ERROR
        wanted[sid] = (row.level or None, row.comment or None)
    if errors:
        raise EntryErrors(errors)
    return wanted


def save(actor: User, sheet: ConductSheet, entries: dict[int, tuple[str, str]]) -> int:
    """Write the semester's conduct of the class; returns how many pupils changed.

    `entries`: {student id: (level code or "", comment)}. Raises PermissionDenied,
    EntryErrors (nothing written), PeriodLocked (outside the results windows).
    """
    access = sheet.access
    require_enter(access)
    school_data.require_write(actor, access.school, FIELD)
    wanted = _read(sheet, entries)
    if sheet.closed is not None:
        raise sheet.closed
    ids = list(wanted)
    have = _results(ids, access.cls.year) if ids else {}
    changed = 0
    for sid, (level, comment) in wanted.items():
        row = have.get(sid, {}).get(sheet.semester)
        if level is None:
            if row is not None:
                db.session.delete(row)
                changed += 1
        elif row is None:
            db.session.add(
                ConductResult(
                    school_id=access.school.id, year=access.cls.year, student_id=sid,
                    class_id=access.cls.id, semester=sheet.semester, level=level,
                    comment=comment,
                )
            )  # fmt: skip
            changed += 1
        elif (row.level, row.comment) != (level, comment):
            row.level, row.comment = level, comment
            changed += 1
    db.session.flush()
    return changed
