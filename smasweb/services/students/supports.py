"""Support policies (miễn, giảm học phí, hỗ trợ chi phí học tập, ăn trưa, tiền ăn,
nhà ở, gạo) as dated grants on the pupil: the one as-of rule every report counts
with (granted_on), the pupil's current codes and history, and the write that turns
the form's (or an import's) ticks into grants that start and end.

A grant holds on a day from its `starts_on` through its `ends_on` (inclusive; None:
open). A change "from day D" means the new state holds on D: a newly ticked code
starts on D, an unticked one gets D - 1 as its last day. So a report whose data date
is D already sees the change, and the history reads as plain inclusive ranges
(05/09/2026 – 14/10/2026).
"""

from collections.abc import Iterable
from datetime import date, timedelta

from sqlalchemy import and_, case, exists, func, or_, select

from smasweb import clock
from smasweb.extensions import db
from smasweb.models import Student, SupportGrant
from smasweb.services import checks
from smasweb.services.errors import ValidationFailed

CODELIST = "student_supports"
FUTURE = "Ngày áp dụng hỗ trợ không được sau hôm nay."
BEFORE_BIRTH = "Ngày áp dụng hỗ trợ không được trước ngày sinh của học sinh."


def held_on(day: date):
    """SQL: the SupportGrant row holds on `day`."""
    return and_(
        SupportGrant.starts_on <= day,
        or_(SupportGrant.ends_on.is_(None), SupportGrant.ends_on >= day),
    )


def granted_on(code_or_codes: str | Iterable[str], day: date, student_id=Student.id):
    """SQL EXISTS: the pupil (`student_id`, default the outer query's Student.id)
    holds a grant of this code (or of any of these codes) on `day`; usable as a
    flag inside grouped report queries."""
    if isinstance(code_or_codes, str):
        code = SupportGrant.code == code_or_codes
    else:
        code = SupportGrant.code.in_(tuple(code_or_codes))
    return exists().where(SupportGrant.student_id == student_id, code, held_on(day))


def holders(code: str, day: date):
    """SELECT of the ids of pupils holding a grant of `code` on `day`: a report's
    `Student.id.in_(holders(...))` is one hashed subplan, read by every parallel
    worker, not a probe per pupil."""
    return select(SupportGrant.student_id).where(
        SupportGrant.code == code, held_on(day)
    )


def held_codes(codes: Iterable[str], day: date):
    """Subquery: one row per pupil holding a grant of any of `codes` on `day`,
    with a 0/1 column `c<code>` per code (the same rule as granted_on). Reports
    LEFT JOIN it on student_id: one hash join instead of a correlated EXISTS per
    pupil, which also keeps PostgreSQL's plan parallel."""
    codes = tuple(codes)
    cols = [
        func.max(case((SupportGrant.code == c, 1), else_=0)).label(f"c{c}")
        for c in codes
    ]
    return (
        select(SupportGrant.student_id, *cols)
        .where(SupportGrant.code.in_(codes), held_on(day))
        .group_by(SupportGrant.student_id)
        .subquery("held_codes")
    )


def current_codes(student: Student) -> tuple[str, ...]:
    """The codes of the pupil's open grants (what the form's checkboxes show)."""
    stmt = select(SupportGrant.code).where(
        SupportGrant.student_id == student.id, SupportGrant.ends_on.is_(None)
    )
    return tuple(sorted(set(db.session.scalars(stmt))))


def current_by_student(*where) -> dict[int, tuple[str, date]]:
    """{pupil id: (codes CSV, latest start)} of the open grants matching `where`
    (conditions on SupportGrant), in one query: the Excel exports."""
    stmt = (
        select(SupportGrant.student_id, SupportGrant.code, SupportGrant.starts_on)
        .where(SupportGrant.ends_on.is_(None), *where)
        .order_by(SupportGrant.student_id, SupportGrant.code)
    )
    out: dict[int, tuple[list[str], date]] = {}
    for sid, code, start in db.session.execute(stmt):
        codes, latest = out.get(sid, ([], start))
        out[sid] = ([*codes, code], max(latest, start))
    return {sid: (",".join(dict.fromkeys(c)), d) for sid, (c, d) in out.items()}


def grants_of(student: Student) -> list[SupportGrant]:
    """The pupil's grants, oldest first (the detail page's history)."""
    stmt = (
        select(SupportGrant)
        .where(SupportGrant.student_id == student.id)
        .order_by(SupportGrant.starts_on, SupportGrant.code, SupportGrant.id)
    )
    return list(db.session.scalars(stmt))


def checked(
    codes, day: date | None, birth_date: date | None = None
) -> tuple[tuple[str, ...], date]:
    """Valid codes and their day (None: today). Raises ValidationFailed naming
    "supports" or "supports_from"."""
    picked = checks.codes(CODELIST, codes, "supports")
    day = day or clock.today()
    check_day(day, birth_date)
    return tuple(picked.split(",")) if picked else (), day


def check_day(day: date | None, birth_date: date | None = None) -> None:
    """A change's day: not after today, not before the pupil's birth. Raises
    ValidationFailed naming "supports_from"."""
    if day is not None and day > clock.today():
        raise ValidationFailed(FUTURE, "supports_from")
    if day is not None and birth_date is not None and day < birth_date:
        raise ValidationFailed(BEFORE_BIRTH, "supports_from")


def set_supports(student: Student, codes: Iterable[str], day: date) -> None:
    """From `day` on the pupil holds exactly `codes`: a new code starts a grant on
    `day`, a dropped one ends its open grant on the day before, the others stay.
    Only flushes; the calendar guard and the audit see every grant written."""
    wanted = set(codes)
    grants = grants_of(student)
    open_ = {g.code: g for g in grants if g.ends_on is None}
    for code, grant in open_.items():
        if code not in wanted:
            _end(grant, day)
    for code in sorted(wanted - set(open_)):
        _start(student, code, day, [g for g in grants if g.code == code])
    db.session.flush()


def _end(grant: SupportGrant, day: date) -> None:
    if day <= grant.starts_on:  # it never held: a correction, not a history
        db.session.delete(grant)
    else:
        grant.ends_on = day - timedelta(days=1)


def _start(student: Student, code: str, day: date, past: list[SupportGrant]) -> None:
    last = max(past, key=lambda g: g.ends_on, default=None)
    if last is not None and last.ends_on >= day - timedelta(days=1):
        # re-ticked before or right after its last day: one unbroken grant
        last.ends_on = None
        last.starts_on = min(last.starts_on, day)
        return
    db.session.add(
        SupportGrant(
            school_id=student.school_id, student_id=student.id, code=code, starts_on=day
        )
    )
