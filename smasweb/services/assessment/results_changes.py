"""What moved since Chốt kết quả: per term of a class, the day it was confirmed
and the pupils whose result today (results_confirm.values; the subject values
of subject_results.columns) is no longer the stored one (StudentResult and,
when stored, SubjectResult). The results page flags them; the documents print
the stored rows and say when the marks have moved since.

A pupil without a stored row in a confirmed term (come since, or not complete
then) counts as changed once the engine has a result for it. One query (the
stored subject results) whatever the class's size.
"""

from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import select

from smasweb.extensions import db
from smasweb.models.assessment import StudentResult, SubjectResult
from smasweb.services.assessment import results_confirm, subject_results
from smasweb.services.assessment.class_results import ClassResults, PupilRow

COLUMNS = ("learning", "conduct", "absences", "decision", "award")

SubjectRows = dict[str, SubjectResult]  # subject code →


@dataclass
class TermStatus:
    term: str
    confirmed_on: date | None  # None: not confirmed yet
    changed: list[PupilRow] = field(default_factory=list)

    @property
    def confirmed(self) -> bool:
        return self.confirmed_on is not None

    @property
    def changed_ids(self) -> set[int]:
        return {r.student.id for r in self.changed}


@dataclass
class Changes:
    results: ClassResults
    subjects: dict[tuple[int, str], SubjectRows]  # (student id, term) →
    terms: dict[str, TermStatus]  # the terms the class confirms

    def status(self, term: str) -> TermStatus | None:
        return self.terms.get(term)

    def is_changed(self, student_id: int, term: str) -> bool:
        status = self.terms.get(term)
        return status is not None and student_id in status.changed_ids

    def labels(self, term: str) -> list[str]:
        """The changed pupils of a term as the page names them: full names for
        who sees them, "Học sinh N" (the row's number) for the others."""
        status = self.terms[term]
        personal = self.results.access.personal
        number = {r.student.id: n for n, r in enumerate(self.results.rows, 1)}
        return [
            r.student.full_name if personal else f"Học sinh {number[r.student.id]}"
            for r in status.changed
        ]


def stored_subjects(ids: list[int], year: int) -> dict[tuple[int, str], SubjectRows]:
    stmt = select(SubjectResult).where(
        SubjectResult.student_id.in_(ids), SubjectResult.year == year
    )
    out: dict[tuple[int, str], SubjectRows] = {}
    for r in db.session.scalars(stmt):
        out.setdefault((r.student_id, r.term), {})[r.subject_code] = r
    return out


def _stored_values(rows: SubjectRows) -> dict[str, dict]:
    return {
        code: {
            n: getattr(r, n)
            for n in subject_results.VALUES
            if getattr(r, n) is not None
        }
        for code, r in rows.items()
    }


def _live_values(row: PupilRow, term: str, comment: set[str]) -> dict[str, dict]:
    return {
        code: {n: v for n, v in values.items() if v is not None}
        for code, values in subject_results.columns(row, term, comment).items()
    }


def differs(
    live: dict | None, stored: StudentResult | None, subjects: tuple | None = None
) -> bool:
    """Whether a pupil's live term differs from its stored one. `subjects`: (live,
    stored) subject values, compared when the term's subjects were stored."""
    if stored is None:
        return bool(live)
    if not live:
        return True
    if any(live.get(name) != getattr(stored, name) for name in COLUMNS):
        return True
    return subjects is not None and subjects[0] != subjects[1]


def changes(results: ClassResults) -> Changes:
    """The class's terms with their confirmation day and changed pupils."""
    ids = [r.student.id for r in results.rows]
    subjects = stored_subjects(ids, results.cls.year) if ids else {}
    comment = {s.code for s in results.subjects if s.comment_only}
    terms = {}
    for term in results_confirm.terms(results):
        status = TermStatus(term, results.confirmed_on(term))
        terms[term] = status
        if not status.confirmed:
            continue
        with_subjects = any(t == term for _, t in subjects)
        for row in results.rows:
            sid = row.student.id
            pair = None
            if with_subjects and (sid, term) in results.stored:
                stored_rows = _stored_values(subjects.get((sid, term), {}))
                pair = (_live_values(row, term, comment), stored_rows)
            live = results_confirm.values(row, term)
            if differs(live, results.stored.get((sid, term)), pair):
                status.changed.append(row)
    return Changes(results, subjects, terms)
