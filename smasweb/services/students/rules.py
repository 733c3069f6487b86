"""Rules about pupils that need no database: the term of a day, the status a pupil's
movements give, the right age for a grade (pure functions shared by services,
imports, summaries and the demo)."""

from collections.abc import Iterable
from datetime import date

# kind of movement → status code per term ("1", "2", "he"), or None: status unchanged
STATUS_BY_MOVE = {
    "admission": {"1": "01", "2": "01", "he": "01"},
    "repeat": {"1": "01", "2": "01", "he": "01"},
    "transfer_in": {"1": "02", "2": "06", "he": "10"},
    "return": {"1": "03", "2": "07", "he": "03"},
    "transfer_out": {"1": "04", "2": "08", "he": "11"},
    "dropout": {"1": "05", "2": "09", "he": "12"},
    "class_change": None,
    "graduated": None,  # leaves, the status stays (see LEAVING)
}
# đầu cấp: the first grade of each level (lớp 1, 6, 10, GDTX 10) and every preschool
# group and class; a new pupil there is an intake (mới tuyển)
FIRST_GRADES = ("01", "06", "10", "13", "16", "17")
# after these the pupil is not in the school; "graduated" (ra trường, written by the
# year end's promotion) keeps the last status: CSDL ngành has no status code for it
LEAVING = ("transfer_out", "dropout", "graduated")
# status codes of pupils not in the school (chuyển đi, thôi học)
GONE = frozenset({"04", "05", "08", "09", "11", "12"})


def term_of(day: date) -> str:
    """Học kỳ 1 (September–December), 2 (January–May) or hè (June–August)."""
    if day.month >= 9:
        return "1"
    return "2" if day.month <= 5 else "he"


def derive_status(moves: Iterable) -> tuple[str, bool, date | None]:
    """(status code, still in the school, since) from a pupil's movements.

    Each movement has .kind, .on_date and .term; later ones win, class changes keep
    the status. A pupil without movements is "01 Đang học".
    """
    status, active, since = "01", True, None
    for move in sorted(moves, key=lambda m: (m.on_date, getattr(m, "id", 0) or 0)):
        codes = STATUS_BY_MOVE.get(move.kind)
        if codes is None and move.kind not in LEAVING:
            continue
        if codes is not None:
            status = codes[move.term or term_of(move.on_date)]
        active = move.kind not in LEAVING
        since = move.on_date
    return status, active, since


def grade_number(grade_code: str | None) -> int | None:
    """1–12 for the general-education grades of DM_KHOI (01–12), else None."""
    if grade_code and grade_code.isdigit() and 1 <= int(grade_code) <= 12:
        return int(grade_code)
    return None


def right_age(grade_code: str | None) -> int | None:
    """The right age for a general-education grade (6 in grade 1 … 17 in grade 12),
    counted as the summaries count it (the year the school year starts minus the birth
    year); None for preschool and GDTX, which have none."""
    grade = grade_number(grade_code)
    return None if grade is None else grade + 5
