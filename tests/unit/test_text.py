"""Vietnamese search keys and name order."""

import unicodedata

import pytest

from smasweb.text import clean_text, collation_key, fold, name_sort_key, person_name


def test_fold_ignores_diacritics_case_and_spacing():
    assert fold("  Trường THCS  Đồng Phú ") == "truong thcs dong phu"
    assert fold("Nguyễn Thị Ánh") == fold("nguyen thi anh")


def test_names_sort_by_given_name_then_family_and_middle_names():
    names = [
        "Nguyễn Văn Bình",
        "Trần Thị An",
        "Lê Văn An",
        "Phạm Đức Đạt",
        "Võ Thị Dung",
    ]
    assert sorted(names, key=name_sort_key) == [
        "Lê Văn An",
        "Trần Thị An",
        "Nguyễn Văn Bình",
        "Võ Thị Dung",
        "Phạm Đức Đạt",
    ]


def test_vietnamese_alphabet_order_not_byte_order():
    # a < ă < â, d < đ, o < ô < ơ, u < ư; tones only break ties.
    words = ["Ư", "Đ", "Ơ", "Â", "Ă", "A", "D", "Ô", "O", "U"]
    assert sorted(words, key=collation_key) == [
        "A",
        "Ă",
        "Â",
        "D",
        "Đ",
        "O",
        "Ô",
        "Ơ",
        "U",
        "Ư",
    ]
    assert sorted(["Ánh", "Anh", "Ảnh"], key=collation_key) == ["Anh", "Ảnh", "Ánh"]


def test_collation_key_is_digits_only_so_any_database_collation_agrees():
    assert collation_key("Trường Tiểu học Phường 9").isdigit()


def test_decimals_use_vietnamese_separators_without_trailing_zeros():
    from decimal import Decimal

    from smasweb.text import vn_decimal

    assert vn_decimal(Decimal("1234.25")) == "1.234,25"
    assert vn_decimal(Decimal("48.50")) == "48,5"
    assert vn_decimal(Decimal("100")) == "100"
    assert vn_decimal(None) == ""


def test_clean_text_drops_control_characters_and_keeps_lines_only_if_asked():
    pasted = " \x00Lê\x1b Văn\x7f\x9b Tý\r\nlớp\t1A\u2028 "
    assert clean_text(pasted) == "Lê Văn Tý lớp 1A"
    assert clean_text(pasted, multiline=True) == "Lê Văn Tý\nlớp\t1A"
    assert clean_text("\x00\x1b \t") == "" and clean_text(None) is None


def test_clean_text_composes_vietnamese_letters_nfc():
    decomposed = "Nguye\u0302\u0303n Thi\u0323 A\u0301nh"
    assert clean_text(decomposed) == "Nguyễn Thị Ánh"
    assert len(clean_text(decomposed)) == len("Nguyễn Thị Ánh")


def test_search_keys_carry_no_control_characters():
    assert fold("Lê\x00 Văn\x1b Tý") == "le van ty"


def test_numbers_use_a_dot_for_thousands_and_print_no_value_as_zero():
    from smasweb.text import vn_number

    shown = [vn_number(v) for v in (0, None, 7, 1234, 215_004)]
    assert shown == ["0", "0", "7", "1.234", "215.004"]


def test_dates_read_dd_mm_yyyy_and_moments_in_vietnam_time():
    from datetime import UTC, date, datetime

    from smasweb.text import vn_date

    assert vn_date(date(2026, 9, 5)) == "05/09/2026"
    assert vn_date(None) == ""
    # 17:30 UTC is 00:30 the next day in Vietnam (UTC+7); naive means UTC.
    assert vn_date(datetime(2026, 12, 31, 17, 30, tzinfo=UTC)) == "01/01/2027 00:30"
    assert vn_date(datetime(2026, 12, 31, 17, 30)) == "01/01/2027 00:30"


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("nguyễn thị  mai anh", "Nguyễn Thị Mai Anh"),
        ("ĐẶNG VĂN A", "Đặng Văn A"),
        ("  đỗ\tánh  ", "Đỗ Ánh"),
        ("ÂU DƯƠNG ƯNG", "Âu Dương Ưng"),
        ("nguye\u0302\u0303n văn ớt", "Nguyễn Văn Ớt"),  # decomposed (NFD) input
        ("h'hen niê", "H'Hen Niê"),  # Ê Đê names: a part after the apostrophe
        ("lê-văn bình", "Lê-Văn Bình"),
    ],
)
def test_person_names_are_written_the_vietnamese_way(typed, stored):
    name = person_name(typed)
    assert name == stored
    assert name == unicodedata.normalize("NFC", name)


def test_no_person_name_is_none():
    assert person_name(None) is None
    assert person_name("   ") is None
