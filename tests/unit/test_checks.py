"""The field checks every domain shares: what they accept, store and say."""

from datetime import date, timedelta
from decimal import Decimal

import pytest

from smasweb import clock
from smasweb.services import checks
from smasweb.services.errors import ValidationFailed


def refused(rule, *args, **kwargs) -> ValidationFailed:
    with pytest.raises(ValidationFailed) as exc:
        rule(*args, **kwargs)
    return exc.value


def test_required_trims_text_and_refuses_blank_values():
    assert checks.required("  Lê Văn Tý ", "full_name") == "Lê Văn Tý"
    assert checks.required(date(2026, 9, 5), "on_date") == date(2026, 9, 5)
    for blank in (None, "", "   "):
        error = refused(checks.required, blank, "full_name")
        assert (error.field, error.message) == ("full_name", "Bắt buộc nhập.")


def test_code_takes_codes_of_its_list_only():
    assert checks.code("genders", " 02 ", "gender") == "02"
    assert checks.code("genders", "", "gender") is None
    assert refused(checks.code, "genders", "", "gender", required=True).message == (
        "Bắt buộc nhập."
    )
    error = refused(checks.code, "genders", "99", "gender")
    assert (error.field, error.message) == (
        "gender",
        "Giá trị không có trong danh mục.",
    )


def test_codes_are_stored_sorted_once_each():
    assert checks.codes("genders", ["02", "01", "02", ""], "g") == "01,02"
    assert checks.codes("genders", [], "g") is None


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("0912345678", "0912345678"),  # Vinaphone mobile
        ("0912 345 678", "0912345678"),
        ("091.234.5678", "0912345678"),
        ("0386-123-456", "0386123456"),  # Viettel 03x since 2018
        ("0587 123 456", "0587123456"),  # Vietnamobile 05x
        ("+84 912 345 678", "0912345678"),  # country code instead of the 0
        ("02703823456", "02703823456"),  # Vĩnh Long landline, 0270
        ("(0270) 3823 456", "02703823456"),
        ("024 3825 1234", "02438251234"),  # Hà Nội, 024
        ("", None),
        (None, None),
    ],
)
def test_phone_accepts_vietnamese_numbers_as_digits(typed, stored):
    assert checks.phone(typed, "phone") == stored


@pytest.mark.parametrize(
    "typed",
    [
        "12345",
        "091234567",  # 9 digits
        "09123456789",  # a mobile with 11 digits
        "01234567890",  # the 01xx networks closed in 2019
        "0412345678",  # no 04x mobiles
        "0270382345",  # a landline needs 11 digits
        "+8402703823456",  # +84 and the 0 both
        "09123abc78",
    ],
)
def test_phone_refuses_other_numbers_with_one_message(typed):
    error = refused(checks.phone, typed, "father_phone")
    assert error.field == "father_phone"
    assert error.message == checks.PHONE_ERROR
    assert error.message.startswith("Số điện thoại không hợp lệ")


def test_email_is_stored_in_lower_case():
    assert checks.email(" Binh.TV@Example.edu.VN ") == "binh.tv@example.edu.vn"
    assert checks.email("") is None
    for bad in (
        "khong-phai-email",
        "a@b",
        "a@b.c",
        "a b@c.vn",
        "x@" + "a" * 120 + ".vn",
    ):
        error = refused(checks.email, bad, "email")
        assert error.message == "Địa chỉ thư điện tử không hợp lệ."


def test_text_squeezes_spaces_and_not_negative_bounds_numbers():
    assert checks.text("  Ấp   Phú  Hòa ") == "Ấp Phú Hòa"
    assert checks.text(" ") is None
    assert checks.not_negative(Decimal("0"), "area") == 0
    assert "âm" in refused(checks.not_negative, -1, "area").message
    assert "quá lớn" in refused(checks.not_negative, 10**9, "area").message
    assert checks.not_negative(9_999, "km", below=10_000) == 9_999


def test_past_date_refuses_tomorrow():
    today = clock.today()
    assert checks.past_date(today, "recruited_on") == today
    assert checks.past_date(None, "recruited_on") is None
    error = refused(checks.past_date, today + timedelta(days=1), "recruited_on")
    assert error.message == "Ngày này ở tương lai, hãy kiểm tra lại."


def test_age_counts_whole_years():
    assert checks.age_on(date(1996, 9, 6), date(2026, 9, 5)) == 29
    assert checks.age_on(date(1996, 9, 5), date(2026, 9, 5)) == 30
    assert checks.age_on(date(2000, 2, 29), date(2026, 2, 28)) == 25


def test_birth_date_keeps_the_age_within_the_range():
    child = date(clock.today().year - 11, 1, 1)
    age = checks.age_on(child, clock.today())
    assert checks.birth_date(child, "birth_date", ages=(2, 25), who="học sinh") == child
    error = refused(checks.birth_date, child, "birth_date", ages=(18, 70), who="cán bộ")
    assert error.message == (
        f"Tuổi tính đến hôm nay là {age}: cán bộ phải từ 18 đến 70 tuổi. "
        "Hãy kiểm tra ngày sinh."
    )
    assert refused(
        checks.birth_date, None, "birth_date", ages=(2, 25), who="học sinh"
    ).message == ("Bắt buộc nhập.")
