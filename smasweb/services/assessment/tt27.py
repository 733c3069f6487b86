"""Primary-school assessment by TT 27/2020/TT-BGDĐT: the year's education result,
completion of the grade, and awards. Pure functions over short codes whose
Vietnamese names are in the *_LABELS dicts.
"""

from collections.abc import Mapping

# Subjects and educational activities (Điều 6 khoản 1).
SUBJECT_GOOD, SUBJECT_DONE, SUBJECT_NOT_DONE = "T", "H", "C"
SUBJECT_LEVELS = (SUBJECT_NOT_DONE, SUBJECT_DONE, SUBJECT_GOOD)
SUBJECT_LABELS = {
    SUBJECT_GOOD: "Hoàn thành tốt",
    SUBJECT_DONE: "Hoàn thành",
    SUBJECT_NOT_DONE: "Chưa hoàn thành",
}

# Qualities and competences (Điều 6 khoản 2).
TRAIT_GOOD, TRAIT_MET, TRAIT_TRY = "T", "D", "C"
TRAIT_LEVELS = (TRAIT_TRY, TRAIT_MET, TRAIT_GOOD)
TRAIT_LABELS = {TRAIT_GOOD: "Tốt", TRAIT_MET: "Đạt", TRAIT_TRY: "Cần cố gắng"}

EXCELLENT, GOOD, DONE, NOT_DONE = "HTXS", "HTT", "HT", "CHT"
RESULTS = (NOT_DONE, DONE, GOOD, EXCELLENT)
RESULT_LABELS = {
    EXCELLENT: "Hoàn thành xuất sắc",
    GOOD: "Hoàn thành tốt",
    DONE: "Hoàn thành",
    NOT_DONE: "Chưa hoàn thành",
}

MIN_TEST, MAX_TEST = 0, 10
LAST_GRADE = 5

# Điều 8 khoản 2, best level first: (result, lowest subject level, lowest quality
# or competence level, lowest end-of-year test score).
_RESULT_RULES = (
    (EXCELLENT, SUBJECT_GOOD, TRAIT_GOOD, 9),
    (GOOD, SUBJECT_GOOD, TRAIT_GOOD, 7),
    (DONE, SUBJECT_DONE, TRAIT_MET, 5),
)

AWARD_EXCELLENT, AWARD_OUTSTANDING = "xuat_sac", "tieu_bieu"
AWARD_LABELS = {
    AWARD_EXCELLENT: "Học sinh Xuất sắc",
    AWARD_OUTSTANDING: "Học sinh Tiêu biểu hoàn thành tốt trong học tập và rèn luyện",
}


def year_result(
    subject_levels: Mapping[str, str | None],
    qualities: Mapping[str, str | None],
    competences: Mapping[str, str | None],
    test_scores: Mapping[str, int | None],
) -> str | None:
    """The year's education result (TT 27/2020 Điều 8 khoản 2): "HTXS", "HTT",
    "HT" or "CHT"; None while a value is missing.

    `subject_levels` holds every subject and educational activity, `qualities` and
    `competences` their year levels, `test_scores` the end-of-year periodic test of
    each subject that has one (Điều 7). Our reading of the article:
    Hoàn thành xuất sắc: every subject Hoàn thành tốt, every quality and competence
    Tốt, every end-of-year test 9 or more. Hoàn thành tốt: the same with tests 7 or
    more. Hoàn thành: every subject at least Hoàn thành, every quality and
    competence at least Đạt, every test 5 or more. Chưa hoàn thành: the others.
    "Every" is over what is given: a pupil exempt from a subject simply has no
    entry for it.
    """
    values = (
        *subject_levels.values(),
        *qualities.values(),
        *competences.values(),
        *test_scores.values(),
    )
    if any(v is None for v in values):
        return None
    lowest_subject = min(
        (_rank(SUBJECT_LEVELS, v) for v in subject_levels.values()),
        default=len(SUBJECT_LEVELS) - 1,
    )
    traits = (*qualities.values(), *competences.values())
    lowest_trait = min(
        (_rank(TRAIT_LEVELS, v) for v in traits), default=len(TRAIT_LEVELS) - 1
    )
    lowest_test = min((_check_test(s) for s in test_scores.values()), default=MAX_TEST)
    for result, subject, trait, test in _RESULT_RULES:
        if (
            lowest_subject >= SUBJECT_LEVELS.index(subject)
            and lowest_trait >= TRAIT_LEVELS.index(trait)
            and lowest_test >= test
        ):
            return result
    return NOT_DONE


def completes_grade(result: str) -> bool:
    """Whether the pupil completes the grade's programme (TT 27/2020 Điều 11
    khoản 1): results Hoàn thành xuất sắc, Hoàn thành tốt and Hoàn thành do; for
    lớp 5 that is completing primary school (khoản 2)."""
    return _rank(RESULTS, result) >= RESULTS.index(DONE)


def completion_label(result: str, grade: int) -> str:
    """What the school record says (TT 27/2020 Điều 11): "Hoàn thành chương trình
    lớp học", for lớp 5 "Hoàn thành chương trình tiểu học", or "Chưa hoàn thành
    chương trình lớp học" (the pupil is then helped and assessed again, khoản 1)."""
    if not completes_grade(result):
        return "Chưa hoàn thành chương trình lớp học"
    if grade == LAST_GRADE:
        return "Hoàn thành chương trình tiểu học"
    return "Hoàn thành chương trình lớp học"


def award(result: str, outstanding: bool = False) -> str | None:
    """The principal's end-of-year award (TT 27/2020 Điều 15 khoản 1): "xuat_sac"
    (Học sinh Xuất sắc) for Hoàn thành xuất sắc; "tieu_bieu" (Học sinh Tiêu biểu
    hoàn thành tốt trong học tập và rèn luyện) for Hoàn thành tốt when the class
    recognised an outstanding subject or a clear progress in a quality or
    competence, which the teacher records as `outstanding`; otherwise None."""
    _rank(RESULTS, result)
    if result == EXCELLENT:
        return AWARD_EXCELLENT
    if result == GOOD and outstanding:
        return AWARD_OUTSTANDING
    return None


def _rank(levels: tuple[str, ...], value: str) -> int:
    if value not in levels:
        raise ValueError(f"Mức đánh giá không hợp lệ: {value!r}")
    return levels.index(value)


def _check_test(score: int) -> int:
    # Test scores are whole numbers (Điều 7); a bool is an int but no score.
    if not isinstance(score, int) or isinstance(score, bool):
        raise ValueError(f"Điểm kiểm tra phải là số nguyên: {score!r}")
    if not MIN_TEST <= score <= MAX_TEST:
        raise ValueError(f"Điểm kiểm tra phải từ 0 đến 10: {score}")
    return score
