"""One primary pupil's year (TT 27/2020) from its end-of-year evaluations: each
subject's level and test score, its qualities and competences, the year's
education result, the completion of the grade and the award. The rules are
tt27's; a result whose evaluations are not all in is None."""

from dataclasses import dataclass

from smasweb.services.assessment import qualities, tt27
from smasweb.services.assessment.curriculum import Subject

YEAR_TERM = "ck2"  # the end-of-year evaluation (models.assessment.PRIMARY_TERMS)
COMPLETED, NOT_COMPLETED = "hoan_thanh", "chua_hoan_thanh"


@dataclass
class Evaluation:
    level: str | None = None
    test_score: int | None = None


@dataclass
class PrimaryResult:
    subjects: dict[str, Evaluation]  # subject code →
    traits: dict[str, str | None]  # quality or competence code → level
    result: str | None = None  # tt27.RESULTS
    completion: str | None = None  # the record's words (tt27.completion_label)
    decision: str | None = None  # COMPLETED / NOT_COMPLETED
    award: str | None = None

    def trait_line(self, codes) -> str:
        """The levels in the list's order, "T·T·Đ·C·T" ("–" not yet set)."""
        return "·".join(qualities.SHORT.get(self.traits.get(c), "–") for c in codes)


def pupil_result(
    subjects: list[Subject],
    grade: str,
    evaluations: dict[str, Evaluation],
    outstanding: bool = False,
) -> PrimaryResult:
    """The pupil's year from its end-of-year evaluations {item code: Evaluation};
    `outstanding`: the school marked it "tiêu biểu" (models.OutstandingPupil)."""
    subject_values = {s.code: evaluations.get(s.code, Evaluation()) for s in subjects}
    traits = {
        code: evaluations.get(code, Evaluation()).level for code in qualities.ITEMS
    }
    out = PrimaryResult(subject_values, traits)
    tests = {
        s.code: subject_values[s.code].test_score
        for s in subjects
        if s.has_test(YEAR_TERM)
    }
    out.result = tt27.year_result(
        {code: e.level for code, e in subject_values.items()},
        {c: traits[c] for c in qualities.QUALITIES},
        {c: traits[c] for c in qualities.COMPETENCES},
        tests,
    )
    if out.result is not None:
        out.completion = tt27.completion_label(out.result, int(grade))
        done = tt27.completes_grade(out.result)
        out.decision = COMPLETED if done else NOT_COMPLETED
        out.award = tt27.award(out.result, outstanding)
    return out


def evaluations_of(rows) -> dict[int, dict[str, Evaluation]]:
    """{student id: {item: Evaluation}} from (student id, item, level, score) rows."""
    out: dict[int, dict[str, Evaluation]] = {}
    for sid, item, level, score in rows:
        out.setdefault(sid, {})[item] = Evaluation(level, score)
    return out
