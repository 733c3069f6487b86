"""Who is recognised as a lower-secondary graduate (công nhận tốt nghiệp THCS) by
TT 31/2023/TT-BGDĐT (in force 15/02/2024, applied from 2024-2025; it replaced QĐ
11/2006 and dropped the graduate's ranking). Pure functions: the callers read the
pupil's birth date, the year's decision and the dossier flag.

Our reading of the circular (domain-reference §3.4; check the article numbers
against the text before quoting them in a document):
- the candidate: a pupil who finished lớp 9 of the general programme (GDPT) aged
  at most 21, or a learner of the continuing-education programme (GDTX) aged at
  least 15; the age counts by years, as every school rule does (the year of the
  recognition minus the year of birth), so the day of birth never matters;
- completed the THCS programme: the year's decision says lên lớp (for lớp 9
  "hoàn thành chương trình", TT 22/2021 Điều 12) — after the year end (round 1),
  or after the re-test or the summer training (round 2, before the next year);
- a complete dossier (hồ sơ), which the school checks.
At most two rounds a year: the first after the year end, the second for the
pupils the first did not recognise.
"""

from dataclasses import dataclass
from datetime import date

from smasweb.services.assessment.tt22_decisions import Decision

GDPT, GDTX = "gdpt", "gdtx"
PROGRAMMES = {GDPT: "Giáo dục phổ thông", GDTX: "Giáo dục thường xuyên"}
MAX_AGE_GDPT = 21
MIN_AGE_GDTX = 15
ROUNDS = (1, 2)

TOO_OLD = f"Quá {MAX_AGE_GDPT} tuổi"
TOO_YOUNG = f"Chưa đủ {MIN_AGE_GDTX} tuổi"
NO_BIRTH_DATE = "Chưa có ngày sinh"
NO_RESULT = "Chưa có kết quả cả năm"
NO_RESULT_AFTER = "Chưa có kết quả sau kiểm tra lại, rèn luyện hè"
NOT_COMPLETED = "Chưa hoàn thành chương trình lớp 9"
WAITING = {
    Decision.RETEST: f"{NOT_COMPLETED}: chờ kiểm tra lại",
    Decision.SUMMER_TRAINING: f"{NOT_COMPLETED}: chờ rèn luyện hè",
}
REPEATS = f"{NOT_COMPLETED}: ở lại lớp"
DOSSIER = "Hồ sơ chưa đầy đủ"


@dataclass(frozen=True)
class Verdict:
    """Recognised or not, with every reason it is not (empty when eligible)."""

    reasons: tuple[str, ...]

    @property
    def eligible(self) -> bool:
        return not self.reasons

    @property
    def reason(self) -> str:
        return "; ".join(self.reasons)


def age_in(recognition_year: int, birth_date: date) -> int:
    """A candidate's age for the circular: the year of the recognition minus the
    year of birth (tuổi tính theo năm), whatever the day of birth."""
    return recognition_year - birth_date.year


def recognition_year(school_year: int) -> int:
    """The calendar year a school year's graduates are recognised in (its second:
    2025-2026 → 2026)."""
    return school_year + 1


def age_reason(
    programme: str, birth_date: date | None, recognised_in: int
) -> str | None:
    """TT 31/2023 (đối tượng): GDPT at most 21 years old, GDTX at least 15, in the
    year of the recognition; None when the age fits."""
    if birth_date is None:
        return NO_BIRTH_DATE
    age = age_in(recognised_in, birth_date)
    if programme == GDTX:
        return TOO_YOUNG if age < MIN_AGE_GDTX else None
    return TOO_OLD if age > MAX_AGE_GDPT else None


def programme_reason(
    round_: int, year_decision: str | None, after_decision: str | None
) -> str | None:
    """TT 31/2023 (điều kiện: hoàn thành chương trình THCS), read from TT 22/2021's
    decisions: round 1 reads the year's ("cn") decision; round 2 the decision after
    the re-test or summer training ("sau"), or the year's when the pupil needed
    neither. None when the programme is completed."""
    if year_decision is None:
        return NO_RESULT
    decision = year_decision
    if round_ == 2 and year_decision in WAITING:
        if after_decision is None:
            return NO_RESULT_AFTER
        decision = after_decision
    elif round_ == 2 and after_decision is not None:
        decision = after_decision
    if decision == Decision.PROMOTED:
        return None
    if decision == Decision.REPEAT:
        return REPEATS
    return WAITING.get(decision, NOT_COMPLETED)


def eligibility(
    *,
    round_: int,
    programme: str,
    birth_date: date | None,
    school_year: int,
    year_decision: str | None,
    after_decision: str | None = None,
    dossier_complete: bool = True,
) -> Verdict:
    """TT 31/2023: a candidate is recognised when the age fits its programme, it
    completed the THCS programme (programme_reason) and its dossier is complete.
    Every failed condition is a reason, in that order."""
    if round_ not in ROUNDS:
        raise ValueError(f"round must be 1 or 2, not {round_!r}")
    reasons = (
        age_reason(programme, birth_date, recognition_year(school_year)),
        programme_reason(round_, year_decision, after_decision),
        None if dossier_complete else DOSSIER,
    )
    return Verdict(tuple(r for r in reasons if r))
