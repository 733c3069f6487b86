"""The THPT graduation score (điểm xét tốt nghiệp, ĐXTN) and the pass rule, by the
regulation of the exam's year. Pure: Decimal in, Decimal out, no database.

Sources (domain-reference §3.4):
- Exams up to 2024 — Quy chế thi tốt nghiệp THPT, TT 15/2020/TT-BGDĐT Điều 41:
  four exams (Toán, Ngữ văn, Ngoại ngữ and one combined exam, KHTN = Vật lí, Hóa
  học, Sinh học or KHXH = Lịch sử, Địa lí, GDCD; GDTX candidates take Lịch sử and
  Địa lí only); the combined exam's score is the mean of its components.
  ĐXTN = [(tổng điểm 4 bài thi + điểm KK)/4 × 7 + ĐTB cả năm lớp 12 × 3] / 10
  + điểm ưu tiên.
- Exams from 2025 — TT 24/2024/TT-BGDĐT: four subjects (Toán, Ngữ văn and two
  chosen ones). ĐXTN = [(tổng điểm 4 bài thi + điểm KK)/4 × 5
  + (ĐTB lớp 10 × 1 + ĐTB lớp 11 × 2 + ĐTB lớp 12 × 3)/6 × 5] / 10 + điểm ưu tiên,
  i.e. 50 % exam average, 50 % the school years' weighted average.
- Both: the score has two decimals (rounded half up); the candidate passes when
  no exam (nor a component of the combined exam) scored ≤ 1.0 (điểm liệt) and
  ĐXTN ≥ 5.0.
"""

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

NEW_RULES_FROM = 2025  # the first exam year of TT 24/2024
FAIL_MARK = Decimal("1.0")  # a score ≤ this fails whatever the average
PASS_SCORE = Decimal("5.0")
CENT = Decimal("0.01")

SUBJECTS = {  # exam subject code → name (the import file's columns)
    "toan": "Toán",
    "ngu_van": "Ngữ văn",
    "ngoai_ngu": "Ngoại ngữ",
    "vat_li": "Vật lí",
    "hoa_hoc": "Hóa học",
    "sinh_hoc": "Sinh học",
    "lich_su": "Lịch sử",
    "dia_li": "Địa lí",
    "gdcd": "Giáo dục công dân",
    "gdktpl": "Giáo dục kinh tế và pháp luật",
    "tin_hoc": "Tin học",
    "cong_nghe": "Công nghệ",
}
# Up to 2024: the combined exams and their components (a GDTX candidate's KHXH
# has no GDCD)
COMBINED = {
    "KHTN": ("vat_li", "hoa_hoc", "sinh_hoc"),
    "KHXH": ("lich_su", "dia_li", "gdcd"),
}
GDTX_KHXH = ("lich_su", "dia_li")
OLD_CORE = ("toan", "ngu_van", "ngoai_ngu")
NEW_CORE = ("toan", "ngu_van")
NEW_ONLY = ("gdktpl", "tin_hoc", "cong_nghe")  # subjects first examined in 2025


def two_decimals(value: Decimal) -> Decimal:
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def shown(value: Decimal) -> str:
    """A score as the lists print it: "5,00"."""
    return f"{two_decimals(value):.2f}".replace(".", ",")


@dataclass(frozen=True)
class Exams:
    """The four exam scores that count, and every score the fail mark covers
    ({subject name: score})."""

    counted: tuple[Decimal, ...]
    checked: dict[str, Decimal]


def exam_set(exam_year: int, scores: Mapping[str, Decimal]) -> Exams:
    """The candidate's four exams by the rules of `exam_year` ({code: score} of the
    subjects taken). Raises ValueError (Vietnamese) for a set the year's rules do
    not allow."""
    taken = {c: s for c, s in scores.items() if s is not None}
    checked = {SUBJECTS[c]: s for c, s in taken.items()}
    if exam_year >= NEW_RULES_FROM:
        chosen = [c for c in taken if c not in NEW_CORE]
        if any(c not in taken for c in NEW_CORE) or len(chosen) != 2:
            raise ValueError(
                "Từ năm 2025 thí sinh thi đúng 4 môn: Toán, Ngữ văn và 2 môn tự chọn."
            )
        return Exams(tuple(taken[c] for c in (*NEW_CORE, *chosen)), checked)
    if any(c in taken for c in NEW_ONLY) or any(c not in taken for c in OLD_CORE):
        raise ValueError(
            "Trước năm 2025 thí sinh thi Toán, Ngữ văn, Ngoại ngữ và một bài thi "
            "tổ hợp (KHTN hoặc KHXH)."
        )
    rest = set(taken) - set(OLD_CORE)
    groups = [g for g in (*COMBINED.values(), GDTX_KHXH) if set(g) == rest]
    if not groups:
        raise ValueError(
            "Bài thi tổ hợp phải đủ các môn thành phần: Vật lí, Hóa học, Sinh học "
            "(KHTN) hoặc Lịch sử, Địa lí, Giáo dục công dân (KHXH)."
        )
    parts = [taken[c] for c in groups[0]]
    combined = two_decimals(sum(parts, Decimal(0)) / len(parts))
    return Exams((*(taken[c] for c in OLD_CORE), combined), checked)


def school_average(exam_year: int, years: Mapping[int, Decimal]) -> Decimal:
    """The school part: ĐTB lớp 12 (up to 2024) or (lớp 10 + 2·lớp 11 + 3·lớp 12)/6
    (from 2025). `years`: {10: avg, 11: avg, 12: avg}; raises KeyError for a
    missing year the rule needs."""
    if exam_year < NEW_RULES_FROM:
        return years[12]
    return (years[10] + 2 * years[11] + 3 * years[12]) / 6


def needed_grades(exam_year: int) -> tuple[int, ...]:
    return (12,) if exam_year < NEW_RULES_FROM else (10, 11, 12)


def graduation_score(
    exam_year: int,
    exams: Exams,
    years: Mapping[int, Decimal],
    bonus: Decimal = Decimal(0),
    priority: Decimal = Decimal(0),
) -> Decimal:
    """ĐXTN, two decimals, rounded half up (see the module's sources)."""
    exam_avg = (sum(exams.counted, Decimal(0)) + bonus) / 4
    school = school_average(exam_year, years)
    if exam_year < NEW_RULES_FROM:
        raw = (exam_avg * 7 + school * 3) / 10
    else:
        raw = (exam_avg * 5 + school * 5) / 10
    return two_decimals(raw + priority)


@dataclass(frozen=True)
class Verdict:
    score: Decimal
    passed: bool
    reason: str  # why not, in Vietnamese ("" when passed)


def verdict(exams: Exams, score: Decimal) -> Verdict:
    """Đỗ when no score ≤ 1.0 and ĐXTN ≥ 5.0; else the reason(s)."""
    failing = [f"{n} ({shown(s)})" for n, s in exams.checked.items() if s <= FAIL_MARK]
    reasons = []
    if failing:
        reasons.append("Có điểm liệt (≤ 1,0): " + ", ".join(failing))
    if score < PASS_SCORE:
        reasons.append(f"Điểm xét tốt nghiệp {shown(score)} dưới 5,0")
    return Verdict(score, not reasons, "; ".join(reasons))
