"""Học sinh tiêu biểu of a primary class (TT 27/2020 Điều 15 khoản 1 b): the
school's leader (who confirms the results: results_access.may_confirm) marks the
pupils whose year result is Hoàn thành tốt and who stood out, each with a short
"thành tích nổi bật". The engine then gives them the award Học sinh Tiêu biểu
hoàn thành tốt trong học tập và rèn luyện (primary_results, tt27.award), which
Chốt kết quả stores.

One form per class (checkbox and reason per pupil), saved at once: a pupil not
Hoàn thành tốt, a missing or too long reason refuse the whole form. Written
through OutstandingPupil: calendar field "results", guarded and audited.
"""

from dataclasses import dataclass

from smasweb.extensions import db
from smasweb.models import User
from smasweb.models.assessment import OUTSTANDING_REASON_LENGTH, OutstandingPupil
from smasweb.services import school_data
from smasweb.services.assessment import class_results, tt27
from smasweb.services.assessment.class_results import ClassResults, PupilRow
from smasweb.services.assessment.results_access import (
    CALENDAR_FIELD,
    FIELD,
    EntryErrors,
    require_confirm,
)
from smasweb.services.calendar import windows
from smasweb.services.errors import NotFound
from smasweb.text import clean_text

NOT_GOOD_ERROR = (
    "Chỉ khen Học sinh Tiêu biểu cho học sinh có kết quả giáo dục Hoàn thành tốt "
    "(học sinh này: {result})."
)
NO_REASON_ERROR = "Ghi thành tích nổi bật của học sinh."
REASON_ERROR = f"Thành tích nổi bật tối đa {OUTSTANDING_REASON_LENGTH} ký tự."

Entries = dict[int, tuple[bool, str]]  # student id → (marked, reason)


@dataclass
class OutstandingRow:
    row: PupilRow
    number: int  # the row's number on the results page
    marked: bool
    reason: str

    @property
    def eligible(self) -> bool:
        return self.row.result.result == tt27.GOOD


def rows(results: ClassResults, entries: Entries | None = None) -> list[OutstandingRow]:
    """The pupils the form lists: those Hoàn thành tốt, those marked (stored, or
    in `entries`, a refused form's values)."""
    if not results.primary:
        return []
    out = []
    for number, row in enumerate(results.rows, 1):
        sid = row.student.id
        have = results.outstanding.get(sid)
        if entries is None:
            marked, reason = have is not None, have.reason if have else ""
        else:
            marked, reason = entries.get(sid, (False, ""))
        if marked or have is not None or row.result.result == tt27.GOOD:
            out.append(OutstandingRow(row, number, marked, reason))
    return out


def _read(results: ClassResults, entries: Entries) -> dict[int, str]:
    """{student id: reason} of the pupils marked; EntryErrors naming the fields."""
    errors, wanted = {}, {}
    for row in results.rows:
        sid = row.student.id
        marked, raw = entries.get(sid, (False, ""))
        if not marked:
            continue
        reason = clean_text(raw) or ""
        if row.result.result != tt27.GOOD:
            label = tt27.RESULT_LABELS.get(row.result.result, "chưa đủ kết quả")
            errors[sid, "mark"] = NOT_GOOD_ERROR.format(result=label)
        if not reason:
            errors[sid, "reason"] = NO_REASON_ERROR
        elif len(reason) > OUTSTANDING_REASON_LENGTH:
            errors[sid, "reason"] = REASON_ERROR
        wanted[sid] = reason
    if errors:
        raise EntryErrors(errors)
    return wanted


def save(actor: User, class_id: int, entries: Entries) -> int:
    """Store the class's pupils marked "tiêu biểu"; returns how many changed.

    `entries`: {student id: (marked, reason)}; a pupil of the class missing from
    it is not marked. Raises NotFound (not a primary class), PermissionDenied,
    EntryErrors (nothing written), PeriodLocked (outside the results windows).
    """
    results = class_results.class_results(actor, class_id)
    if not results.primary:
        raise NotFound()
    access = results.access
    require_confirm(access)
    school_data.require_write(actor, access.school, FIELD)
    wanted = _read(results, entries)
    windows.require_open(access.school, CALENDAR_FIELD, year=access.cls.year)
    changed = 0
    for row in results.rows:
        sid = row.student.id
        have = results.outstanding.get(sid)
        if sid not in wanted:
            if have is not None:
                db.session.delete(have)
                changed += 1
        elif have is None:
            db.session.add(
                OutstandingPupil(
                    school_id=access.school.id, year=access.cls.year,
                    student_id=sid, class_id=access.cls.id, reason=wanted[sid],
                )
            )  # fmt: skip
            changed += 1
        elif have.reason != wanted[sid]:
            have.reason, have.class_id = wanted[sid], access.cls.id
            changed += 1
    db.session.flush()
    return changed
