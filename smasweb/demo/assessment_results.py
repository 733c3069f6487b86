"""The demo's secondary conduct and results (TT 22/2021), decided by the results
engine (services/assessment/tt22, tt22_decisions) from the marks just written.

Conduct is drawn per semester (mostly Tốt, following the pupil's ability a little);
absences are few, a handful of pupils miss many days but never more than 45 unless
they repeat. At the year's end a pupil with conduct Chưa đạt trains in the summer
(and passes), one with learning Chưa đạt re-tests the subjects below 5.0 or Chưa
đạt (and passes, but for the pupils who repeat the grade): the "sau" result is the
engine's decision after these steps.
"""

from dataclasses import dataclass
from datetime import date
from random import Random

from smasweb.demo.assessment_common import Pupil, Writer, on
from smasweb.demo.assessment_marks import ClassMarks, Marks
from smasweb.models.assessment import (
    ConductResult,
    OutstandingPupil,
    StudentResult,
    SubjectResult,
)
from smasweb.services.assessment import tt22, tt22_decisions
from smasweb.services.assessment.curriculum import Subject
from smasweb.services.assessment.subject_results import secondary_columns

# when the school confirms each term (TT 22: semester I, the year, after the summer)
DECIDED = {"hk1": (12, 29), "hk2": (5, 28), "cn": (5, 28), "sau": (7, 31)}


@dataclass
class Writers:
    conduct: Writer
    results: Writer
    subjects: Writer  # SubjectResult: what Chốt kết quả stores beside each result
    outstanding: Writer  # OutstandingPupil: primary pupils marked "tiêu biểu"


def subject_term(subject: Subject, entry) -> object:
    """ĐTBmhk, or a comment subject's verdict over all its assessments."""
    if entry is None:
        return None
    required = tt22.regular_count(subject.periods, subject.comment_only)
    if not subject.comment_only:
        return tt22.semester_average(entry.regular, entry.mid, entry.end, required)
    verdicts = [v for v in (*entry.regular, entry.mid, entry.end) if v is not None]
    if len(verdicts) < required + 2:
        return None
    return tt22.comment_semester(verdicts, required + 2)


def draw_conduct(rng: Random, pupil: Pupil) -> str:
    if rng.random() < 0.004:
        return tt22.FAIL
    c = 1.3 + 0.45 * pupil.ability + rng.gauss(0.0, 0.6)
    return tt22.GOOD if c > 0.55 else tt22.FAIR if c > -0.35 else tt22.PASS


def draw_absences(rng: Random, pupil: Pupil) -> int:
    if pupil.repeats and rng.random() < 0.2:
        return rng.randint(24, 30)  # over 45 in the year
    if rng.random() < 0.03:
        return rng.randint(8, 20)
    return min(int(rng.expovariate(1 / 2.5)), 12)


class SecondaryResults:
    """Conduct and StudentResult rows of one class's year, for the semesters done."""

    def __init__(self, year: int, writers: Writers, rng: Random) -> None:
        self.year, self.w, self.rng = year, writers, rng

    def write(self, cm: ClassMarks, class_id: int, pupils: list[Pupil],
              subjects: list[Subject], marks: Marks, semesters: tuple[int, ...],
              ) -> None:  # fmt: skip
        for p in pupils:
            terms = {}
            for s in semesters:
                terms[s] = {
                    sub.code: subject_term(sub, marks.entries.get((p.id, sub.code, s)))
                    for sub in subjects
                }
            conduct = {s: draw_conduct(self.rng, p) for s in semesters}
            absent = {s: draw_absences(self.rng, p) for s in semesters}
            for s in semesters:
                self._conduct(p, class_id, s, conduct[s])
                learning = tt22.learning_result(*_split(subjects, terms[s]))
                self._result(p, class_id, f"hk{s}", learning, conduct[s], absent[s])
                self._subjects(p, class_id, f"hk{s}", subjects, terms[s])
            if semesters == (1, 2):
                self._year(cm, p, class_id, subjects, terms, conduct, absent)

    def _year(self, cm, p, class_id, subjects, terms, conduct, absent) -> None:
        year_terms = {
            sub.code: (tt22.comment_year if sub.comment_only else tt22.year_average)(
                terms[1][sub.code], terms[2][sub.code]
            )
            for sub in subjects
        }
        scored, comment = _split(subjects, year_terms)
        learning = tt22.learning_result(scored, comment)
        year_conduct = tt22.year_conduct(conduct[1], conduct[2])
        absences = absent[1] + absent[2]
        decision = tt22_decisions.year_decision(year_conduct, learning, absences)
        award = tt22_decisions.award(year_conduct, learning, scored)
        self._result(p, class_id, "cn", learning, year_conduct, absences,
                     decision=str(decision), award=award)  # fmt: skip
        self._subjects(p, class_id, "cn", subjects, year_terms)
        if decision.final:
            return
        summer = None
        if year_conduct == tt22.FAIL:
            summer = tt22.PASS  # the summer tasks done
            self._conduct(p, class_id, 3, summer)
        after, again = None, {}
        if learning == tt22.FAIL:
            due = set(tt22_decisions.retest_subjects(scored, comment))
            again = {
                sub.code: cm.retest(p, class_id, sub, passes=not p.repeats)
                for sub in subjects
                if sub.code in due
            }
            after = tt22_decisions.learning_after_retest(
                scored,
                comment,
                {c: v for c, v in again.items() if c in scored},
                {c: v for c, v in again.items() if c in comment},
            )
        final = tt22_decisions.year_decision(
            year_conduct, learning, absences, after, summer
        )
        if not final.final:  # the re-test is still to come
            return
        self._result(p, class_id, "sau", after or learning, summer or year_conduct,
                     absences, decision=str(final))  # fmt: skip
        self._subjects(p, class_id, "sau", subjects, year_terms | again)

    def _subjects(self, p: Pupil, class_id: int, term: str, subjects, values) -> None:
        comment = {s.code for s in subjects if s.comment_only}
        for code, columns in secondary_columns(values, comment).items():
            self.w.subjects.add(
                {
                    "school_id": p.school_id,
                    "version": 1,
                    "year": self.year,
                    "student_id": p.id,
                    "class_id": class_id,
                    "term": term,
                    "subject_code": code,
                    "average": columns.get("average"),
                    "verdict": columns.get("verdict"),
                    "level": None,
                    "test_score": None,
                }  # fmt: skip
            )

    def _conduct(self, p: Pupil, class_id: int, semester: int, level: str) -> None:
        self.w.conduct.add(
            {
                "school_id": p.school_id,
                "version": 1,
                "year": self.year,
                "student_id": p.id,
                "class_id": class_id,
                "semester": semester,
                "level": level,
                "comment": None,
            }  # fmt: skip
        )

    def _result(self, p, class_id, term, learning, conduct, absences, **extra):
        self.w.results.add(
            {
                "school_id": p.school_id,
                "version": 1,
                "year": self.year,
                "student_id": p.id,
                "class_id": class_id,
                "term": term,
                "learning": learning,
                "conduct": conduct,
                "absences": absences,
                "decision": extra.get("decision"),
                "award": extra.get("award"),
                "decided_on": decided_on(self.year, term),
            }  # fmt: skip
        )


def decided_on(year: int, term: str) -> date:
    return on(year, DECIDED[term])


def writers() -> Writers:
    return Writers(
        Writer(ConductResult),
        Writer(StudentResult),
        Writer(SubjectResult),
        Writer(OutstandingPupil),
    )


def _split(subjects: list[Subject], values: dict) -> tuple[dict, dict]:
    scored = {s.code: values[s.code] for s in subjects if not s.comment_only}
    comment = {s.code: values[s.code] for s in subjects if s.comment_only}
    return scored, comment
