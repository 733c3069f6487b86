"""The 12-digit personal ID: which ones are valid and what the message says."""

from datetime import date

import pytest

from smasweb.services import personal_id
from smasweb.services.errors import ValidationFailed


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
def test_problem_names_what_is_wrong(pid, gender, birth, error):
    result = personal_id.problem(pid, gender, birth)
    assert result is None if error is None else error in result


def test_check_drops_spaces_and_keeps_empty_as_none():
    assert personal_id.check(" 0860 8500 1234 ", "01", date(1985, 3, 2)) == (
        "086085001234"
    )
    assert personal_id.check("  ", "01", None) is None
    assert personal_id.check(None, None, None) is None


def test_check_refuses_a_wrong_id_on_its_field():
    with pytest.raises(ValidationFailed) as exc:
        personal_id.check("086085001234", "02", date(1985, 3, 2))
    assert exc.value.field == "personal_id"
    assert "phải là 1" in exc.value.message
