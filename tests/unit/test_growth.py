"""WHO 2006 z-scores and the classification thresholds, against WHO's published tables."""

from datetime import date
from decimal import Decimal

import pytest

from smasweb.services.health import growth
from smasweb.services.health.records import HEIGHT, WEIGHT, parse_measure

BOY_2Y = date(2022, 9, 1), date(2024, 9, 1)  # exactly 24 months
GIRL_3Y = date(2021, 9, 1), date(2024, 9, 1)  # exactly 36 months


def test_age_in_completed_months():
    assert growth.age_in_months(date(2021, 9, 15), date(2024, 9, 14)) == 35
    assert growth.age_in_months(date(2021, 9, 15), date(2024, 9, 15)) == 36
    assert growth.age_in_months(date(2020, 1, 31), date(2020, 2, 29)) == 0


@pytest.mark.parametrize(
    ("weight", "expected"),
    [("12.2", 0), ("9.7", -2), ("15.3", 2), ("8.6", -3)],  # WHO WFA boys, 24 months
)
def test_weight_for_age_of_a_boy_of_24_months_matches_the_who_table(weight, expected):
    z = growth.scores("01", *BOY_2Y, Decimal(weight), 87.1).waz
    assert abs(z - expected) < Decimal("0.05")


@pytest.mark.parametrize(
    ("height", "expected"),
    [("95.1", 0), ("87.4", -2), ("102.7", 2)],  # WHO HFA girls, 36 months
)
def test_height_for_age_of_a_girl_of_36_months_matches_the_who_table(height, expected):
    z = growth.scores("02", *GIRL_3Y, 14, Decimal(height)).haz
    assert abs(z - expected) < Decimal("0.05")


@pytest.mark.parametrize(
    ("weight", "expected"),
    [("12.1", -3), ("13.1", -2), ("15.4", 0), ("18.2", 2), ("19.9", 3)],
)
def test_weight_for_height_of_a_boy_of_100_cm_matches_the_who_table(weight, expected):
    # WHO weight-for-height boys 2–5 years, 100.0 cm (the child is 36 months old)
    z = growth.scores("01", *GIRL_3Y, Decimal(weight), Decimal("100")).whz
    assert abs(z - expected) < Decimal("0.06")


def test_the_standard_ends_at_60_months():
    s = growth.scores("01", date(2019, 1, 1), date(2024, 9, 1), 18, 110)
    assert s.age_months > 60 and (s.waz, s.haz, s.whz) == (None, None, None)


@pytest.mark.parametrize(
    ("z", "found"),
    [
        ((-2.01, 0, 0), ["underweight"]),
        ((-2, -2, -2), []),  # the cut-off itself is normal
        ((0, -2.5, 0), ["stunted"]),
        ((0, 0, -2.1), ["wasted"]),
        ((0, 0, 2.01), ["overweight"]),
        ((0, 0, 3), ["overweight"]),
        ((0, 0, 3.01), ["obese"]),
        ((-3, -3, 0), ["underweight", "stunted"]),
    ],
)
def test_classification_thresholds(z, found):
    assert growth.findings(*(Decimal(str(v)) for v in z)) == found


def test_weight_curves_are_the_who_sd_lines():
    curves = dict(growth.weight_curves("01")[-2])
    assert abs(curves[24] - 9.7) < 0.05
    assert abs(dict(growth.weight_curves("02")[0])[36] - 13.9) < 0.05


def test_measures_accept_the_decimal_comma_and_refuse_nonsense():
    assert parse_measure("12,5", WEIGHT, "kg") == Decimal("12.5")
    assert parse_measure(" 98.4 ", HEIGHT, "cm") == Decimal("98.4")
    assert parse_measure("", WEIGHT, "kg") is None
    for bad in ("12,5,1", "abc", "1e3", "-3"):
        with pytest.raises(ValueError, match="Không phải số"):
            parse_measure(bad, WEIGHT, "kg")
    with pytest.raises(ValueError, match="Phải từ 1,5 đến 45 kg"):
        parse_measure("125", WEIGHT, "kg")
    with pytest.raises(ValueError, match="Phải từ 40 đến 135 cm"):
        parse_measure("8,65", HEIGHT, "cm")


def test_implausible_z_scores_point_at_the_cell_to_check():
    boy = date(2022, 9, 1), date(2026, 9, 1)  # 48 months
    assert growth.implausible(growth.scores("01", *boy, Decimal("16.3"), 103)) == []
    assert growth.implausible(growth.scores("01", *boy, Decimal("61.5"), 103)) == [
        "weight"
    ]
    assert "height" in growth.implausible(growth.scores("01", *boy, 16, 55))
