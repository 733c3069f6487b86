"""Random pupils through the assessment engine and through a second implementation
written here another way (sorted k-th best marks instead of counts, lifting one
subject instead of counting blockers, literal tables, fractions instead of Decimal),
so that a slip in either one shows up as a disagreement.
"""

import math
import random
from decimal import Decimal
from fractions import Fraction

import pytest

from smasweb.services.assessment import tt22, tt27
from smasweb.services.assessment.tt22_decisions import award, year_decision

SEEDS = (20210720, 5092021, 86)
PUPILS = 1500
LEVEL_NAMES = ("CD", "D", "K", "T")  # index = rank
# Marks on and around every threshold of the circular, drawn more often than others.
NEAR_THRESHOLDS = (3.4, 3.5, 4.9, 5.0, 6.4, 6.5, 7.9, 8.0, 8.9, 9.0)


def ref_round(value: Fraction) -> Fraction:
    """One decimal, half up, on exact fractions."""
    return Fraction(math.floor(value * 10 + Fraction(1, 2)), 10)


def ref_base(scores: list[Fraction], comments: list[str]) -> int:
    """Art. 9 cl. 2 by the k-th best mark: "six subjects reach m" is "the sixth best
    reaches m" (the n-th best with n < 6 subjects)."""
    best = sorted(scores, reverse=True)
    kth = best[min(6, len(best)) - 1]
    lowest = best[-1]
    failed = comments.count("CD")
    if not failed and lowest >= Fraction(13, 2) and kth >= 8:
        return 3
    if not failed and lowest >= 5 and kth >= Fraction(13, 2):
        return 2
    if failed <= 1 and lowest >= Fraction(7, 2) and kth >= 5:
        return 1
    return 0


def ref_learning(scores: list[Fraction], comments: list[str]) -> str:
    """Art. 9 cl. 3 by lifting: the level reachable if one subject alone were
    raised just to the level's floor (a comment subject to Đạt)."""
    level = ref_base(scores, comments)
    reachable = [0]
    for target, floor in ((3, Fraction(13, 2)), (2, Fraction(5))):
        for i, s in enumerate(scores):
            lifted = [*scores[:i], max(s, floor), *scores[i + 1 :]]
            if ref_base(lifted, comments) >= target:
                reachable.append(target)
        for j, v in enumerate(comments):
            lifted_comments = [*comments[:j], "D", *comments[j + 1 :]]
            if v == "CD" and ref_base(scores, lifted_comments) >= target:
                reachable.append(target)
    if max(reachable) - level >= 2:
        level += 1
    return LEVEL_NAMES[level]


REF_CONDUCT = {  # (semester I, semester II) -> year, Art. 8 cl. 2 written out
    **{(s1, "T"): "T" for s1 in ("T", "K")},
    **{(s1, "T"): "K" for s1 in ("D", "CD")},
    **{(s1, "K"): "K" for s1 in ("T", "K", "D")},
    ("CD", "K"): "D",
    ("T", "D"): "K",
    **{(s1, "D"): "D" for s1 in ("K", "D", "CD")},
    **{(s1, "CD"): "CD" for s1 in LEVEL_NAMES},
}


def ref_decision(conduct, learning, absences, retest, summer) -> str:
    if absences > 45:
        return "o_lai_lop"
    conduct_now = summer if conduct == "CD" else conduct
    if conduct_now is None:
        return "ren_luyen_he"
    learning_now = retest if learning == "CD" else learning
    if conduct_now != "CD" and learning_now is None:
        return "kiem_tra_lai"
    return "len_lop" if "CD" not in (conduct_now, learning_now) else "o_lai_lop"


def ref_award(conduct, learning, scores: list[Fraction]) -> str | None:
    if (conduct, learning) != ("T", "T"):
        return None
    best = sorted(scores, reverse=True)
    return "xuat_sac" if best[min(6, len(best)) - 1] >= 9 else "gioi"


def ref_tt27(subjects, traits, tests) -> str:
    rules = (
        ("HTXS", {"T"}, {"T"}, 9),
        ("HTT", {"T"}, {"T"}, 7),
        ("HT", {"T", "H"}, {"T", "D"}, 5),
    )
    for result, subject_ok, trait_ok, lowest in rules:
        if (
            set(subjects) <= subject_ok
            and set(traits) <= trait_ok
            and all(t >= lowest for t in tests)
        ):
            return result
    return "CHT"


def random_mark(rng: random.Random) -> Decimal:
    if rng.random() < 0.4:
        return Decimal(str(rng.choice(NEAR_THRESHOLDS)))
    return Decimal(rng.randint(0, 100)).scaleb(-1)


def random_scores(rng: random.Random) -> list[Decimal]:
    count = rng.choice((1, 3, 5, 6, 7, 8, 8, 8, 9))
    centre = rng.uniform(3, 10)
    return [
        min(Decimal("10.0"), max(Decimal("0.0"), round(Decimal(centre), 1) + m))
        if rng.random() < 0.7
        else random_mark(rng)
        for m in (Decimal(rng.randint(-15, 15)).scaleb(-1) for _ in range(count))
    ]


@pytest.mark.parametrize("seed", SEEDS)
def test_tt22_year_agrees_with_a_second_implementation(seed):
    rng = random.Random(seed)
    seen_decisions, adjusted = set(), 0
    for _ in range(PUPILS):
        scores = random_scores(rng)
        comments = [
            "CD" if rng.random() < 0.12 else "D" for _ in range(rng.randint(0, 4))
        ]
        named = {f"m{i}": s for i, s in enumerate(scores)}
        learning = tt22.learning_result(named, dict(enumerate(comments)))
        fractions = [Fraction(s) for s in scores]
        assert learning == ref_learning(fractions, comments), (scores, comments)
        adjusted += learning != LEVEL_NAMES[ref_base(fractions, comments)]

        s1, s2 = rng.choice(LEVEL_NAMES), rng.choice(LEVEL_NAMES)
        conduct = tt22.year_conduct(s1, s2)
        assert conduct == REF_CONDUCT[(s1, s2)]

        absences = rng.choice((0, 12, 44, 45, 46, 60))
        retest = rng.choice((None, *LEVEL_NAMES))
        summer = rng.choice((None, *LEVEL_NAMES))
        decision = year_decision(conduct, learning, absences, retest, summer)
        expected = ref_decision(conduct, learning, absences, retest, summer)
        assert decision == expected
        seen_decisions.add(decision)

        assert award(conduct, learning, named) == ref_award(
            conduct, learning, fractions
        )
    # the sample reaches every outcome and the adjustment rule, so it tests them
    assert seen_decisions == {"len_lop", "kiem_tra_lai", "ren_luyen_he", "o_lai_lop"}
    assert adjusted > 10


@pytest.mark.parametrize("seed", SEEDS)
def test_tt22_averages_agree_with_exact_fractions(seed):
    rng = random.Random(seed)
    for _ in range(PUPILS):
        regular = [random_mark(rng) for _ in range(rng.randint(2, 4))]
        mid, end = random_mark(rng), random_mark(rng)
        average = tt22.semester_average(regular, mid, end, 2)
        exact = (
            sum(map(Fraction, regular)) + 2 * Fraction(mid) + 3 * Fraction(end)
        ) / (len(regular) + 5)
        assert Fraction(average) == ref_round(exact)
        other = random_mark(rng)
        year = tt22.year_average(other, average)
        assert Fraction(year) == ref_round(
            (Fraction(other) + 2 * Fraction(average)) / 3
        )


@pytest.mark.parametrize("seed", SEEDS)
def test_tt27_year_result_agrees_with_a_rule_table(seed):
    rng = random.Random(seed)
    seen = set()
    for _ in range(PUPILS):
        good = rng.random() < 0.5  # half the pupils near the top levels
        subjects = [
            rng.choice("TTTTH" if good else "TTHHC") for _ in range(rng.randint(1, 10))
        ]
        traits = [rng.choice("TTTTD" if good else "TDDC") for _ in range(10)]
        tests = [rng.randint(6, 10) if good else rng.randint(0, 10) for _ in range(4)]
        result = tt27.year_result(
            dict(enumerate(subjects)),
            dict(enumerate(traits[:5])),
            dict(enumerate(traits[5:])),
            dict(enumerate(tests)),
        )
        assert result == ref_tt27(subjects, traits, tests)
        seen.add(result)
    assert seen == {"HTXS", "HTT", "HT", "CHT"}
