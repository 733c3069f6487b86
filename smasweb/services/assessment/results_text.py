"""How the results pages and lists write the engine's codes in Vietnamese."""

from decimal import Decimal

from smasweb.services.assessment import primary_results, tt22, tt22_decisions, tt27

MISSING = "–"  # not computable yet (a mark or a level is missing)
VERDICT_SHORT = {tt22.PASSED: "Đ", tt22.NOT_PASSED: "CĐ"}
SUBJECT_SHORT = {
    tt27.SUBJECT_GOOD: "T",
    tt27.SUBJECT_DONE: "H",
    tt27.SUBJECT_NOT_DONE: "C",
}
# A term inside a sentence ("Chốt kết quả học kỳ I"): RESULT_TERMS, not capitalised
TERM_PHRASES = {
    "hk1": "học kỳ I",
    "hk2": "học kỳ II",
    "cn": "cả năm",
    "sau": "sau kiểm tra lại, rèn luyện hè",
}
PRIMARY_DECISIONS = {
    primary_results.COMPLETED: "Hoàn thành chương trình",
    primary_results.NOT_COMPLETED: "Chưa hoàn thành chương trình",
}


def cell(value: Decimal | str | None) -> str:
    """A subject's result: "8,5", "Đ" / "CĐ", or "–" while incomplete."""
    if value is None:
        return MISSING
    if isinstance(value, Decimal):
        return f"{value:.1f}".replace(".", ",")  # one decimal, as TT 22
    return VERDICT_SHORT.get(value, value)


def level(code: str | None) -> str:
    """A learning or conduct level: Tốt, Khá, Đạt, Chưa đạt (or "–")."""
    return tt22.LEARNING_LABELS.get(code, MISSING) if code else MISSING


def decision(code) -> str:
    if code is None:
        return MISSING
    if code in PRIMARY_DECISIONS:
        return PRIMARY_DECISIONS[code]
    return tt22_decisions.DECISION_LABELS[tt22_decisions.Decision(code)]


def award(code: str | None, primary: bool = False) -> str:
    labels = tt27.AWARD_LABELS if primary else tt22_decisions.AWARD_LABELS
    return labels.get(code, "") if code else ""


def primary_subject(ev: primary_results.Evaluation) -> str:
    """A primary subject's end-of-year level and test score: "T · 9", "H"."""
    if ev.level is None:
        return MISSING
    short = SUBJECT_SHORT.get(ev.level, ev.level)
    return short if ev.test_score is None else f"{short} · {ev.test_score}"


def primary_result(code: str | None) -> str:
    return tt27.RESULT_LABELS.get(code, MISSING) if code else MISSING
