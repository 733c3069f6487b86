"""The end of the secondary-school year by TT 22/2021: promotion, summer training,
re-tests and awards."""

from decimal import Decimal

import pytest

from smasweb.services.assessment.tt22_decisions import (
    AWARD_LABELS,
    DECISION_LABELS,
    MAX_ABSENCES,
    Decision,
    award,
    learning_after_retest,
    retest_subjects,
    year_decision,
)


def scored(*values: str) -> dict[str, Decimal]:
    return {f"m{i}": Decimal(v) for i, v in enumerate(values, 1)}


def test_45_absences_still_promote_46_do_not():
    assert MAX_ABSENCES == 45
    assert year_decision("K", "K", 45) is Decision.PROMOTED
    assert year_decision("T", "T", 46) is Decision.REPEAT


def test_too_many_absences_repeat_without_a_summer_step():
    assert year_decision("CD", "CD", 46) is Decision.REPEAT
    assert year_decision("D", "CD", 46) is Decision.REPEAT


def test_pass_in_both_promotes():
    assert year_decision("D", "D", 0) is Decision.PROMOTED
    assert year_decision("D", "D", 0).final


def test_learning_failed_goes_to_the_retest_and_then_decides():
    assert year_decision("D", "CD", 3) is Decision.RETEST
    assert not Decision.RETEST.final
    assert year_decision("D", "CD", 3, retest_learning="D") is Decision.PROMOTED
    assert year_decision("D", "CD", 3, retest_learning="CD") is Decision.REPEAT


def test_conduct_failed_goes_to_summer_training_and_then_decides():
    assert year_decision("CD", "K", 0) is Decision.SUMMER_TRAINING
    assert year_decision("CD", "K", 0, summer_conduct="D") is Decision.PROMOTED
    assert year_decision("CD", "K", 0, summer_conduct="CD") is Decision.REPEAT


def test_both_failed_train_first_then_retest():
    assert year_decision("CD", "CD", 0) is Decision.SUMMER_TRAINING
    assert year_decision("CD", "CD", 0, summer_conduct="D") is Decision.RETEST
    assert (
        year_decision("CD", "CD", 0, retest_learning="D", summer_conduct="D")
        is Decision.PROMOTED
    )
    assert (
        year_decision("CD", "CD", 0, retest_learning="D", summer_conduct="CD")
        is Decision.REPEAT
    )


def test_summer_results_are_ignored_for_a_result_that_had_passed():
    assert year_decision("K", "K", 0, "CD", "CD") is Decision.PROMOTED


def test_decision_refuses_nonsense():
    with pytest.raises(ValueError, match="âm"):
        year_decision("T", "T", -1)
    with pytest.raises(ValueError, match="Mức đánh giá"):
        year_decision("Tốt", "T", 0)


def test_retest_subjects_are_those_below_5_and_comment_failures():
    year = {"Toán": Decimal("4.9"), "Văn": Decimal("5.0"), "Anh": Decimal("3.2")}
    comments = {"GDTC": "CD", "HĐTN": "D"}
    assert retest_subjects(year, comments) == ("Toán", "Anh", "GDTC")


def test_retest_marks_replace_the_year_results():
    year = {**scored(*("6.5",) * 6), "Toán": Decimal("4.0"), "Anh": Decimal("3.0")}
    comments = {"GDTC": "CD", "HĐTN": "D"}
    assert (
        learning_after_retest(
            year, comments, {"Toán": Decimal("5.0"), "Anh": Decimal("5.5")}, {}
        )
        is None  # the comment subject is still to be re-tested
    )
    after = learning_after_retest(
        year,
        comments,
        {"Toán": Decimal("5.0"), "Anh": Decimal("5.5")},
        {"GDTC": "D"},
    )
    assert after == "K"
    still_low = learning_after_retest(
        year,
        comments,
        {"Toán": Decimal("4.5"), "Anh": Decimal("3.4")},
        {"GDTC": "D"},
    )
    assert still_low == "CD"
    # One subject left at 3.4 drags Khá two levels down: adjusted to Đạt.
    one_low = learning_after_retest(
        year,
        comments,
        {"Toán": Decimal("5.0"), "Anh": Decimal("3.4")},
        {"GDTC": "D"},
    )
    assert one_low == "D"


def test_a_retest_mark_for_a_passed_subject_is_refused():
    with pytest.raises(ValueError, match="kiểm tra lại"):
        learning_after_retest(scored("4.0", "8.0"), {}, {"m2": Decimal("9.0")}, {})


def test_excellent_needs_six_subjects_at_9():
    assert award("T", "T", scored(*("9.0",) * 6, "8.0", "8.0")) == "xuat_sac"
    assert award("T", "T", scored(*("9.0",) * 5, "8.9", "8.0", "8.0")) == "gioi"


def test_awards_need_good_conduct_and_good_learning():
    assert award("K", "T", scored(*("9.5",) * 8)) is None
    assert award("T", "K", scored(*("9.5",) * 8)) is None
    assert award("T", "T", scored(*("9.5",) * 4)) == "xuat_sac"


def test_every_decision_and_award_has_a_vietnamese_label():
    assert set(DECISION_LABELS) == set(Decision)
    assert DECISION_LABELS[Decision.REPEAT] == "Ở lại lớp"
    assert AWARD_LABELS == {"xuat_sac": "Học sinh Xuất sắc", "gioi": "Học sinh Giỏi"}
    assert Decision.PROMOTED == "len_lop"
