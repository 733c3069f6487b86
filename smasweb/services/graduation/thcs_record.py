"""The school's writes of THCS graduation: a candidate's dossier flag, and the
council's decision of a round, which stores the pupils eligible at that moment
(ThcsGraduate) and locks them (thcs.require_unlocked). Services flush, callers
commit; every write goes through the guarded models (graduation_thcs window)."""

from dataclasses import dataclass
from datetime import date

from smasweb import clock
from smasweb.extensions import db
from smasweb.models import Unit, User
from smasweb.models.graduation import (
    FIELD,
    NOTE_LENGTH,
    NUMBER_LENGTH,
    PERSON_LENGTH,
    ThcsDecision,
    ThcsDossier,
    ThcsGraduate,
)
from smasweb.services import school_data
from smasweb.services.errors import Conflict, NotFound, ValidationFailed
from smasweb.services.graduation import thcs
from smasweb.text import vn_date

NO_ROUND = "Đợt xét chỉ có thể là đợt 1 hoặc đợt 2."
ROUND_ONE_FIRST = "Cần ghi quyết định đợt 1 trước khi xét đợt 2."
NOBODY = "Không có học sinh nào đủ điều kiện công nhận tốt nghiệp trong đợt này."
ALREADY = "Quyết định đợt {round} đã được ghi (số {number}, ngày {day})."


@dataclass(frozen=True)
class DecisionInput:
    number: str
    signed_on: date | None
    signer_name: str
    signer_title: str


def set_dossier(
    actor: User, school: Unit, year: int, student_id: int, complete: bool, note=""
) -> ThcsDossier:
    """Mark a candidate's dossier complete or not; refused (409) once a decision
    holds the pupil, 404 for a pupil who is not a candidate of the school."""
    school_data.require_write(actor, school, FIELD)
    grad = thcs.load([school], year)[school.id]
    found = [c for c in grad.candidates if c.student.id == student_id]
    if not found:
        raise NotFound()
    thcs.require_unlocked(grad, student_id)
    note = (note or "").strip()
    if len(note) > NOTE_LENGTH:
        raise ValidationFailed(f"Ghi chú có nhiều nhất {NOTE_LENGTH} ký tự.", "note")
    row = found[0].dossier
    if row is None:
        row = ThcsDossier(school_id=school.id, year=year, student_id=student_id)
        db.session.add(row)
    row.complete, row.note = complete, note or None
    db.session.flush()
    return row


def _check(data: DecisionInput, year: int) -> dict[str, str]:
    """{field: message} of the decision form's errors."""
    errors = {}
    for name, limit, label in (
        ("number", NUMBER_LENGTH, "Số quyết định"),
        ("signer_name", PERSON_LENGTH, "Người ký"),
        ("signer_title", PERSON_LENGTH, "Chức vụ người ký"),
    ):
        value = getattr(data, name).strip()
        if not value:
            errors[name] = f"Hãy nhập {label.lower()}."
        elif len(value) > limit:
            errors[name] = f"{label} có nhiều nhất {limit} ký tự."
    day, today = data.signed_on, clock.today()
    if day is None:
        errors["signed_on"] = "Hãy nhập ngày quyết định (dd/mm/yyyy)."
    elif day > today:
        errors["signed_on"] = "Ngày quyết định không được sau hôm nay."
    elif day.year != year + 1:
        errors["signed_on"] = (
            f"Ngày quyết định phải trong năm {year + 1}, sau khi kết thúc năm học."
        )
    return errors


class DecisionErrors(ValidationFailed):
    """The decision form's fields that failed: {field: message}."""

    def __init__(self, errors: dict[str, str]):
        super().__init__(next(iter(errors.values())), next(iter(errors)))
        self.errors = errors


def record_decision(
    actor: User, school: Unit, year: int, round_: int, data: DecisionInput
) -> ThcsDecision:
    """Record the council's decision of a round and the pupils it recognises (the
    eligible ones of that round's list, at this moment). Raises DecisionErrors
    (422) for the form, Conflict (409) when the round is decided already,
    ValidationFailed (422) without round 1 or without any eligible pupil."""
    school_data.require_write(actor, school, FIELD)
    if round_ not in (1, 2):
        raise ValidationFailed(NO_ROUND, "round")
    errors = _check(data, year)
    if errors:
        raise DecisionErrors(errors)
    return store_decision(school, year, round_, data)


def store_decision(
    school: Unit, year: int, round_: int, data: DecisionInput
) -> ThcsDecision:
    """record_decision's writes, once the actor and the form are checked (the
    demo calls it directly, under its system override)."""
    grad = thcs.load([school], year)[school.id]
    done = grad.decisions.get(round_)
    if done is not None:
        day = vn_date(done.signed_on)
        raise Conflict(ALREADY.format(round=round_, number=done.number, day=day))
    if round_ == 2 and 1 not in grad.decisions:
        raise ValidationFailed(ROUND_ONE_FIRST, "round")
    eligible = [c for c in grad.rows(round_) if c.verdict.eligible]
    if not eligible:
        raise ValidationFailed(NOBODY, "round")
    council = thcs.council_unit(school, data.signed_on)
    decision = ThcsDecision(
        school_id=school.id,
        year=year,
        round=round_,
        number=data.number.strip(),
        signed_on=data.signed_on,
        signer_name=data.signer_name.strip(),
        signer_title=data.signer_title.strip(),
        council_unit_id=council.id if council is not None else None,
    )
    db.session.add(decision)
    db.session.flush()
    db.session.add_all(
        ThcsGraduate(
            school_id=school.id,
            year=year,
            decision_id=decision.id,
            student_id=c.student.id,
            class_id=c.cls.id,
        )
        for c in eligible
    )
    db.session.flush()
    return decision
