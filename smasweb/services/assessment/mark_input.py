"""A gradebook cell as typed and as shown: a score 0–10 with one decimal ("8,5"
and "8.5" both read, shown with a comma) or, for a comment-only subject, Đ / CĐ
("Đ", "D", "đ", "CĐ", "CD" all read). The rules themselves are tt22's."""

import re
from decimal import Decimal

from smasweb.services.assessment import tt22

NUMBER = re.compile(r"\d{1,2}(?:[.,]\d+)?")
NOT_A_SCORE = "Điểm là số từ 0 đến 10, một chữ số thập phân (ví dụ 8,5)."
NOT_A_VERDICT = "Chỉ nhập Đ (Đạt) hoặc CĐ (Chưa đạt)."
VERDICT_INPUT = {"Đ": tt22.PASSED, "D": tt22.PASSED, "CĐ": tt22.NOT_PASSED}
VERDICT_INPUT["CD"] = tt22.NOT_PASSED
VERDICT_SHOWN = {tt22.PASSED: "Đ", tt22.NOT_PASSED: "CĐ"}


class CellError(ValueError):
    """A cell that cannot be read; the message is for the user."""


def read_score(text: str) -> Decimal | None:
    """The score typed in a cell (None: empty). Raises CellError."""
    text = (text or "").strip()
    if not text:
        return None
    if NUMBER.fullmatch(text) is None:
        raise CellError(NOT_A_SCORE)
    try:
        return tt22.check_score(Decimal(text.replace(",", ".")))
    except ValueError as exc:  # the circular's bounds: say which, without the value
        raise CellError(str(exc).split(":")[0] + ".") from None


def read_verdict(text: str) -> str | None:
    """Đ / CĐ typed in a cell as tt22's code (None: empty). Raises CellError."""
    text = (text or "").strip().upper()
    if not text:
        return None
    if text not in VERDICT_INPUT:
        raise CellError(NOT_A_VERDICT)
    return VERDICT_INPUT[text]


def show_score(score: Decimal | None) -> str:
    return "" if score is None else f"{score:.1f}".replace(".", ",")


def show_verdict(verdict: str | None) -> str:
    return VERDICT_SHOWN.get(verdict or "", "")
