"""TT 31/2023 THCS graduation: every eligibility boundary (services/graduation/tt31)."""

from datetime import date

import pytest

from smasweb.services.graduation import tt31

YEAR = 2025  # school year 2025-2026: recognised in 2026
UP, RETEST, SUMMER, REPEAT = "len_lop", "kiem_tra_lai", "ren_luyen_he", "o_lai_lop"


def verdict(**kw) -> tt31.Verdict:
    args = dict(
        round_=1, programme=tt31.GDPT, birth_date=date(2011, 6, 1),
        school_year=YEAR, year_decision=UP,
    )  # fmt: skip
    return tt31.eligibility(**{**args, **kw})


@pytest.mark.parametrize(
    ("born", "eligible"),
    [
        (date(2005, 1, 1), True),  # 21 in 2026
        (date(2005, 12, 31), True),  # 21 by years, whatever the day
        (date(2004, 12, 31), False),  # 22
    ],
)
def test_general_programme_age_is_at_most_21_counted_by_years(born, eligible):
    v = verdict(birth_date=born)
    assert v.eligible is eligible
    assert v.reasons == (() if eligible else ("Quá 21 tuổi",))


@pytest.mark.parametrize(
    ("born", "eligible"),
    [(date(2011, 12, 31), True), (date(2012, 1, 1), False), (date(1990, 1, 1), True)],
)
def test_continuing_education_age_is_at_least_15(born, eligible):
    v = verdict(programme=tt31.GDTX, birth_date=born)
    assert v.eligible is eligible
    assert v.reasons == (() if eligible else ("Chưa đủ 15 tuổi",))


@pytest.mark.parametrize(
    ("decision", "reason"),
    [
        (UP, None),
        (REPEAT, "Chưa hoàn thành chương trình lớp 9: ở lại lớp"),
        (RETEST, "Chưa hoàn thành chương trình lớp 9: chờ kiểm tra lại"),
        (SUMMER, "Chưa hoàn thành chương trình lớp 9: chờ rèn luyện hè"),
        (None, "Chưa có kết quả cả năm"),
    ],
)
def test_round_one_reads_the_year_decision(decision, reason):
    v = verdict(year_decision=decision, after_decision=UP)  # "sau" ignored
    assert v.reasons == ((reason,) if reason else ())


@pytest.mark.parametrize(
    ("year_decision", "after", "reason"),
    [
        (RETEST, UP, None),
        (SUMMER, UP, None),
        (RETEST, REPEAT, "Chưa hoàn thành chương trình lớp 9: ở lại lớp"),
        (RETEST, None, "Chưa có kết quả sau kiểm tra lại, rèn luyện hè"),
        (UP, None, None),  # needed no summer step
        (REPEAT, None, "Chưa hoàn thành chương trình lớp 9: ở lại lớp"),
        (None, None, "Chưa có kết quả cả năm"),
    ],
)
def test_round_two_reads_the_decision_after_retest_or_summer(
    year_decision, after, reason
):
    v = verdict(round_=2, year_decision=year_decision, after_decision=after)
    assert v.reasons == ((reason,) if reason else ())


def test_an_incomplete_dossier_and_every_reason_together():
    assert verdict(dossier_complete=False).reasons == ("Hồ sơ chưa đầy đủ",)
    v = verdict(
        birth_date=date(2003, 1, 1), year_decision=REPEAT, dossier_complete=False
    )
    assert not v.eligible
    assert v.reason == (
        "Quá 21 tuổi; Chưa hoàn thành chương trình lớp 9: ở lại lớp; Hồ sơ chưa đầy đủ"
    )


def test_no_birth_date_and_a_third_round_are_refused():
    assert verdict(birth_date=None).reasons == ("Chưa có ngày sinh",)
    with pytest.raises(ValueError, match="round must be 1 or 2"):
        verdict(round_=3)
