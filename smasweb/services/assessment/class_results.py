"""A class's results of a school year: per pupil of today's roster (Vietnamese
name order) the secondary results (TT 22/2021, secondary_results) or the primary
year (TT 27/2020, primary_results), the stored confirmations, and the year's lists
(lên lớp, kiểm tra lại, rèn luyện hè, ở lại lớp, awards).

Read in a fixed number of queries whatever the class's size: the pupils, all
their marks (or evaluations) of the year, conduct, absences, stored results.
"""

from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import case, func, select

from smasweb.extensions import db
from smasweb.models import Student, User
from smasweb.models.assessment import (
    ConductResult,
    Mark,
    OutstandingPupil,
    PrimaryEvaluation,
    StudentResult,
)
from smasweb.models.attendance import AttendanceRecord
from smasweb.services.assessment import (
    curriculum,
    primary_results,
    secondary_results,
)
from smasweb.services.assessment.access import electives as class_electives
from smasweb.services.assessment.curriculum import Subject
from smasweb.services.assessment.results_access import ResultsAccess, get_class
from smasweb.services.assessment.secondary_results import PupilMarks
from smasweb.services.calendar.rules import DATA_DATES
from smasweb.services.students.roster import class_pupils


@dataclass
class PupilRow:
    student: Student
    result: object  # SecondaryResult or PrimaryResult


@dataclass
class ClassResults:
    access: ResultsAccess
    primary: bool
    subjects: list[Subject]
    rows: list[PupilRow]
    stored: dict[tuple[int, str], StudentResult]  # (student id, term) →
    outstanding: dict[int, OutstandingPupil] = field(default_factory=dict)  # primary

    @property
    def cls(self):
        return self.access.cls

    @property
    def subject_names(self) -> dict[str, str]:
        return {s.code: s.name for s in self.subjects}

    def confirmed_on(self, term: str) -> date | None:
        """The day a term's results were last confirmed (Chốt kết quả)."""
        days = [r.decided_on for (_, t), r in self.stored.items() if t == term]
        return max(days) if days else None

    def decided(self, decision: str) -> list[PupilRow]:
        """The pupils whose decision at the year's end is `decision`."""
        return [r for r in self.rows if _decision(r) == decision]

    def awarded(self) -> list[PupilRow]:
        return [r for r in self.rows if r.result.award]


def _decision(row: PupilRow) -> str | None:
    result = row.result
    if isinstance(result, primary_results.PrimaryResult):
        return result.decision
    return None if result.decision is None else str(result.decision)


def semester_one_end(year: int) -> date:
    """Absences up to semester I's data date (31/12) count in semester I."""
    day, month = DATA_DATES["semester_1"]
    return date(year, month, day)


def absences(ids: list[int], year: int) -> dict[int, dict[str, int]]:
    """{student id: {hk1, hk2, cn: buổi nghỉ}}: every absent session of the school
    year counts one buổi, with leave or not (TT 22/2021 Điều 12), as the roll call
    stores them (a two-session day absent is two)."""
    first = semester_one_end(year)
    in_first = case((AttendanceRecord.day <= first, 1), else_=0)
    stmt = (
        select(AttendanceRecord.student_id, func.count(), func.sum(in_first))
        .where(
            AttendanceRecord.student_id.in_(ids),
            AttendanceRecord.day.between(date(year, 8, 1), date(year + 1, 7, 31)),
        )
        .group_by(AttendanceRecord.student_id)
    )
    out = {sid: {"hk1": 0, "hk2": 0, "cn": 0} for sid in ids}
    for sid, total, first_part in db.session.execute(stmt):
        first_part = int(first_part or 0)
        out[sid] = {"hk1": first_part, "hk2": total - first_part, "cn": total}
    return out


def _pupil_marks(ids: list[int], year: int, subjects: list[Subject]) -> dict:
    comment = {s.code for s in subjects if s.comment_only}
    pupils = {sid: PupilMarks() for sid in ids}
    marks = select(
        Mark.student_id, Mark.subject_code, Mark.semester, Mark.kind, Mark.position,
        Mark.score, Mark.verdict,
    ).where(Mark.student_id.in_(ids), Mark.year == year)  # fmt: skip
    for sid, code, sem, kind, pos, score, verdict in db.session.execute(marks):
        value = verdict if code in comment else score
        if value is not None:
            pupils[sid].add(code, sem, kind, pos, value)
    conduct = select(
        ConductResult.student_id, ConductResult.semester, ConductResult.level
    ).where(ConductResult.student_id.in_(ids), ConductResult.year == year)
    for sid, sem, level in db.session.execute(conduct):
        pupils[sid].conduct[sem] = level
    for sid, counts in absences(ids, year).items():
        pupils[sid].absences = counts
    return pupils


def _primary_evaluations(ids: list[int], year: int) -> dict:
    stmt = select(
        PrimaryEvaluation.student_id,
        PrimaryEvaluation.item,
        PrimaryEvaluation.level,
        PrimaryEvaluation.test_score,
    ).where(
        PrimaryEvaluation.student_id.in_(ids),
        PrimaryEvaluation.year == year,
        PrimaryEvaluation.term == primary_results.YEAR_TERM,
    )
    return primary_results.evaluations_of(db.session.execute(stmt))


def outstanding(ids: list[int], year: int) -> dict[int, OutstandingPupil]:
    """{student id: its "tiêu biểu" mark} of these primary pupils' year."""
    stmt = select(OutstandingPupil).where(
        OutstandingPupil.student_id.in_(ids), OutstandingPupil.year == year
    )
    return {r.student_id: r for r in db.session.scalars(stmt)}


def stored(ids: list[int], year: int) -> dict[tuple[int, str], StudentResult]:
    stmt = select(StudentResult).where(
        StudentResult.student_id.in_(ids), StudentResult.year == year
    )
    return {(r.student_id, r.term): r for r in db.session.scalars(stmt)}


def compute(access: ResultsAccess) -> ClassResults:
    """The results of the class the access opens (see the module's docstring)."""
    cls = access.cls
    primary = curriculum.is_primary(cls.grade)
    subjects = curriculum.subjects(
        cls.grade, None if primary else class_electives([cls.id])[cls.id]
    )
    pupils = class_pupils(cls.id)
    ids = [p.id for p in pupils]
    marked = {}
    if primary:
        evaluations = _primary_evaluations(ids, cls.year) if ids else {}
        marked = outstanding(ids, cls.year) if ids else {}
        rows = [
            PupilRow(
                p,
                primary_results.pupil_result(
                    subjects, cls.grade, evaluations.get(p.id, {}), p.id in marked
                ),
            )
            for p in pupils
        ]
    else:
        marks = _pupil_marks(ids, cls.year, subjects) if ids else {}
        rows = [
            PupilRow(p, secondary_results.pupil_result(subjects, marks[p.id]))
            for p in pupils
        ]
    return ClassResults(access, primary, subjects, rows, stored(ids, cls.year), marked)


def class_results(actor: User, class_id: int) -> ClassResults:
    """The results of a class the actor opens. Raises NotFound, PermissionDenied
    (results_access.get_class)."""
    return compute(get_class(actor, class_id))
