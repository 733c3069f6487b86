"""End of the year in secondary school by TT 22/2021/TT-BGDĐT (Điều 12–15):
promotion, summer training, re-tests and awards. Pure functions over tt22's codes.
"""

from collections.abc import Mapping
from decimal import Decimal
from enum import StrEnum

from smasweb.services.assessment.tt22 import (
    FAIL,
    GOOD,
    LEVELS,
    NOT_PASSED,
    PASS_MARK,
    check_score,
    learning_result,
    subjects_needed,
)

# Điều 12 khoản 1 điểm c: absences with or without leave, consecutive or not.
MAX_ABSENCES = 45
EXCELLENT_MARK = Decimal("9.0")


class Decision(StrEnum):
    """What the end of the year means for a pupil. The re-test and the summer
    training are steps still to come; the two others are final."""

    PROMOTED = "len_lop"
    RETEST = "kiem_tra_lai"
    SUMMER_TRAINING = "ren_luyen_he"
    REPEAT = "o_lai_lop"

    @property
    def final(self) -> bool:
        return self in (Decision.PROMOTED, Decision.REPEAT)


# For lớp 9 and 12, "lên lớp" is "hoàn thành chương trình" (Điều 12 khoản 1).
DECISION_LABELS = {
    Decision.PROMOTED: "Lên lớp",
    Decision.RETEST: "Kiểm tra, đánh giá lại trong kì nghỉ hè",
    Decision.SUMMER_TRAINING: "Rèn luyện trong kì nghỉ hè",
    Decision.REPEAT: "Ở lại lớp",
}

EXCELLENT, VERY_GOOD = "xuat_sac", "gioi"
AWARD_LABELS = {EXCELLENT: "Học sinh Xuất sắc", VERY_GOOD: "Học sinh Giỏi"}


def year_decision(
    conduct: str,
    learning: str,
    absences: int,
    retest_learning: str | None = None,
    summer_conduct: str | None = None,
) -> Decision:
    """Promotion, or the next step towards it (TT 22/2021 Điều 12, 13, 14).

    `conduct` and `learning` are the year results, `absences` the sessions missed.
    `summer_conduct` is the conduct re-assessed after summer training (Điều 13
    khoản 3; Chưa đạt when the tasks were not completed) and is read only when
    `conduct` is Chưa đạt; `retest_learning` is the learning result recomputed with
    the re-test marks (Điều 14, learning_after_retest()) and is read only when
    `learning` is Chưa đạt.

    Our reading of the three articles:
    - Điều 12 khoản 1: promoted with conduct and learning (each including its
      summer re-assessment) at least Đạt and at most 45 absences; khoản 3: every
      other pupil repeats the year.
    - More than 45 absences: repeats at once, since no summer step can change it.
    - Conduct Chưa đạt: summer training first (Điều 13 khoản 1), whatever the
      learning result. Its outcome replaces the year's conduct (khoản 3); still
      Chưa đạt → repeats.
    - Learning Chưa đạt with conduct (after the summer) at least Đạt: re-test
      (Điều 14). So a pupil with both Chưa đạt trains in the summer and, if that
      succeeds, is re-tested, as the Ministry answered (laodong.vn 1607256). Still
      Chưa đạt after the re-test → repeats.
    """
    _check_level(conduct)
    _check_level(learning)
    if absences < 0:
        raise ValueError(f"Số buổi nghỉ không thể âm: {absences}")
    if absences > MAX_ABSENCES:
        return Decision.REPEAT
    if conduct == FAIL:
        if summer_conduct is None:
            return Decision.SUMMER_TRAINING
        if _check_level(summer_conduct) == FAIL:
            return Decision.REPEAT
    if learning == FAIL:
        if retest_learning is None:
            return Decision.RETEST
        if _check_level(retest_learning) == FAIL:
            return Decision.REPEAT
    return Decision.PROMOTED


def retest_subjects(
    scored_year: Mapping[str, Decimal], comment_year: Mapping[str, str]
) -> tuple[str, ...]:
    """The subjects a pupil re-tests (TT 22/2021 Điều 14): scored subjects with
    ĐTBmcn below 5.0 and comment subjects Chưa đạt, in the order given."""
    low = [name for name, s in scored_year.items() if check_score(s) < PASS_MARK]
    failed = [name for name, v in comment_year.items() if v == NOT_PASSED]
    return (*low, *failed)


def learning_after_retest(
    scored_year: Mapping[str, Decimal],
    comment_year: Mapping[str, str],
    retest_scored: Mapping[str, Decimal | None],
    retest_comment: Mapping[str, str | None],
) -> str | None:
    """The year's learning result with the re-test marks in place of the year
    results of those subjects (TT 22/2021 Điều 14); None while a re-test mark is
    missing. A mark for a subject that is not to be re-tested is refused."""
    due = set(retest_subjects(scored_year, comment_year))
    extra = (set(retest_scored) | set(retest_comment)) - due
    if extra:
        raise ValueError(f"Môn không thuộc diện kiểm tra lại: {sorted(extra)}")
    if due - set(retest_scored) - set(retest_comment):
        return None
    return learning_result(
        {**scored_year, **retest_scored}, {**comment_year, **retest_comment}
    )


def award(
    conduct_year: str, learning_year: str, scored_year: Mapping[str, Decimal]
) -> str | None:
    """The year's title (TT 22/2021 Điều 15 khoản 1): "xuat_sac" (Học sinh Xuất
    sắc) for conduct Tốt, learning Tốt and six scored subjects with ĐTBmcn ≥ 9.0
    (fewer subjects: all of them, see tt22.subjects_needed()); "gioi" (Học sinh
    Giỏi) for conduct and learning Tốt; otherwise None."""
    _check_level(conduct_year)
    _check_level(learning_year)
    if conduct_year != GOOD or learning_year != GOOD:
        return None
    excellent = sum(check_score(s) >= EXCELLENT_MARK for s in scored_year.values())
    if excellent >= subjects_needed(len(scored_year)):
        return EXCELLENT
    return VERY_GOOD


def _check_level(level: str) -> str:
    if level not in LEVELS:
        raise ValueError(f"Mức đánh giá không hợp lệ: {level!r}")
    return level
