"""Chốt kết quả: the school stores a class's results of a term (StudentResult
rows: hk1, hk2, the year cn, and sau after the re-test and summer training; with
each pupil's subject results, SubjectResult: subject_results.py) as the engine
computes them today, so reports and next year's classes read the decision the
school confirmed.

All or nothing: a pupil whose result is not complete refuses the whole class.
Written through the model, so the calendar guard refuses it outside the windows
of "results" (semester I, the school year) unless unlocked, and audits it.
"""

from smasweb import clock
from smasweb.extensions import db
from smasweb.models import User
from smasweb.models.assessment import RESULT_TERMS, StudentResult
from smasweb.services import school_data
from smasweb.services.assessment import (
    class_results,
    results_text,
    subject_results,
)
from smasweb.services.assessment.class_results import ClassResults, PupilRow
from smasweb.services.assessment.primary_results import PrimaryResult
from smasweb.services.assessment.results_access import FIELD, require_confirm
from smasweb.services.calendar import windows
from smasweb.services.errors import NotFound, ValidationFailed

PRIMARY_TERMS = ("cn",)  # TT 27/2020 decides at the year's end only
SHOWN = 5  # pupils named in the refusal
MISSING_WHAT = {
    "hk1": "điểm, kết quả rèn luyện",
    "hk2": "điểm, kết quả rèn luyện",
    "cn": "điểm, kết quả rèn luyện",
    "sau": "kết quả kiểm tra lại, rèn luyện hè",
    "primary": "đánh giá cuối năm",
}


def terms(results: ClassResults) -> tuple[str, ...]:
    """The terms a class's results are confirmed for."""
    return PRIMARY_TERMS if results.primary else tuple(RESULT_TERMS)


def values(row: PupilRow, term: str) -> dict | None:
    """The StudentResult columns of a pupil's term; None when not complete (or,
    for "sau", when the pupil had no re-test or summer training)."""
    r = row.result
    if isinstance(r, PrimaryResult):
        if r.result is None:
            return None
        return dict(learning=r.result, decision=r.decision, award=r.award)
    if term == "sau":
        if r.decision is None or r.decision.final:
            return None
        if r.final is None:
            return {}  # still waiting for its re-test or summer training
        learning = r.learning_after or r.learning["cn"]
        conduct = r.conduct_after or r.conduct["cn"]
        return dict(learning=learning, conduct=conduct, absences=r.absences["cn"],
                    decision=str(r.final))  # fmt: skip
    if r.learning[term] is None or r.conduct[term] is None:
        return None
    out = dict(learning=r.learning[term], conduct=r.conduct[term],
               absences=r.absences.get(term, 0))  # fmt: skip
    if term == "cn":
        if r.decision is None:
            return None
        out.update(decision=str(r.decision), award=r.award)
    return out


def _wanted(results: ClassResults, term: str) -> dict[int, dict]:
    """{student id: columns} of the term; ValidationFailed naming the pupils
    whose result is not complete."""
    wanted, missing = {}, []
    for number, row in enumerate(results.rows, 1):
        v = values(row, term)
        if v is None and term == "sau":
            continue
        if v:
            wanted[row.student.id] = v
        else:
            personal = results.access.personal
            missing.append(row.student.full_name if personal else f"học sinh {number}")
    label = results_text.TERM_PHRASES[term]
    if missing:
        what = MISSING_WHAT["primary" if results.primary else term]
        more = "…" if len(missing) > SHOWN else ""
        names = ", ".join(missing[:SHOWN])
        raise ValidationFailed(
            f"Chưa chốt được kết quả {label}: còn {len(missing)} học sinh chưa đủ "
            f"{what} ({names}{more})."
        )
    if not wanted:
        raise ValidationFailed(f"Không có học sinh nào cần chốt kết quả {label}.")
    return wanted


def confirm(actor: User, class_id: int, term: str) -> int:
    """Store the class's results of `term`; returns how many pupils. Raises
    NotFound (no such term), PermissionDenied, ValidationFailed (a pupil's result
    is not complete: nothing stored), PeriodLocked (outside the results windows)."""
    results = class_results.class_results(actor, class_id)
    if term not in terms(results):
        raise NotFound()
    require_confirm(results.access)
    school = results.access.school
    school_data.require_write(actor, school, FIELD)
    windows.require_open(school, StudentResult.calendar_field(), year=results.cls.year)
    wanted = _wanted(results, term)
    today = clock.today()
    for sid, columns in wanted.items():
        row = results.stored.get((sid, term))
        if row is None:
            row = StudentResult(school_id=school.id, year=results.cls.year,
                                student_id=sid, term=term)  # fmt: skip
            db.session.add(row)
        row.class_id = results.cls.id
        for name in ("learning", "conduct", "absences", "decision", "award"):
            setattr(row, name, columns.get(name))
        row.decided_on = today
    subject_results.store(results, term, wanted)
    db.session.flush()
    return len(wanted)
