"""A pupil's results as the school confirmed them (Chốt kết quả), in the shape
the engine gives (SecondaryResult, PrimaryResult), so that a document prints the
stored rows, not today's marks.

Each confirmed term of the pupil (its StudentResult row) replaces the learning,
conduct, absences and, for the year, the decision and award; its SubjectResult
rows replace the subject values when the class's subjects of that term were
stored. What Chốt kết quả does not store (qualities and competences, the re-test
marks) stays today's. After the re-test and summer training ("sau") only a
stored row is printed: a result still unconfirmed leaves the year's decision.
"""

import copy

from smasweb.models.assessment import RESULT_TERMS, StudentResult, SubjectResult
from smasweb.services.assessment import tt22, tt22_decisions, tt27
from smasweb.services.assessment.class_results import ClassResults
from smasweb.services.assessment.primary_results import Evaluation, PrimaryResult
from smasweb.services.assessment.results_changes import Changes
from smasweb.services.assessment.secondary_results import TERMS, SecondaryResult
from smasweb.services.assessment.tt22_decisions import Decision

# A pupil's paper of a term: its stored result, printed; its stored result, printed
# under a draft line, today's having moved since; not confirmed (today's, draft)
CONFIRMED, CHANGED, DRAFT = "confirmed", "changed", "draft"

SubjectRows = dict[str, SubjectResult]  # subject code →


def primary(
    result: PrimaryResult, grade: str, row: StudentResult, subjects: SubjectRows | None
) -> PrimaryResult:
    """The year (cn) of a primary pupil as stored."""
    out = copy.deepcopy(result)
    out.result, out.decision, out.award = row.learning, row.decision, row.award
    out.completion = (
        tt27.completion_label(row.learning, int(grade)) if row.learning else None
    )
    if subjects is not None:
        for code in out.subjects:
            s = subjects.get(code)
            out.subjects[code] = (
                Evaluation(s.level, s.test_score) if s else Evaluation()
            )
    return out


def _decision(code: str | None) -> Decision | None:
    return Decision(code) if code else None


def _subject_value(s: SubjectResult | None):
    if s is None:
        return None
    return s.verdict if s.verdict is not None else s.average


def secondary(
    result: SecondaryResult,
    stored: dict[str, StudentResult],
    subjects: dict[str, SubjectRows | None],
) -> SecondaryResult:
    """A secondary pupil's year with its confirmed terms as stored: `stored`
    {term: StudentResult} of the pupil, `subjects` {term: its SubjectResult rows,
    None when the class's subjects of the term were not stored}."""
    out = copy.deepcopy(result)
    for term in TERMS:
        row = stored.get(term)
        if row is None:
            continue
        out.learning[term], out.conduct[term] = row.learning, row.conduct
        out.absences[term] = row.absences or 0
        if subjects.get(term) is not None:
            for code, values in out.subjects.items():
                values[term] = _subject_value(subjects[term].get(code))
    year = stored.get("cn")
    if year is not None:
        out.decision, out.award = _decision(year.decision), year.award
        out.retest = _retest(out) if subjects.get("cn") is not None else out.retest
        if out.decision is None or out.decision.final:
            out.retest = ()
        _after(out, stored.get("sau"))
    return out


def _retest(out: SecondaryResult) -> tuple[str, ...]:
    """The re-test subjects of the stored year values (TT 22/2021 Điều 14)."""
    if out.decision != Decision.RETEST and out.learning["cn"] != tt22.FAIL:
        return ()
    year = {code: values["cn"] for code, values in out.subjects.items()}
    scored = {c: v for c, v in year.items() if v is not None and not isinstance(v, str)}
    comment = {c: v for c, v in year.items() if isinstance(v, str)}
    return tt22_decisions.retest_subjects(scored, comment)


def _after(out: SecondaryResult, row: StudentResult | None) -> None:
    """The result after the re-test and summer training: the stored one only."""
    if row is None:
        out.final = out.learning_after = out.conduct_after = None
        return
    out.final = _decision(row.decision)
    out.learning_after = row.learning if out.retest else None
    out.conduct_after = row.conduct if out.conduct["cn"] == tt22.FAIL else None


def statuses(results: ClassResults, changes: Changes, term: str) -> dict[int, str]:
    """{student id: CONFIRMED, CHANGED or DRAFT} of a term the class confirms
    ({} for one it does not: a primary class's semester I). The year's paper
    also prints the result after the re-test and summer training: changed when
    that moved since, or came after the confirmation."""
    status = changes.status(term)
    if status is None:
        return {}
    out = {}
    for row in results.rows:
        sid = row.student.id
        if not status.confirmed or (sid, term) not in results.stored:
            out[sid] = DRAFT
        elif changes.is_changed(sid, term) or (
            term == "cn" and _after_moved(row, results, changes)
        ):
            out[sid] = CHANGED
        else:
            out[sid] = CONFIRMED
    return out


def _after_moved(row, results: ClassResults, changes: Changes) -> bool:
    """The result after the re-test and summer training moved since it was
    stored, or came after the year's confirmation (nothing stored yet)."""
    sid = row.student.id
    if changes.is_changed(sid, "sau"):
        return True
    final = getattr(row.result, "final", None)  # secondary only
    return final is not None and (sid, "sau") not in results.stored


def print_confirmed(results: ClassResults, changes: Changes) -> None:
    """Each pupil's stored terms in place of today's (results_confirmed)."""
    with_subjects = {t for _, t in changes.subjects}
    for row in results.rows:
        sid = row.student.id
        stored = {
            t: results.stored[sid, t]
            for t in RESULT_TERMS
            if (sid, t) in results.stored
        }
        if not stored:
            continue
        subjects = {
            t: changes.subjects.get((sid, t), {}) if t in with_subjects else None
            for t in RESULT_TERMS
        }
        if results.primary:
            if "cn" in stored:
                row.result = primary(
                    row.result, results.cls.grade, stored["cn"], subjects["cn"]
                )
        else:
            row.result = secondary(row.result, stored, subjects)
