"""Sổ điểm (TT 22/2021): one class's subject in one semester, a grid of its pupils
× ĐĐGtx 1..n, ĐĐGgk, ĐĐGck and the computed ĐTBmhk (or the comment subject's
Đạt / Chưa đạt), and its all-or-nothing save.

A save writes only the cells that changed, through the ORM in one flush, each
dated today (Mark.day): the calendar guard refuses a change to a mark of a locked
month or term (services/calendar/dated.py) and the audit trail keeps each one. A
semester whose term period has locked is closed for new marks as well.
"""

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from sqlalchemy import select

from smasweb import clock
from smasweb.codelists import calendar_field_label
from smasweb.extensions import db
from smasweb.models import Student, User
from smasweb.models.assessment import MARK_KINDS, Mark
from smasweb.services import school_data
from smasweb.services.assessment import mark_input, tt22
from smasweb.services.assessment.access import FIELD, GridAccess, get_grid
from smasweb.services.calendar import dated
from smasweb.services.errors import NotFound, PeriodLocked, PermissionDenied
from smasweb.services.students.roster import class_pupils
from smasweb.text import vn_date

CALENDAR_FIELD = Mark.calendar_field()  # "grades"
SEMESTER_LABELS = {1: "Học kỳ I", 2: "Học kỳ II"}
# The first day a semester's marks may carry: a term period counting that day
# (semester I's lock on 31/12 for semester I) closes the semester.
SEMESTER_STARTS = {1: (0, 9, 1), 2: (1, 1, 1)}  # (years after the class's, month, day)


@dataclass(frozen=True)
class Column:
    kind: str  # tx, gk, ck (models.assessment.MARK_KINDS)
    position: int

    @property
    def key(self) -> str:
        return f"{self.kind}{self.position}"

    @property
    def label(self) -> str:
        name = MARK_KINDS[self.kind]
        return f"{name} {self.position}" if self.kind == "tx" else name


@dataclass
class Row:
    student: Student
    cells: dict[str, str] = field(default_factory=dict)  # column key → text shown
    average: str = ""  # ĐTBmhk, or Đ / CĐ; empty until the marks are complete


@dataclass
class Grid:
    access: GridAccess
    columns: list[Column]
    rows: list[Row]
    closed: PeriodLocked | None  # why a save would be refused now

    @property
    def comment_only(self) -> bool:
        return self.access.subject.comment_only


class GridErrors(Exception):
    """The cells that failed: {(student id, column key): message}."""

    def __init__(self, errors: dict[tuple[int, str], str]):
        super().__init__(f"{len(errors)} ô chưa hợp lệ")
        self.errors = errors


def columns(access: GridAccess) -> list[Column]:
    subject = access.subject
    n = tt22.regular_count(subject.periods, subject.comment_only)
    return [
        *(Column("tx", i) for i in range(1, n + 1)),
        Column("gk", 1),
        Column("ck", 1),
    ]


def semester_start(access: GridAccess) -> date:
    years, month, day = SEMESTER_STARTS[access.semester]
    return date(access.cls.year + years, month, day)


def notice(access: GridAccess) -> PeriodLocked | None:
    """Why a save of this grid would be refused now: the semester's term has
    locked, or today is in no open month (None: it may be written)."""
    at = clock.now()
    school, today = access.school, at.date()
    term = dated.term_blocking(school, CALENDAR_FIELD, semester_start(access), at)
    if term is not None:
        label = calendar_field_label(CALENDAR_FIELD)
        sem = SEMESTER_LABELS[access.semester]
        reason = (
            f"{term.title} đã khóa sổ ngày {vn_date(dated.locked_on(term, at))}: "
            f"không lưu được «{label}» {sem.lower()} của {school.name}."
        )
        return PeriodLocked(
            reason,
            field=CALENDAR_FIELD,
            reason=reason,
            school=school,
            period=term if term.id is not None else None,
        )
    if dated.allowed(school, CALENDAR_FIELD, today, at):
        return None
    return dated.refusal(school, CALENDAR_FIELD, today, at)


def marks(access: GridAccess, student_ids: list[int]) -> list[Mark]:
    """The pupils' marks of the subject and semester (entered in any class)."""
    if not student_ids:
        return []
    stmt = select(Mark).where(
        Mark.student_id.in_(student_ids),
        Mark.year == access.cls.year,
        Mark.subject_code == access.subject.code,
        Mark.semester == access.semester,
        Mark.kind.in_(("tx", "gk", "ck")),
    )
    return list(db.session.scalars(stmt))


def _shown(grid_comment: bool, mark: Mark) -> str:
    if grid_comment:
        return mark_input.show_verdict(mark.verdict)
    return mark_input.show_score(mark.score)


def grid(actor: User, class_id: int, code: str, semester: int) -> Grid:
    """The class's pupils (today's, in Vietnamese name order) with their marks.
    Raises NotFound (also for a primary class: services/assessment/primary_grid),
    PermissionDenied (access.get_grid)."""
    access = get_grid(actor, class_id, code, semester)
    if access.primary:
        raise NotFound()
    cols = columns(access)
    rows = [Row(p) for p in class_pupils(access.cls.id)]
    by_id = {r.student.id: r for r in rows}
    comment = access.subject.comment_only
    for mark in marks(access, list(by_id)):
        by_id[mark.student_id].cells[f"{mark.kind}{mark.position}"] = _shown(
            comment, mark
        )
    out = Grid(access, cols, rows, notice(access))
    for row in rows:
        row.average = average(out, row)
    return out


def average(grid: Grid, row: Row) -> str:
    """ĐTBmhk (or the comment subject's semester verdict) once every cell of the
    row is filled; empty before."""
    texts = [row.cells.get(c.key, "") for c in grid.columns]
    if not all(texts):
        return ""
    try:
        if grid.comment_only:
            verdicts = [mark_input.read_verdict(t) for t in texts]
            return mark_input.show_verdict(
                tt22.comment_semester(verdicts, len(verdicts))
            )
        scores = [mark_input.read_score(t) for t in texts]
    except mark_input.CellError:
        return ""
    n = len(scores) - 2
    value = tt22.semester_average(scores[:n], scores[n], scores[n + 1], n)
    return mark_input.show_score(value)


def _read(grid: Grid, entries: dict[tuple[int, str], str]) -> dict:
    """{(student id, column key): score or verdict or None} from the typed cells;
    the rows keep what was typed. Raises GridErrors."""
    errors, wanted = {}, {}
    reader = mark_input.read_verdict if grid.comment_only else mark_input.read_score
    for row in grid.rows:
        for col in grid.columns:
            key = (row.student.id, col.key)
            text = (entries.get(key) or "").strip()
            row.cells[col.key] = text
            try:
                wanted[key] = reader(text)
            except mark_input.CellError as exc:
                errors[key] = str(exc)
    if errors:
        raise GridErrors(errors)
    return wanted


def require_writable(actor: User, access: GridAccess) -> None:
    """PermissionDenied unless the actor may write this grid (both grids' save)."""
    school_data.require_write(actor, access.school, FIELD)
    if not access.writable:
        raise PermissionDenied()


def require_open(access: GridAccess) -> None:
    """The 423 of a closed semester or month, before anything is written."""
    refusal = notice(access)
    if refusal is not None:
        raise refusal


def save(actor: User, grid: Grid, entries: dict[tuple[int, str], str]) -> int:
    """Write the changed cells of the grid; returns how many changed.

    `entries`: {(student id, column key): text typed}. Raises PermissionDenied,
    GridErrors (nothing written), PeriodLocked (the semester or today's month is
    closed; a changed mark of a locked month, at the flush).
    """
    access = grid.access
    require_writable(actor, access)
    wanted = _read(grid, entries)
    require_open(access)
    have = {
        (m.student_id, f"{m.kind}{m.position}"): m
        for m in marks(access, [r.student.id for r in grid.rows])
    }
    changed = 0
    today = clock.today()
    for (sid, key), value in wanted.items():
        changed += _put(grid, sid, key, value, have.get((sid, key)), today)
    db.session.flush()
    return changed


def _put(grid: Grid, sid: int, key: str, value, mark: Mark | None, today) -> int:
    """Add, change or delete one cell's mark; 1 if it changed."""
    comment = grid.comment_only
    if mark is None and value is None:
        return 0
    if mark is None:
        access = grid.access
        mark = Mark(
            school_id=access.school.id,
            year=access.cls.year,
            student_id=sid,
            class_id=access.cls.id,
            subject_code=access.subject.code,
            semester=access.semester,
            kind=key[:2],
            position=int(key[2:]),
        )
        db.session.add(mark)
    elif value is None:
        db.session.delete(mark)
        return 1
    elif (mark.verdict if comment else mark.score) == value:
        return 0
    if comment:
        mark.verdict = value
    else:
        mark.score = Decimal(value)
    mark.day = today
    return 1
