"""Sổ theo dõi chất lượng giáo dục (TT 27/2020): one primary class's subject in one
semester, a grid of its pupils × the semester's two moments (giữa kỳ, cuối kỳ),
each with the level (T / H / C), the periodic test score where the subject has
a test then (Điều 7), and a short comment; and its all-or-nothing save.

As the secondary gradebook (gradebook.py): a save writes only the evaluations
that changed, through the ORM in one flush, each dated today
(PrimaryEvaluation.day), so the calendar guard refuses a change of a locked
month or term and the audit trail keeps each one.
"""

from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import select

from smasweb import clock
from smasweb.extensions import db
from smasweb.models import Student, User
from smasweb.models.assessment import PRIMARY_TERMS, PrimaryEvaluation
from smasweb.services.assessment import primary_input as cell_input
from smasweb.services.assessment.access import GridAccess, get_grid
from smasweb.services.assessment.gradebook import (
    GridErrors,
    notice,
    require_open,
    require_writable,
)
from smasweb.services.errors import NotFound, PeriodLocked
from smasweb.services.students.roster import class_pupils

TERMS = {1: ("gk1", "ck1"), 2: ("gk2", "ck2")}
PARTS = {"level": "Mức đạt", "test": "Điểm KT", "comment": "Nhận xét"}
READERS = {
    "level": cell_input.read_level,
    "test": cell_input.read_test,
    "comment": cell_input.read_comment,
}
ATTRIBUTES = {"level": "level", "test": "test_score", "comment": "comment"}

__all__ = ["Grid", "GridErrors", "grid", "save"]


@dataclass(frozen=True)
class Column:
    term: str  # gk1, ck1, gk2, ck2 (models.assessment.PRIMARY_TERMS)
    part: str  # level, test, comment

    @property
    def key(self) -> str:
        return f"{self.term}_{self.part}"

    @property
    def label(self) -> str:
        return PARTS[self.part]

    @property
    def title(self) -> str:
        """What the cell is, in an error message: "Mức đạt giữa học kỳ I"."""
        return f"{self.label} {PRIMARY_TERMS[self.term].lower()}"

    @property
    def attribute(self) -> str:
        return ATTRIBUTES[self.part]


@dataclass
class Row:
    student: Student
    cells: dict[str, str] = field(default_factory=dict)  # column key → text shown


@dataclass
class Grid:
    access: GridAccess
    columns: list[Column]
    rows: list[Row]
    closed: PeriodLocked | None  # why a save would be refused now

    @property
    def terms(self) -> list[tuple[str, str, int]]:
        """(term, its name, how many columns it has), for the header."""
        return [
            (t, PRIMARY_TERMS[t], sum(c.term == t for c in self.columns))
            for t in TERMS[self.access.semester]
        ]

    @property
    def has_test(self) -> bool:
        return any(c.part == "test" for c in self.columns)


def columns(access: GridAccess) -> list[Column]:
    """Each moment's level, test score (only when the subject has a test then)
    and comment."""
    subject = access.subject
    return [
        Column(term, part)
        for term in TERMS[access.semester]
        for part in PARTS
        if part != "test" or subject.has_test(term)
    ]


def evaluations(access: GridAccess, student_ids: list[int]) -> list[PrimaryEvaluation]:
    """The pupils' evaluations of the subject in the semester (in any class)."""
    if not student_ids:
        return []
    stmt = select(PrimaryEvaluation).where(
        PrimaryEvaluation.student_id.in_(student_ids),
        PrimaryEvaluation.year == access.cls.year,
        PrimaryEvaluation.item == access.subject.code,
        PrimaryEvaluation.term.in_(TERMS[access.semester]),
    )
    return list(db.session.scalars(stmt))


def _shown(col: Column, ev: PrimaryEvaluation) -> str:
    value = getattr(ev, col.attribute)
    if col.part == "test":
        return cell_input.show_test(value)
    return value or ""


def grid(actor: User, class_id: int, code: str, semester: int) -> Grid:
    """The primary class's pupils (today's, in Vietnamese name order) with their
    evaluations. Raises NotFound (also for a secondary class), PermissionDenied."""
    access = get_grid(actor, class_id, code, semester)
    if not access.primary:
        raise NotFound()
    cols = columns(access)
    rows = [Row(p) for p in class_pupils(access.cls.id)]
    by_id = {r.student.id: r for r in rows}
    for ev in evaluations(access, list(by_id)):
        for col in cols:
            if col.term == ev.term:
                by_id[ev.student_id].cells[col.key] = _shown(col, ev)
    return Grid(access, cols, rows, notice(access))


def _read(grid: Grid, entries: dict[tuple[int, str], str]) -> dict:
    """{(student id, term): {column: value}} from the typed cells; the rows keep
    what was typed. Raises GridErrors."""
    errors, wanted = {}, {}
    for row in grid.rows:
        sid = row.student.id
        for col in grid.columns:
            text = entries.get((sid, col.key)) or ""
            row.cells[col.key] = text.strip()
            try:
                value = READERS[col.part](text)
            except cell_input.CellError as exc:
                errors[sid, col.key] = str(exc)
            else:
                wanted.setdefault((sid, col.term), {})[col] = value
    if errors:
        raise GridErrors(errors)
    return wanted


def save(actor: User, grid: Grid, entries: dict[tuple[int, str], str]) -> int:
    """Write the changed cells of the grid; returns how many changed.

    `entries`: {(student id, column key): text typed}. Raises PermissionDenied,
    GridErrors (nothing written), PeriodLocked (the semester or today's month is
    closed; a changed evaluation of a locked month, at the flush).
    """
    access = grid.access
    require_writable(actor, access)
    wanted = _read(grid, entries)
    require_open(access)
    have = {
        (ev.student_id, ev.term): ev
        for ev in evaluations(access, [r.student.id for r in grid.rows])
    }
    today = clock.today()
    changed = sum(
        _put(access, sid, term, values, have.get((sid, term)), today)
        for (sid, term), values in wanted.items()
    )
    db.session.flush()
    return changed


def _put(
    access: GridAccess,
    sid: int,
    term: str,
    values: dict[Column, object],
    ev: PrimaryEvaluation | None,
    today: date,
) -> int:
    """Add, change or delete one pupil's evaluation at one moment; returns how
    many of its cells changed."""
    before = {col: getattr(ev, col.attribute) if ev else None for col in values}
    changed = sum(before[col] != value for col, value in values.items())
    if not changed:
        return 0
    if ev is None:
        ev = PrimaryEvaluation(
            school_id=access.school.id,
            year=access.cls.year,
            student_id=sid,
            class_id=access.cls.id,
            item=access.subject.code,
            term=term,
        )
        db.session.add(ev)
    for col, value in values.items():
        setattr(ev, col.attribute, value)
    if ev.level is None and ev.test_score is None and ev.comment is None:
        db.session.delete(ev)  # every cell emptied (a new one has a value)
        return changed
    ev.day = today
    return changed
