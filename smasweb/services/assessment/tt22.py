"""Secondary-school assessment by TT 22/2021/TT-BGDĐT: marks, averages, comment
subjects, and a semester's or year's learning (học tập) and conduct (rèn luyện).

Pure functions: scores are Decimal with one decimal (0.0–10.0), verdicts and levels
are short codes whose Vietnamese names are in the *_LABELS dicts. A value that is not
known yet (a missing mark) is None, and so is any result that needs it.
"""

from collections.abc import Iterable, Mapping, Sequence
from decimal import ROUND_HALF_UP, Decimal

GOOD, FAIR, PASS, FAIL = "T", "K", "D", "CD"
# Worst first, so that a level's index is its rank.
LEVELS = (FAIL, PASS, FAIR, GOOD)
LEARNING_LABELS = {GOOD: "Tốt", FAIR: "Khá", PASS: "Đạt", FAIL: "Chưa đạt"}
CONDUCT_LABELS = dict(LEARNING_LABELS)

PASSED, NOT_PASSED = "D", "CD"
VERDICTS = (PASSED, NOT_PASSED)
COMMENT_LABELS = {PASSED: "Đạt", NOT_PASSED: "Chưa đạt"}

MIN_SCORE, MAX_SCORE = Decimal("0.0"), Decimal("10.0")
ONE_DECIMAL = Decimal("0.1")
# "ít nhất 06 môn học" (Art. 9 cl. 2 and Art. 15): see subjects_needed().
SUBJECTS_COUNTED = 6
COMMENT_REGULAR_COUNT = 2
MID_WEIGHT, END_WEIGHT = 2, 3

# Art. 9 cl. 2: (floor every scored subject must reach, mark that at least six
# subjects must reach) for the two upper levels.
_UPPER_LEVELS = {
    GOOD: (Decimal("6.5"), Decimal("8.0")),
    FAIR: (Decimal("5.0"), Decimal("6.5")),
}
PASS_MARK, PASS_FLOOR = Decimal("5.0"), Decimal("3.5")


def check_score(score: Decimal) -> Decimal:
    """A mark as the circular writes it: 0.0 to 10.0 with at most one decimal
    (TT 22/2021 Điều 5: "lấy đến chữ số thập phân thứ nhất")."""
    if not isinstance(score, Decimal) or not score.is_finite():
        raise ValueError(f"Điểm phải là số thập phân: {score!r}")
    if not MIN_SCORE <= score <= MAX_SCORE:
        raise ValueError(f"Điểm phải từ 0 đến 10: {score}")
    if score != score.quantize(ONE_DECIMAL):
        raise ValueError(f"Điểm chỉ có một chữ số thập phân: {score}")
    return score


def round_score(value: Decimal) -> Decimal:
    """An average rounded to one decimal, half up (6.45 → 6.5), as the circular's
    averages are "làm tròn đến một chữ số thập phân" (TT 22/2021 Điều 9 khoản 1)."""
    return value.quantize(ONE_DECIMAL, rounding=ROUND_HALF_UP)


def regular_count(periods_per_year: int, comment_only: bool) -> int:
    """ĐĐGtx a subject needs per semester (TT 22/2021 Điều 6): comment
    subjects 2; scored subjects 2 up to 35 periods a year, 3 up to 70, 4 above."""
    if periods_per_year < 0:
        raise ValueError(f"Số tiết không thể âm: {periods_per_year}")
    if comment_only or periods_per_year <= 35:
        return COMMENT_REGULAR_COUNT
    return 3 if periods_per_year <= 70 else 4


def semester_average(
    regular: Sequence[Decimal | None],
    mid: Decimal | None,
    end: Decimal | None,
    required: int,
) -> Decimal | None:
    """ĐTBmhk = (ΣĐĐGtx + 2·ĐĐGgk + 3·ĐĐGck) / (số ĐĐGtx + 5), one decimal half up
    (TT 22/2021 Điều 9 khoản 1 điểm b).

    None until the mid-term, the end-of-term and at least `required` regular marks
    (regular_count()) are in; every regular mark given counts.
    """
    marks = [check_score(m) for m in regular if m is not None]
    if mid is None or end is None or len(marks) < required:
        return None
    total = sum(marks, Decimal(0)) + MID_WEIGHT * check_score(mid)
    total += END_WEIGHT * check_score(end)
    return round_score(total / (len(marks) + MID_WEIGHT + END_WEIGHT))


def year_average(s1: Decimal | None, s2: Decimal | None) -> Decimal | None:
    """ĐTBmcn = (ĐTBmhkI + 2·ĐTBmhkII) / 3, one decimal half up (TT 22/2021 Điều 9
    khoản 1 điểm b); None while either semester is missing."""
    if s1 is None or s2 is None:
        return None
    return round_score((check_score(s1) + 2 * check_score(s2)) / 3)


def comment_semester(verdicts: Sequence[str | None], required: int) -> str:
    """A comment subject's semester (TT 22/2021 Điều 9 khoản 1 điểm a): Đạt when it
    has `required` assessments and every one is Đạt, otherwise Chưa đạt."""
    given = [_check_verdict(v) for v in verdicts if v is not None]
    if len(given) >= required and all(v == PASSED for v in given):
        return PASSED
    return NOT_PASSED


def comment_year(s1: str | None, s2: str | None) -> str | None:
    """A comment subject's year is its semester II result (TT 22/2021 Điều 9
    khoản 1 điểm a); semester I does not change it."""
    return None if s2 is None else _check_verdict(s2)


def subjects_needed(scored_subjects: int) -> int:
    """How many scored subjects the "ít nhất 06 môn" conditions ask for.

    TT 22/2021 Điều 9 khoản 2 (and Điều 15) ask for "ít nhất 06 môn học đánh giá
    bằng nhận xét kết hợp với đánh giá bằng điểm số" reaching a mark. Our reading:
    six counts only scored subjects; a pupil with fewer than six (an exemption, a
    programme with fewer) must have every scored subject reach the mark, i.e. we ask
    for min(6, number of scored subjects). Read literally, such a pupil could never
    be Đạt, which cannot be the circular's intent.
    """
    return min(SUBJECTS_COUNTED, scored_subjects)


def learning_result(
    scored: Mapping[str, Decimal | None], comment: Mapping[str, str | None]
) -> str | None:
    """Kết quả học tập of a semester or year: "T", "K", "D" or "CD" (TT 22/2021
    Điều 9 khoản 2, adjusted by khoản 3); None while a mark is missing.

    `scored` maps each scored subject to its ĐTBmhk (ĐTBmcn for the year), `comment`
    each comment subject to its verdict. Khoản 2 (see subjects_needed() for "06"):
    Tốt: every comment subject Đạt, every scored ≥ 6.5 and six ≥ 8.0. Khá: every
    comment subject Đạt, every scored ≥ 5.0 and six ≥ 6.5. Đạt: at most one comment
    subject Chưa đạt, six scored ≥ 5.0 and none below 3.5. Otherwise Chưa đạt.
    Khoản 3: see _level_but_for_one().
    """
    if any(v is None for v in (*scored.values(), *comment.values())):
        return None
    scores = [check_score(s) for s in scored.values()]
    failed = sum(_check_verdict(v) == NOT_PASSED for v in comment.values())
    level = _base_level(scores, failed)
    would_be = _level_but_for_one(scores, failed)
    if would_be is not None and _rank(would_be) - _rank(level) >= 2:
        return LEVELS[_rank(level) + 1]
    return level


def _base_level(scores: Sequence[Decimal], failed_comments: int) -> str:
    """The level of TT 22/2021 Điều 9 khoản 2, before the khoản 3 adjustment."""
    needed = subjects_needed(len(scores))
    for level, (floor, mark) in _UPPER_LEVELS.items():
        if (
            failed_comments == 0
            and min(scores, default=MAX_SCORE) >= floor
            and _at_least(scores, mark) >= needed
        ):
            return level
    if (
        failed_comments <= 1
        and _at_least(scores, PASS_MARK) >= needed
        and min(scores, default=MAX_SCORE) >= PASS_FLOOR
    ):
        return PASS
    return FAIL


def _level_but_for_one(scores: Sequence[Decimal], failed_comments: int) -> str | None:
    """The level of Điều 9 khoản 2 điểm a or b (Tốt or Khá) the pupil would reach
    "chỉ do kết quả đánh giá của duy nhất 01 môn học" (TT 22/2021 Điều 9 khoản 3).

    Our reading: the pupil meets that level's "six subjects" condition, and exactly
    one subject blocks it: one scored subject below the level's floor (6.5 or 5.0)
    or one comment subject Chưa đạt, every other subject meeting the level. A result
    two or more levels below it is raised "lên mức liền kề", to the level next
    above the one it reached (as TT 58/2011 Điều 13 khoản 3 did): Tốt but for one
    subject at 4.0 is Khá instead of Đạt, but for one at 3.0 Đạt instead of Chưa đạt.
    """
    needed = subjects_needed(len(scores))
    for level, (floor, mark) in _UPPER_LEVELS.items():
        blocking = failed_comments + sum(s < floor for s in scores)
        if blocking == 1 and _at_least(scores, mark) >= needed:
            return level
    return None


def year_conduct(s1: str | None, s2: str | None) -> str | None:
    """Kết quả rèn luyện of the year from the two semesters (TT 22/2021 Điều 8
    khoản 2); None while either is missing.

    Tốt: II Tốt and I at least Khá. Khá: II Khá and I at least Đạt; II Đạt and I Tốt;
    II Tốt and I Đạt or Chưa đạt. Đạt: II Đạt and I Khá, Đạt or Chưa đạt; II Khá and
    I Chưa đạt. Chưa đạt otherwise (II Chưa đạt).
    """
    if s1 is None or s2 is None:
        return None
    first, second = _rank(s1), _rank(s2)
    if second == _rank(FAIL):
        return FAIL
    if s2 == GOOD:
        return GOOD if first >= _rank(FAIR) else FAIR
    if s2 == FAIR:
        return FAIR if first >= _rank(PASS) else PASS
    return FAIR if s1 == GOOD else PASS


def _at_least(scores: Iterable[Decimal], mark: Decimal) -> int:
    return sum(s >= mark for s in scores)


def _rank(level: str) -> int:
    if level not in LEVELS:
        raise ValueError(f"Mức đánh giá không hợp lệ: {level!r}")
    return LEVELS.index(level)


def _check_verdict(verdict: str) -> str:
    if verdict not in VERDICTS:
        raise ValueError(f"Nhận xét phải là Đạt hoặc Chưa đạt: {verdict!r}")
    return verdict
