"""Early warning (cảnh báo nguy cơ bỏ học): the pupils whose absences without
permission (K) say they may be dropping out, as of a day D.

The rules:
- A day counts as absent K when the pupil has a K record for every session its class
  meets that day (roll_call.sessions_of: sáng and chiều for a two-session class, cả
  ngày otherwise): K in the morning and present or P in the afternoon is no K day.
- Run: K on RUN_DAYS (3) or more consecutive school days. School days decide what
  "consecutive" means (calendar/school_days): a weekend or a holiday between two K
  days does not break the run, a school day without a K day does. The run must still
  be current: its last day is one of the RECENT (5) last school days up to D, so a
  pupil back in class for a week leaves the list, while D's roll call not yet taken
  does not clear it.
- Month: more than N K days from the 1st of D's month to D; the Department sets N
  (risk_limit, default 5).
Pupils not in their school at the end of D (as_of.present_on: transferred out,
dropped out) are not listed.

Cost: one query reads the window's K records of the whole scope (a school, a
district or the province) with their pupils and classes; the rest is Python, so the
number of queries does not grow with the pupils.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta

from sqlalchemy import select

from smasweb import clock
from smasweb.extensions import db
from smasweb.models import ClassGroup, Student, Unit, User
from smasweb.models.attendance import AttendanceRecord as Rec
from smasweb.services import policy
from smasweb.services.attendance import classes, risk_limit
from smasweb.services.attendance.roll_call import sessions_of
from smasweb.services.calendar import school_days
from smasweb.services.students.as_of import present_among

RUN_DAYS = 3
RECENT = 5  # school days: how long a run stays on the list after its last day
LOOKBACK = timedelta(days=42)  # how far back runs are read (about six school weeks)


@dataclass
class AtRisk:
    """One pupil at risk: why (the run, the month's days), where to look."""

    student_id: int
    name: str
    school_id: int
    class_id: int  # the class of its last K day (where its roll call is)
    class_name: str
    run: list[date] = field(default_factory=list)  # the current run of K days
    month: list[date] = field(default_factory=list)  # the month's K days, if > N
    reason: str = ""  # the last reason written for a K absence (personal data)

    @property
    def last_day(self) -> date:
        return max(self.run + self.month)

    @property
    def days(self) -> list[date]:
        return sorted(set(self.run) | set(self.month))


@dataclass
class SchoolRisk:
    school: Unit
    pupils: list[AtRisk]


@dataclass
class RiskList:
    day: date
    limit: int  # N of the month rule
    schools: list[SchoolRisk]

    @property
    def pupils(self) -> list[AtRisk]:
        return [p for s in self.schools for p in s.pupils]


def _current_run(k_days: set[date], days: list[date]) -> list[date]:
    """The last run of RUN_DAYS+ consecutive school days in `k_days`, if it ended
    among the RECENT last school days."""
    run: list[date] = []
    best: list[date] = []
    for i, day in enumerate(days):
        if day in k_days:
            run.append(day)
            if len(run) >= RUN_DAYS and i >= len(days) - RECENT:
                best = list(run)
        else:
            run = []
    return best


def find(
    day: date, school_ids: list[int] | None, class_ids=None, limit: int | None = None
) -> list[AtRisk]:
    """The pupils at risk on `day` in these schools (None: all), optionally only in
    these classes (a SELECT of class ids), by school then name."""
    limit = risk_limit.month_limit() if limit is None else limit
    month_start = day.replace(day=1)
    first = min(month_start, day - LOOKBACK)
    days = school_days.between(first, day)
    stmt = (
        select(
            Rec.student_id,
            Rec.school_id,
            Rec.class_id,
            Rec.day,
            Rec.session,
            Rec.reason,
            Student.full_name,
            ClassGroup.name.label("class_name"),
            ClassGroup.age_group,
            ClassGroup.session_pattern,
        )
        .join(Student, Student.id == Rec.student_id)
        .join(ClassGroup, ClassGroup.id == Rec.class_id)
        .where(Rec.status == "K", Rec.day >= first, Rec.day <= day)
        .where(present_among(day, school_ids))
        .order_by(Rec.school_id, Student.sort_key, Rec.student_id, Rec.day)
    )
    if school_ids is not None:
        stmt = stmt.where(Rec.school_id.in_(school_ids))
    if class_ids is not None:
        stmt = stmt.where(Rec.class_id.in_(class_ids))
    by_pupil: dict[int, list] = defaultdict(list)
    for row in db.session.execute(stmt):  # dicts keep the query's order
        by_pupil[row.student_id].append(row)
    out = []
    for rows in by_pupil.values():
        pupil = _assess(rows, days, month_start, limit)
        if pupil is not None:
            out.append(pupil)
    return out


def _assess(rows: list, days: list[date], month_start: date, limit: int):
    """One pupil's K records (by day) → AtRisk, or None when no rule applies."""
    sessions: dict[date, set[str]] = defaultdict(set)
    needed: dict[date, set[str]] = {}
    for r in rows:
        sessions[r.day].add(r.session)
        needed[r.day] = set(sessions_of(r))
    k_days = {d for d, s in sessions.items() if needed[d] <= s}
    run = _current_run(k_days, days)
    in_month = sorted(d for d in k_days & set(days) if d >= month_start)
    month = in_month if len(in_month) > limit else []
    if not run and not month:
        return None
    last = rows[-1]
    reasons = [r.reason for r in rows if r.reason]
    return AtRisk(
        student_id=last.student_id,
        name=last.full_name,
        school_id=last.school_id,
        class_id=last.class_id,
        class_name=last.class_name,
        run=run,
        month=month,
        reason=reasons[-1] if reasons else "",
    )


def warning(actor: User, day: date | None = None) -> RiskList:
    """The pupils at risk that the actor may see, by school: a school's leader and
    clerk its whole school, a teacher its own classes, officers the schools of their
    scope. Raises NotFound (the actor reads no attendance)."""
    policy.require_reads(actor, classes.FIELD)
    day = day or clock.today()
    limit = risk_limit.month_limit()
    class_ids = None
    if policy.works_on_own_classes(actor):
        if actor.staff_id is None:
            return RiskList(day, limit, [])
        class_ids = classes.own_class_ids(actor)
    school_ids = policy.readable_school_list(actor, classes.FIELD)
    pupils = find(day, school_ids, class_ids, limit)
    ids = {p.school_id for p in pupils}
    units = {}
    if ids:
        stmt = select(Unit).where(Unit.id.in_(ids)).order_by(Unit.sort_key, Unit.id)
        units = {u.id: u for u in db.session.scalars(stmt)}
    by_school: dict[int, list[AtRisk]] = defaultdict(list)
    for p in pupils:
        by_school[p.school_id].append(p)
    grouped = [SchoolRisk(u, by_school[u.id]) for u in units.values()]
    return RiskList(day, limit, grouped)


def for_home(actor: User) -> RiskList | None:
    """The warning of a school user's home page; None for officers and for those
    who read no attendance."""
    if policy.own_school(actor) is None or not policy.reads_field(actor, classes.FIELD):
        return None
    return warning(actor)
