"""Personal ID checks, the training standard and age bands."""

from datetime import date

import pytest

from smasweb.services.staff_rules import (
    age_band,
    age_on,
    check_personal_id,
    training_standard,
)


@pytest.mark.parametrize(
    ("pid", "gender", "birth", "error"),
    [
        ("086085001234", "01", date(1985, 3, 2), None),  # man born 1985, Vĩnh Long
        ("086085001234", "02", date(1985, 3, 2), "phải là 1"),
        ("086390001234", "02", date(1990, 1, 1), "phải là 1"),  # '3' is 2000s female
        ("086101001234", "02", date(2001, 1, 1), "phải là 3"),
        ("086290001234", "01", date(2001, 1, 1), "(90) phải là hai số cuối"),
        ("086185", "01", None, "đúng 12 chữ số"),
        ("08618500123a", "01", None, "đúng 12 chữ số"),
        ("003185001234", "01", None, "mã tỉnh"),  # 003 is no province
        ("186185001234", "01", None, "mã tỉnh"),
        ("079300123456", "02", date(2000, 12, 31), None),
    ],
)
def test_personal_id(pid, gender, birth, error):
    result = check_personal_id(pid, gender, birth)
    assert result is None if error is None else error in result


@pytest.mark.parametrize(
    ("group", "level", "qualification", "standard"),
    [
        ("03", "01", "17", "01"),  # preschool teacher with CĐSP: meets
        ("03", "01", "18", "03"),  # TCSP: below
        ("03", "01", "16", "02"),  # ĐHSP: above for preschool
        ("03", "02", "16", "01"),  # primary with ĐHSP: meets
        ("03", "02", "17", "03"),
        ("03", "03", "03", "03"),  # a bachelor without pedagogy: below
        ("03", "03", "13", "01"),  # with the pedagogy certificate: meets
        ("01", "04", "02", "02"),  # a principal with a master's: above
        ("02", "02", "03", None),  # employees are not measured
        ("03", None, "16", None),
    ],
)
def test_training_standard(group, level, qualification, standard):
    assert training_standard(group, level, qualification) == standard


def test_age_bands():
    assert age_on(date(1996, 9, 6), date(2026, 9, 5)) == 29
    assert age_on(date(1996, 9, 5), date(2026, 9, 5)) == 30
    assert [age_band(a) for a in (19, 20, 29, 30, 54, 55, 59, 60, 65)] == [
        None,
        0,
        0,
        1,
        3,
        4,
        4,
        5,
        5,
    ]
