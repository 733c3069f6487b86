"""The SubjectResult rows Chốt kết quả stores beside each pupil's StudentResult:
the subject values the results page shows (class_results), never recomputed.

Secondary: each subject's ĐTBmhk (hk1, hk2) or ĐTBmcn (cn), or the comment
subject's Đ/CĐ; "sau" is the year's value with the re-test mark in place of the
subjects re-tested (TT 22/2021 Điều 14). Primary (cn): each subject's level of
the year and its end-of-year test score.
"""

from collections.abc import Iterable

from sqlalchemy import select

from smasweb.extensions import db
from smasweb.models.assessment import SubjectResult
from smasweb.services.assessment.class_results import ClassResults, PupilRow
from smasweb.services.assessment.primary_results import PrimaryResult

VALUES = ("average", "verdict", "level", "test_score")
AFTER = "sau"


def columns(row: PupilRow, term: str, comment: set[str]) -> dict[str, dict]:
    """{subject code: SubjectResult values} of a pupil's term; a subject without
    a value yet has no row."""
    r = row.result
    if isinstance(r, PrimaryResult):
        return {
            code: {"level": e.level, "test_score": e.test_score}
            for code, e in r.subjects.items()
            if e.level is not None or e.test_score is not None
        }
    of = "cn" if term == AFTER else term
    values = {code: terms[of] for code, terms in r.subjects.items()}
    if term == AFTER:
        values.update(r.retest_marks)
    return secondary_columns(values, comment)


def secondary_columns(values: dict, comment: set[str]) -> dict[str, dict]:
    """{subject code: SubjectResult values} from a secondary pupil's {subject
    code: ĐTBm or Đ/CĐ} of one term (None: no row); also for a writer that has
    the values already (the demo)."""
    return {
        code: {"verdict": v} if code in comment else {"average": v}
        for code, v in values.items()
        if v is not None
    }


def store(results: ClassResults, term: str, student_ids: Iterable[int]) -> None:
    """Replace these pupils' SubjectResult rows of `term` with today's values
    (through the model: guarded and audited like the StudentResult rows)."""
    ids = list(student_ids)
    cls = results.cls
    comment = {s.code for s in results.subjects if s.comment_only}
    pupils = {r.student.id: r for r in results.rows}
    stmt = select(SubjectResult).where(
        SubjectResult.student_id.in_(ids),
        SubjectResult.year == cls.year,
        SubjectResult.term == term,
    )
    earlier = {(r.student_id, r.subject_code): r for r in db.session.scalars(stmt)}
    for sid in ids:
        for code, values in columns(pupils[sid], term, comment).items():
            row = earlier.pop((sid, code), None)
            if row is None:
                row = SubjectResult(school_id=cls.school_id, year=cls.year,
                                    student_id=sid, term=term, subject_code=code)  # fmt: skip
                db.session.add(row)
            row.class_id = cls.id
            for name in VALUES:
                setattr(row, name, values.get(name))
    for row in earlier.values():  # a value taken back since the last confirmation
        db.session.delete(row)
