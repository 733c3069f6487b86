"""One secondary pupil's results of a year (TT 22/2021) from its marks, conduct
and absences: each subject's semester and year results, the learning and conduct
results, the year's decision, the re-test subjects and the award.

Every rule is tt22's or tt22_decisions'; this module only gathers their inputs.
A result whose marks are not all in yet is None, and so is what needs it.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from smasweb.services.assessment import tt22, tt22_decisions
from smasweb.services.assessment.curriculum import Subject
from smasweb.services.assessment.tt22_decisions import Decision

SEMESTERS = (1, 2)
TERMS = ("hk1", "hk2", "cn")  # the two semesters and the year


@dataclass
class SubjectMarks:
    """A pupil's marks of one subject in one semester (scores or verdicts)."""

    regular: dict[int, Decimal | str] = field(default_factory=dict)  # position →
    mid: Decimal | str | None = None
    end: Decimal | str | None = None


@dataclass
class PupilMarks:
    """What one pupil's results are computed from."""

    marks: dict[tuple[str, int], SubjectMarks] = field(default_factory=dict)
    retest: dict[str, Decimal | str] = field(default_factory=dict)  # kind "kl"
    conduct: dict[int, str] = field(default_factory=dict)  # semester 1, 2, 3 →
    absences: dict[str, int] = field(default_factory=dict)  # hk1, hk2, cn →

    def add(self, code: str, semester: int, kind: str, position: int, value) -> None:
        if kind == "kl":
            self.retest[code] = value
            return
        entry = self.marks.setdefault((code, semester), SubjectMarks())
        if kind == "tx":
            entry.regular[position] = value
        elif kind == "gk":
            entry.mid = value
        elif kind == "ck":
            entry.end = value


@dataclass
class SecondaryResult:
    # subject code → term (hk1, hk2, cn) → ĐTBmhk/ĐTBmcn or "D"/"CD", None missing
    subjects: dict[str, dict[str, Decimal | str | None]]
    learning: dict[str, str | None]  # term →
    conduct: dict[str, str | None]  # term →
    absences: dict[str, int]  # term →
    decision: Decision | None = None  # at the year's end
    retest: tuple[str, ...] = ()  # subject codes
    retest_marks: dict[str, Decimal | str] = field(default_factory=dict)  # of those
    learning_after: str | None = None  # after the re-test
    conduct_after: str | None = None  # after summer training
    final: Decision | None = None  # after the re-test and summer training
    award: str | None = None


def semester_result(subject: Subject, entry: SubjectMarks | None):
    """ĐTBmhk, or a comment subject's verdict; None until its marks are all in."""
    if entry is None:
        return None
    required = tt22.regular_count(subject.periods, subject.comment_only)
    regular = [entry.regular[p] for p in sorted(entry.regular)]
    if not subject.comment_only:
        return tt22.semester_average(regular, entry.mid, entry.end, required)
    verdicts = [v for v in (*regular, entry.mid, entry.end) if v is not None]
    # the gradebook asks every column (regular, mid, end): fewer is "not yet"
    if len(verdicts) < required + 2:
        return None
    return tt22.comment_semester(verdicts, required + 2)


def _subject_terms(subject: Subject, pupil: PupilMarks) -> dict:
    s1, s2 = (
        semester_result(subject, pupil.marks.get((subject.code, s))) for s in SEMESTERS
    )
    combine = tt22.comment_year if subject.comment_only else tt22.year_average
    year = combine(s1, s2)
    return {"hk1": s1, "hk2": s2, "cn": year}


def _split(subjects: Iterable[Subject], values: dict, term: str) -> tuple[dict, dict]:
    scored = {s.code: values[s.code][term] for s in subjects if not s.comment_only}
    comment = {s.code: values[s.code][term] for s in subjects if s.comment_only}
    return scored, comment


def pupil_result(subjects: list[Subject], pupil: PupilMarks) -> SecondaryResult:
    """The pupil's results of the year (see the module's docstring)."""
    values = {s.code: _subject_terms(s, pupil) for s in subjects}
    learning = {
        term: tt22.learning_result(*_split(subjects, values, term)) for term in TERMS
    }
    c1, c2 = pupil.conduct.get(1), pupil.conduct.get(2)
    conduct = {"hk1": c1, "hk2": c2, "cn": tt22.year_conduct(c1, c2)}
    out = SecondaryResult(values, learning, conduct, dict(pupil.absences))
    if learning["cn"] is None or conduct["cn"] is None:
        return out
    scored, comment = _split(subjects, values, "cn")
    absences = pupil.absences.get("cn", 0)
    out.decision = tt22_decisions.year_decision(conduct["cn"], learning["cn"], absences)
    out.award = tt22_decisions.award(conduct["cn"], learning["cn"], scored)
    if out.decision == Decision.RETEST or learning["cn"] == tt22.FAIL:
        out.retest = tt22_decisions.retest_subjects(scored, comment)
        out.retest_marks = {c: pupil.retest[c] for c in out.retest if c in pupil.retest}
        out.learning_after = _after_retest(scored, comment, out.retest, pupil.retest)
    if conduct["cn"] == tt22.FAIL:
        out.conduct_after = pupil.conduct.get(3)
    if not out.decision.final:
        out.final = _final(out, conduct["cn"], learning["cn"], absences)
    return out


def _after_retest(scored, comment, due, marks) -> str | None:
    """The year's learning with the re-test marks of the due subjects (a mark of
    another subject is not a re-test: left out); None while one is missing."""
    retest_scored = {c: marks[c] for c in due if c in scored and c in marks}
    retest_comment = {c: marks[c] for c in due if c in comment and c in marks}
    return tt22_decisions.learning_after_retest(
        scored, comment, retest_scored, retest_comment
    )


def _final(out: SecondaryResult, conduct: str, learning: str, absences: int):
    """The decision after the summer steps, once it is final (None before)."""
    decision = tt22_decisions.year_decision(
        conduct, learning, absences, out.learning_after, out.conduct_after
    )
    return decision if decision.final else None
