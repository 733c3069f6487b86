"""THCS graduation of a school year (issue 18, item 1): the candidates of each
school with their eligibility (tt31), the dossier flags, and the council's
decision per round, which stores the recognised list and locks it.

The candidates are the pupils of the school's lớp 9 classes in the year who were
in the school on the period's data date (ngày chốt số liệu of graduation_thcs,
25/05 by the plan; today while it is still to come). Round 1 reads each pupil's
"cn" decision; round 2 lists only the pupils round 1 did not recognise and reads
the decision after the re-test or summer training ("sau").

Reading: a school's leader and clerk (data.write on the graduation field) see the
names and record; officers who read the field see their schools' counts and a
school's list without names (policy.can_see_personal); a teacher sees nothing.
Writes go through the guarded models (window graduation_thcs, audited).
"""

from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import func, or_, select

from smasweb import clock
from smasweb.extensions import db
from smasweb.models import ClassGroup, Enrollment, Student, Unit, UnitLink, User
from smasweb.models.assessment import StudentResult
from smasweb.models.graduation import (
    CALENDAR_FIELD,
    FIELD,
    ThcsDecision,
    ThcsDossier,
    ThcsGraduate,
)
from smasweb.services import policy, school_data
from smasweb.services import years as school_years
from smasweb.services.calendar import windows
from smasweb.services.errors import Conflict, NotFound, PermissionDenied
from smasweb.services.graduation import tt31
from smasweb.services.students.as_of import present_among

THCS_GRADES = ("09",)
THCS_LEVEL, GDTX_LEVEL = "03", "05"
LOCKED = (
    "Danh sách đã khóa theo quyết định công nhận tốt nghiệp số {number} ngày "
    "{day}: không thay đổi được."
)


@dataclass
class Candidate:
    student: Student
    cls: ClassGroup
    year_decision: str | None
    after_decision: str | None
    dossier: ThcsDossier | None
    graduate: ThcsGraduate | None
    verdict: tt31.Verdict | None = None  # for the round listed

    @property
    def dossier_complete(self) -> bool:
        return self.dossier is None or self.dossier.complete


@dataclass
class SchoolGraduation:
    school: Unit
    year: int
    day: date  # the data date the list counts as of
    programme: str
    candidates: list[Candidate]  # every candidate of the year
    decisions: dict[int, ThcsDecision] = field(default_factory=dict)
    graduated_round: dict[int, int] = field(default_factory=dict)  # student → round

    def rows(self, round_: int) -> list[Candidate]:
        """The round's list, each with its verdict: round 2 leaves out the pupils
        round 1 recognised."""
        out = []
        for c in self.candidates:
            if round_ == 2 and self.graduated_round.get(c.student.id) == 1:
                continue
            c = Candidate(**{**c.__dict__, "verdict": self.verdict(c, round_)})
            out.append(c)
        return out

    def verdict(self, c: Candidate, round_: int) -> tt31.Verdict:
        return tt31.eligibility(
            round_=round_,
            programme=self.programme,
            birth_date=c.student.birth_date,
            school_year=self.year,
            year_decision=c.year_decision,
            after_decision=c.after_decision,
            dossier_complete=c.dossier_complete,
        )

    def recognised(self, round_: int) -> list[Candidate]:
        return [c for c in self.rows(round_) if self.graduated_round.get(c.student.id)]

    def counts(self) -> dict[str, int]:
        """candidates, eligible (recognised or eligible at the current round: 2
        once round 1 is decided), recognised."""
        current = 2 if 1 in self.decisions else 1
        recognised = len(self.graduated_round)
        waiting = [
            c
            for c in self.rows(current)
            if c.student.id not in self.graduated_round and c.verdict.eligible
        ]
        return {
            "candidates": len(self.candidates),
            "eligible": recognised + len(waiting),
            "recognised": recognised,
        }


def programme_of(school: Unit) -> str:
    """GDTX for a continuing-education centre, the general programme otherwise."""
    levels = set(school.level_codes)
    return tt31.GDTX if GDTX_LEVEL in levels and THCS_LEVEL not in levels else tt31.GDPT


def data_day(year: int) -> date:
    """The day the year's candidates count as of (see the module's docstring)."""
    for p in windows.year_periods(year):
        if p.kind == CALENDAR_FIELD:
            return min(clock.today(), p.data_date)
    return min(clock.today(), date(year + 1, 5, 25))


def default_year() -> int:
    """The year whose graduation the page opens on: the current one from its
    period's opening, the previous one before it."""
    year = school_years.current_year()
    for p in windows.year_periods(year):
        if p.kind == CALENDAR_FIELD and clock.today() < p.opens_on:
            return year - 1
    return year


def offers_thcs(school: Unit) -> bool:
    return bool({THCS_LEVEL, GDTX_LEVEL} & set(school.level_codes))


def load(schools: list[Unit], year: int) -> dict[int, SchoolGraduation]:
    """Every school's graduation of the year, read in one query per table."""
    day = data_day(year)
    ids = [s.id for s in schools]
    out = {s.id: SchoolGraduation(s, year, day, programme_of(s), []) for s in schools}
    if not ids:
        return out
    pupils = db.session.execute(
        select(Student, ClassGroup, Enrollment.school_id)
        .join(Enrollment, Enrollment.student_id == Student.id)
        .join(ClassGroup, ClassGroup.id == Enrollment.class_id)
        .where(
            Enrollment.year == year,
            Enrollment.school_id.in_(ids),
            ClassGroup.grade.in_(THCS_GRADES),
            present_among(day, ids),
        )
        .order_by(ClassGroup.name, Student.sort_key, Student.id)
    ).all()
    sids = [s.id for s, _, _ in pupils]
    results = _decisions(sids, year)
    dossiers = _by_student(ThcsDossier, ids, year)
    graduates = _by_student(ThcsGraduate, ids, year)
    for d in db.session.scalars(
        select(ThcsDecision).where(
            ThcsDecision.school_id.in_(ids), ThcsDecision.year == year
        )
    ):
        out[d.school_id].decisions[d.round] = d
    rounds = {d.id: d.round for g in out.values() for d in g.decisions.values()}
    for student, cls, school_id in pupils:
        cn, sau = results.get(student.id, (None, None))
        grad = graduates.get(student.id)
        school = out[school_id]
        school.candidates.append(
            Candidate(student, cls, cn, sau, dossiers.get(student.id), grad)
        )
        if grad is not None:
            school.graduated_round[student.id] = rounds[grad.decision_id]
    return out


def _decisions(sids: list[int], year: int) -> dict[int, tuple]:
    """{student: (cn decision, sau decision)}."""
    out: dict[int, list] = {}
    for chunk in _chunks(sids):
        stmt = select(
            StudentResult.student_id, StudentResult.term, StudentResult.decision
        ).where(
            StudentResult.year == year,
            StudentResult.term.in_(("cn", "sau")),
            StudentResult.student_id.in_(chunk),
        )
        for sid, term, decision in db.session.execute(stmt):
            out.setdefault(sid, [None, None])[term == "sau"] = decision
    return {k: tuple(v) for k, v in out.items()}


def _by_student(model, school_ids: list[int], year: int) -> dict:
    stmt = select(model).where(model.school_id.in_(school_ids), model.year == year)
    return {r.student_id: r for r in db.session.scalars(stmt)}


def _chunks(ids: list[int], size: int = 5000):
    for i in range(0, len(ids), size):
        yield ids[i : i + size]


# --- access ---------------------------------------------------------------------


def school_for(actor: User, school_id: int | None) -> Unit:
    """The school whose list the actor opens (its own, or ?school= for an officer):
    NotFound outside its scope or for a school without lớp 9; a teacher is refused."""
    school = school_data.readable_school(actor, FIELD, school_id)
    if policy.works_on_own_classes(actor):
        raise PermissionDenied()
    if not offers_thcs(school):
        raise NotFound()
    return school


def sees_names(actor: User, school: Unit) -> bool:
    return policy.can_see_personal(actor, school)


def may_record(actor: User, school: Unit) -> bool:
    return policy.can(actor, "data.write", unit=school, field=FIELD)


def overview(actor: User, year: int) -> list[tuple[Unit, SchoolGraduation]]:
    """The schools with lớp 9 the actor reads the graduation of, with their counts."""
    stmt = school_data.schools_in_scope(actor, FIELD).order_by(Unit.sort_key, Unit.id)
    schools = [s for s in db.session.scalars(stmt) if offers_thcs(s)]
    loaded = load(schools, year)
    return [(s, loaded[s.id]) for s in schools]


def council_unit(school: Unit, day: date) -> Unit | None:
    """The unit responsible for the school on `day` by the dated tree (a district
    office before 01/07/2025; the Department or a commune after it, as data)."""
    parent_id = db.session.scalar(
        select(UnitLink.parent_id)
        .where(
            UnitLink.unit_id == school.id,
            UnitLink.valid_from <= day,
            or_(UnitLink.valid_to.is_(None), UnitLink.valid_to > day),
        )
        .order_by(UnitLink.valid_from.desc())
        .limit(1)
    )
    if parent_id is None:
        return school.parent
    return db.session.get(Unit, parent_id)


def locked_message(decision: ThcsDecision) -> str:
    return LOCKED.format(
        number=decision.number, day=decision.signed_on.strftime("%d/%m/%Y")
    )


def require_unlocked(grad: SchoolGraduation, student_id: int) -> None:
    """Conflict (409) when a recorded decision holds the pupil."""
    round_ = grad.graduated_round.get(student_id)
    if round_ is not None:
        raise Conflict(locked_message(grad.decisions[round_]))
    if 2 in grad.decisions:  # the year's last round is decided: all is closed
        raise Conflict(locked_message(grad.decisions[2]))


def graduates_count(decision: ThcsDecision):
    """SELECT of how many pupils the decision recognised."""
    return select(func.count()).where(ThcsGraduate.decision_id == decision.id)
