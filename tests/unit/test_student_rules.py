"""Terms, the status derived from movements, the right age for a grade."""

from datetime import date
from types import SimpleNamespace as Move

from smasweb.services.students.rules import derive_status, right_age, term_of


def move(kind, day, term=None):
    return Move(kind=kind, on_date=day, term=term or term_of(day))


def test_terms():
    assert [term_of(date(2026, m, 1)) for m in (9, 12, 1, 5, 6, 8)] == [
        "1",
        "1",
        "2",
        "2",
        "he",
        "he",
    ]


def test_status_follows_the_latest_movement():
    assert derive_status([]) == ("01", True, None)
    came = move("transfer_in", date(2026, 10, 3))
    assert derive_status([came]) == ("02", True, date(2026, 10, 3))
    left = move("dropout", date(2027, 2, 10))
    assert derive_status([left, came]) == ("09", False, date(2027, 2, 10))
    back = move("return", date(2027, 3, 1))
    assert derive_status([came, left, back])[:2] == ("07", True)
    moved = move("class_change", date(2027, 4, 1))
    assert derive_status([came, left, back, moved])[:2] == ("07", True)
    away = move("transfer_out", date(2027, 7, 1))
    assert derive_status([came, away]) == ("11", False, date(2027, 7, 1))


def test_right_age():
    assert right_age("01") == 6
    assert right_age("12") == 17
    assert right_age("17") is None  # preschool
    assert right_age("13") is None  # GDTX
