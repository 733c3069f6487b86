"""The THPT graduation score and pass rule at every boundary of both regulations
(TT 15/2020 Art. 41 up to 2024, TT 24/2024 from 2025), and random candidates
against an independent recount."""

from decimal import ROUND_HALF_UP, Decimal
from random import Random

import pytest

from smasweb.services.graduation import thpt_score as s

D = Decimal


def scores(**kw) -> dict:
    return {k: D(str(v)) for k, v in kw.items()}


NEW = scores(toan=6, ngu_van=6, lich_su=6, dia_li=6)
OLD = scores(toan=6, ngu_van=6, ngoai_ngu=6, lich_su=6, dia_li=6, gdcd=6)
YEARS = {10: D(6), 11: D(6), 12: D(6)}


ZERO = D(0)


def judge(year, marks, years=YEARS, bonus=ZERO, priority=ZERO):
    exams = s.exam_set(year, marks)
    return s.verdict(exams, s.graduation_score(year, exams, years, bonus, priority))


def test_2025_weights_exam_and_three_school_years_half_and_half():
    marks = scores(toan=8, ngu_van=7, tin_hoc=9, cong_nghe=4)  # mean 7
    years = {10: D(6), 11: D(7), 12: D(8)}  # (6 + 14 + 24) / 6 = 7.333…
    exams = s.exam_set(2025, marks)
    assert s.graduation_score(2025, exams, years) == D("7.17")  # 7.1666…
    assert s.graduation_score(2025, exams, years, D(1), D("0.25")) == D("7.54")


def test_2024_weights_exam_70_and_lop_12_30():
    marks = scores(toan=8, ngu_van=7, ngoai_ngu=6, vat_li=5, hoa_hoc=6, sinh_hoc=7)
    exams = s.exam_set(2024, marks)  # combined KHTN = 6 → exams mean 6.75
    assert exams.counted[-1] == D("6.00")
    years = {12: D("7.5")}  # lớp 10, 11 do not count before 2025
    assert s.graduation_score(2024, exams, years) == D("6.98")  # 6.975 half up
    assert s.graduation_score(2025, s.exam_set(2025, scores(
        toan=8, ngu_van=7, vat_li=5, hoa_hoc=6)), {10: D(0), 11: D(0), 12: D("7.5")}
    ) == D("5.13")  # (6.5 + 3.75) / 2 = 5.125  # fmt: skip


@pytest.mark.parametrize(("year", "marks"), [(2025, NEW), (2024, OLD)])
def test_a_subject_at_1_0_fails_whatever_the_score(year, marks):
    failing = {**marks, "toan": D("1.0")}
    high = {g: D(10) for g in (10, 11, 12)}
    verdict = judge(year, failing, high, bonus=D(4), priority=D(1))
    assert verdict.score >= D(5) and not verdict.passed
    assert "Toán (1,00)" in verdict.reason
    assert judge(year, {**marks, "toan": D("1.25")}, high).passed


def test_a_component_of_the_combined_exam_at_1_0_fails_before_2025():
    verdict = judge(2024, {**OLD, "gdcd": D(1)}, {12: D(10)})
    assert not verdict.passed and "Giáo dục công dân (1,00)" in verdict.reason


@pytest.mark.parametrize("year", [2024, 2025])
def test_exactly_5_00_passes_and_4_99_fails(year):
    marks = NEW if year >= 2025 else OLD
    five = {g: D(5) for g in (10, 11, 12)}
    flat = {k: D(5) for k in marks}
    assert judge(year, flat, five) == s.Verdict(D("5.00"), True, "")
    below = judge(year, flat, five, priority=D("-0.01"))
    assert not below.passed and below.reason == "Điểm xét tốt nghiệp 4,99 dưới 5,0"


def test_the_score_rounds_half_up_to_two_decimals():
    # exam mean 5.0, school (5 + 2·5 + 3·5.01)/6 = 5.005 → 5.0025 → 5.00
    exams = s.exam_set(2025, scores(toan=5, ngu_van=5, lich_su=5, dia_li=5))
    assert s.graduation_score(2025, exams, {10: D(5), 11: D(5), 12: D("5.01")}) == D(
        "5.00"
    )
    # 4.995 rounds up to 5.00: passes
    exams = s.exam_set(2025, scores(toan=5, ngu_van=5, lich_su=5, dia_li="4.98"))
    assert s.graduation_score(2025, exams, {10: D(5), 11: D(5), 12: D(5)}) == D("5.00")


@pytest.mark.parametrize(
    ("year", "marks", "message"),
    [
        (2025, scores(toan=5, ngu_van=5, lich_su=5), "đúng 4 môn"),
        (2025, scores(ngu_van=5, ngoai_ngu=5, lich_su=5, dia_li=5), "đúng 4 môn"),
        (2024, scores(toan=5, ngu_van=5, ngoai_ngu=5, vat_li=5, hoa_hoc=5), "tổ hợp"),
        (2024, scores(toan=5, ngu_van=5, tin_hoc=5, lich_su=5, dia_li=5), "Trước năm"),
    ],
)
def test_an_exam_set_the_year_does_not_allow_is_refused(year, marks, message):
    with pytest.raises(ValueError, match=message):
        s.exam_set(year, marks)


def test_gdtx_khxh_has_history_and_geography_only():
    exams = s.exam_set(
        2024, scores(toan=5, ngu_van=5, ngoai_ngu=5, lich_su=6, dia_li=7)
    )
    assert exams.counted[-1] == D("6.50")


def _recount(year, marks, years, bonus, priority):
    """An independent recount in floats on hundredths (integers): no Decimal."""
    cents = {k: round(float(v) * 100) for k, v in marks.items()}
    if year >= 2025:
        four = sum(cents.values())
        school = (
            round(float(years[10]) * 100)
            + 2 * round(float(years[11]) * 100)
            + 3 * round(float(years[12]) * 100)
        )
        # ((four + bonus)/4 * 5 + school/6 * 5) / 10, in 1/2400 of a hundredth
        total = (four + round(float(bonus) * 100)) * 300 + school * 200
        total += round(float(priority) * 100) * 2400
        score = (2 * total + 2400) // 4800  # half up in hundredths
    else:
        core = cents["toan"] + cents["ngu_van"] + cents["ngoai_ngu"]
        parts = [
            v for k, v in cents.items() if k not in ("toan", "ngu_van", "ngoai_ngu")
        ]
        combined = (2 * sum(parts) + len(parts)) // (2 * len(parts))
        exam = core + combined + round(float(bonus) * 100)
        total = exam * 7 * 10 + round(float(years[12]) * 100) * 3 * 40
        total += round(float(priority) * 100) * 400  # in 1/400 of a hundredth
        score = (2 * total + 400) // 800
    failing = any(v <= 100 for v in cents.values())
    return D(score) / 100, not failing and score >= 500


def test_random_candidates_match_an_independent_recount():
    rng = Random(2025)  # noqa: S311 - test data
    quarter = [D(n) / 4 for n in range(41)]
    for _ in range(2000):
        year = rng.choice((2023, 2024, 2025, 2026))
        if year >= 2025:
            chosen = rng.sample(["ngoai_ngu", "vat_li", "lich_su", "tin_hoc"], 2)
            names = ["toan", "ngu_van", *chosen]
        else:
            names = [
                "toan",
                "ngu_van",
                "ngoai_ngu",
                *rng.choice(list(s.COMBINED.values())),
            ]
        marks = {n: rng.choice(quarter) for n in names}
        years = {g: D(rng.randrange(30, 100)) / 10 for g in (10, 11, 12)}
        bonus = D(rng.choice((0, 0, 1, 2))) / 2
        priority = rng.choice((D(0), D("0.25"), D("0.5")))
        got = judge(year, marks, years, bonus, priority)
        assert (got.score, got.passed) == _recount(year, marks, years, bonus, priority)


def test_half_up_is_decimal_rounding_not_bankers():
    assert s.two_decimals(D("4.995")) == D("5.00")
    assert D("4.995").quantize(D("0.01"), rounding=ROUND_HALF_UP) == D("5.00")
