"""Secondary-school marks and levels by TT 22/2021: the rules at their boundaries."""

from decimal import Decimal

import pytest

from smasweb.services.assessment import tt22


def d(*values: str) -> list[Decimal]:
    return [Decimal(v) for v in values]


def scored(*values: str) -> dict[str, Decimal]:
    """Scored subjects named m1, m2, … with these year averages."""
    return {f"m{i}": v for i, v in enumerate(d(*values), 1)}


PASSED_COMMENTS = {"GDTC": "D", "Nghệ thuật": "D", "HĐTN": "D"}


@pytest.mark.parametrize(
    ("periods", "comment_only", "count"),
    [(35, False, 2), (36, False, 3), (70, False, 3), (71, False, 4), (140, True, 2)],
)
def test_regular_count_follows_the_periods_a_year(periods, comment_only, count):
    assert tt22.regular_count(periods, comment_only) == count


def test_semester_average_weights_mid_twice_and_end_three_times():
    # (7 + 8 + 2·6 + 3·9) / (2 + 5) = 54 / 7 = 7.714…
    assert tt22.semester_average(d("7", "8"), Decimal("6"), Decimal("9"), 2) == (
        Decimal("7.7")
    )


def test_semester_average_rounds_half_up():
    # (6 + 6.5 + 6.5 + 2·6.5 + 3·6.5) / 8 = 51.5 / 8 = 6.4375 → 6.4
    assert tt22.semester_average(d("6", "6.5", "6.5"), *d("6.5", "6.5"), 3) == (
        Decimal("6.4")
    )
    # (6 + 6.5 + 6.6 + 2·6.5 + 3·6.5) / 8 = 51.6 / 8 = 6.45 → 6.5, not 6.4
    assert tt22.semester_average(d("6", "6.5", "6.6"), *d("6.5", "6.5"), 3) == (
        Decimal("6.5")
    )


def test_semester_average_waits_for_every_required_mark():
    assert tt22.semester_average(d("7", "8"), None, Decimal("9"), 2) is None
    assert tt22.semester_average(d("7", "8"), Decimal("6"), None, 2) is None
    assert tt22.semester_average([Decimal("7"), None], *d("6", "9"), 2) is None
    assert tt22.semester_average(d("7", "8"), *d("6", "9"), 3) is None


def test_semester_average_counts_extra_regular_marks():
    # (10 + 10 + 10 + 2·4 + 3·4) / 8 = 50 / 8 = 6.25 → 6.3
    assert tt22.semester_average(d("10", "10", "10"), *d("4", "4"), 2) == (
        Decimal("6.3")
    )


@pytest.mark.parametrize("bad", ["10.5", "-1", "7.25"])
def test_a_mark_outside_the_scale_is_refused(bad):
    with pytest.raises(ValueError, match="Điểm"):
        tt22.semester_average(d(bad, "8"), *d("6", "9"), 2)


def test_year_average_weights_semester_two_twice():
    assert tt22.year_average(Decimal("6.0"), Decimal("7.0")) == Decimal("6.7")
    # (6.5 + 2·6.4) / 3 = 19.3 / 3 = 6.433… ; (6.4 + 2·6.5) / 3 = 6.466… → 6.5
    assert tt22.year_average(Decimal("6.5"), Decimal("6.4")) == Decimal("6.4")
    assert tt22.year_average(Decimal("6.4"), Decimal("6.5")) == Decimal("6.5")
    assert tt22.year_average(None, Decimal("6.5")) is None


def test_comment_semester_needs_every_assessment_passed():
    assert tt22.comment_semester(["D", "D"], 2) == "D"
    assert tt22.comment_semester(["D", "CD"], 2) == "CD"
    assert tt22.comment_semester(["D", None], 2) == "CD"
    assert tt22.comment_semester(["D", "D", "D"], 2) == "D"


def test_comment_year_is_semester_two():
    assert tt22.comment_year("CD", "D") == "D"
    assert tt22.comment_year("D", "CD") == "CD"
    assert tt22.comment_year("D", None) is None


def test_the_issues_example_six_subjects_at_8_make_good():
    five = scored("8.0", "8.0", "8.0", "8.0", "8.0", "6.5", "6.5", "6.5")
    six = scored("8.0", "8.0", "8.0", "8.0", "8.0", "8.0", "6.5", "6.5")
    assert tt22.learning_result(five, PASSED_COMMENTS) == "K"
    assert tt22.learning_result(six, PASSED_COMMENTS) == "T"


@pytest.mark.parametrize(
    ("marks", "level"),
    [
        (("8.0",) * 6 + ("6.5", "6.5"), "T"),
        (("8.0",) * 6 + ("6.5", "6.4"), "K"),  # 6.4 is below Tốt's floor
        (("8.0",) * 5 + ("7.9", "7.0", "7.0"), "K"),  # 7.9 is not 8.0
        (("6.5",) * 6 + ("5.0", "5.0"), "K"),
        (("6.5",) * 5 + ("6.4", "5.0", "5.0"), "D"),  # five at 6.5 only
        (("6.5",) * 6 + ("5.0", "4.9"), "D"),  # 4.9 is below Khá's floor
        (("5.0",) * 6 + ("3.5", "3.5"), "D"),
        (("5.0",) * 6 + ("3.5", "3.4"), "CD"),  # 3.4: none may be below 3.5
        (("5.0",) * 5 + ("4.9", "4.0", "4.0"), "CD"),  # five at 5.0 only
    ],
)
def test_learning_levels_at_their_boundaries(marks, level):
    assert tt22.learning_result(scored(*marks), PASSED_COMMENTS) == level


def test_one_comment_subject_failed_still_allows_pass_but_not_more():
    comments = {**PASSED_COMMENTS, "GDTC": "CD"}
    assert tt22.learning_result(scored(*("6.5",) * 8), comments) == "D"
    two_failed = {**comments, "HĐTN": "CD"}
    assert tt22.learning_result(scored(*("6.5",) * 8), two_failed) == "CD"


def test_one_subject_dragging_good_two_levels_down_lifts_it_one():
    # Every Tốt condition but one subject at 4.0: Đạt by the table, Khá adjusted.
    marks = scored(*("8.5",) * 7, "4.0")
    assert tt22.learning_result(marks, PASSED_COMMENTS) == "K"
    # Three levels down (3.0 < 3.5 makes it Chưa đạt): raised to the next level.
    marks = scored(*("8.5",) * 7, "3.0")
    assert tt22.learning_result(marks, PASSED_COMMENTS) == "D"


def test_one_subject_dragging_fair_two_levels_down_lifts_it_one():
    marks = scored(*("7.0",) * 7, "3.0")  # Khá but for 3.0 → Chưa đạt → Đạt
    assert tt22.learning_result(marks, PASSED_COMMENTS) == "D"


def test_one_failed_comment_subject_counts_as_the_one_subject():
    comments = {**PASSED_COMMENTS, "GDTC": "CD"}
    assert tt22.learning_result(scored(*("9.0",) * 8), comments) == "K"


def test_no_adjustment_for_a_drop_of_one_level():
    marks = scored(*("8.5",) * 7, "6.0")  # Tốt but for 6.0 → Khá
    assert tt22.learning_result(marks, PASSED_COMMENTS) == "K"


def test_no_adjustment_when_two_subjects_drag_the_level():
    marks = scored(*("8.5",) * 6, "4.0", "4.0")
    assert tt22.learning_result(marks, PASSED_COMMENTS) == "D"
    comments = {**PASSED_COMMENTS, "GDTC": "CD"}
    marks = scored(*("8.5",) * 7, "4.0")
    assert tt22.learning_result(marks, comments) == "D"


def test_no_adjustment_when_six_subjects_are_not_there_anyway():
    # Only five at 8.0: never Tốt, whatever the subject at 4.0 would have had.
    marks = scored(*("8.0",) * 5, "7.0", "7.0", "4.0")
    assert tt22.learning_result(marks, PASSED_COMMENTS) == "D"


def test_fewer_than_six_scored_subjects_must_all_reach_the_mark():
    assert tt22.learning_result(scored(*("8.0",) * 4), PASSED_COMMENTS) == "T"
    assert tt22.learning_result(scored(*("8.0",) * 3, "7.9"), {}) == "K"
    assert tt22.learning_result(scored("5.0", "4.9"), {}) == "CD"


def test_learning_result_waits_for_every_subject():
    assert tt22.learning_result({"Toán": None}, PASSED_COMMENTS) is None
    assert tt22.learning_result(scored("8.0"), {"GDTC": None}) is None


def test_learning_result_refuses_an_unknown_verdict():
    with pytest.raises(ValueError, match="Đạt hoặc Chưa đạt"):
        tt22.learning_result(scored("8.0"), {"GDTC": "K"})


@pytest.mark.parametrize(
    ("s1", "s2", "year"),
    [
        ("K", "T", "T"),
        ("D", "T", "K"),
        ("CD", "T", "K"),
        ("D", "K", "K"),
        ("CD", "K", "D"),
        ("T", "D", "K"),
        ("K", "D", "D"),
        ("CD", "D", "D"),
        ("T", "CD", "CD"),
    ],
)
def test_year_conduct_follows_semester_two_and_progress(s1, s2, year):
    assert tt22.year_conduct(s1, s2) == year


def test_year_conduct_waits_for_both_and_refuses_unknown_levels():
    assert tt22.year_conduct(None, "T") is None
    with pytest.raises(ValueError, match="Mức đánh giá"):
        tt22.year_conduct("G", "T")


def test_every_code_has_a_vietnamese_label():
    assert set(tt22.LEARNING_LABELS) == set(tt22.LEVELS) == set(tt22.CONDUCT_LABELS)
    assert tt22.LEARNING_LABELS["CD"] == "Chưa đạt"
    assert set(tt22.COMMENT_LABELS) == set(tt22.VERDICTS)
