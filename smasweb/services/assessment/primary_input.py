"""A primary gradebook cell as typed and as shown (TT 27/2020): the level T / H / C
(HTT, HT, CHT read too), the periodic test score, a whole number 0–10 (Điều 7),
and a short comment. The rules themselves are tt27's."""

import re

from smasweb.models.assessment import COMMENT_LENGTH
from smasweb.services.assessment import tt27
from smasweb.services.assessment.mark_input import CellError

LEVEL_INPUT = {
    "T": tt27.SUBJECT_GOOD,
    "HTT": tt27.SUBJECT_GOOD,
    "H": tt27.SUBJECT_DONE,
    "HT": tt27.SUBJECT_DONE,
    "C": tt27.SUBJECT_NOT_DONE,
    "CHT": tt27.SUBJECT_NOT_DONE,
}
NOT_A_LEVEL = "Chỉ nhập T (Hoàn thành tốt), H (Hoàn thành) hoặc C (Chưa hoàn thành)."
WHOLE = re.compile(r"\d{1,2}")
NOT_A_TEST = "Điểm kiểm tra là số nguyên từ 0 đến 10 (không có phần thập phân)."
OUT_OF_RANGE = f"Điểm kiểm tra phải từ {tt27.MIN_TEST} đến {tt27.MAX_TEST}."
TOO_LONG = f"Nhận xét dài tối đa {COMMENT_LENGTH} ký tự."

__all__ = ["CellError", "read_comment", "read_level", "read_test"]


def read_level(text: str) -> str | None:
    """T / H / C typed in a cell as tt27's code (None: empty). Raises CellError."""
    text = (text or "").strip().upper()
    if not text:
        return None
    if text not in LEVEL_INPUT:
        raise CellError(NOT_A_LEVEL)
    return LEVEL_INPUT[text]


def read_test(text: str) -> int | None:
    """A periodic test score (None: empty). Raises CellError."""
    text = (text or "").strip()
    if not text:
        return None
    if WHOLE.fullmatch(text) is None:
        raise CellError(NOT_A_TEST)
    score = int(text)
    if not tt27.MIN_TEST <= score <= tt27.MAX_TEST:
        raise CellError(OUT_OF_RANGE)
    return score


def read_comment(text: str) -> str | None:
    """A comment on one line (None: empty). Raises CellError."""
    text = " ".join((text or "").split())
    if len(text) > COMMENT_LENGTH:
        raise CellError(TOO_LONG)
    return text or None


def show_test(score: int | None) -> str:
    return "" if score is None else str(score)
