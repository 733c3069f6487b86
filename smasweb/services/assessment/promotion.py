"""Year end (issue 17, part 6): the end-of-year decisions the school confirmed
(StudentResult) place each pupil of a school year in the next one.

The final decision is the "sau" result (after the re-test or the summer training)
when stored, else the year's "cn" one. Secondary (TT 22/2021): lên lớp or ở lại
lớp; a re-test or summer training still to come is no decision yet. Primary (TT
27/2020 Điều 11): the year's education result completes the grade (lên lớp) or not
(ở lại lớp).

- Promoted pupils go to next year's class rolled from theirs (classes_bulk's
  mapping: grade + 1, "6A1" → "7A1") with intake "up". Crossing into the first grade
  of the next level in the same school (lớp 5 → 6, 9 → 10) is an intake of that
  level (tuyển sinh đầu cấp), so its intake is "new" and row 57 of the
  after-opening report counts it.
- Repeaters stay in their grade: next year's class of that grade with the same
  name, else its first class; intake "repeat" (row 58) and a "repeat" movement
  (Lưu ban).
- Promoted pupils of a final grade the school teaches no further (lớp 5 without lớp
  6, lớp 9 without lớp 10, lớp 12, GDTX 12) leave with a "graduated" movement.
- Pupils without a final decision are listed and left where they are.

plan() is the dry run the page shows; promotion_run.run() writes it.

Movements are dated on the first day of the next school year (SchoolYear.starts_on),
not on the decision's date: the repeat and the leaving take effect when the new
year starts (the pupil is in their class, and counted, until the year's end), the
movement belongs with the enrolment of the year it opens, and a write dated into
the closed year would need that year unlocked.
"""

from collections import Counter
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import select

from smasweb import codelists
from smasweb.extensions import db
from smasweb.models import ClassGroup, SchoolYear, Unit, User
from smasweb.models.assessment import StudentResult
from smasweb.models.schools import year_label
from smasweb.models.students import Enrollment, Movement, Student
from smasweb.services import school_data
from smasweb.services import years as school_years
from smasweb.services.assessment import tt27
from smasweb.services.assessment.tt22_decisions import Decision
from smasweb.services.schools.classes import FINAL_GRADES, grades_of
from smasweb.services.schools.classes_bulk import next_grade, next_name
from smasweb.text import fold

FIELD = Enrollment.__field__  # "students": the after-opening window's field
PROMOTED, REPEAT, LEAVES, PENDING = "len_lop", "o_lai_lop", "ra_truong", "chua_co"
OUTCOMES = {
    PROMOTED: "Lên lớp",
    REPEAT: "Ở lại lớp",
    LEAVES: "Ra trường",
    PENDING: "Chưa có quyết định",
}
DONE = "da_xep"  # placed already (a previous run, or by hand)
GENERAL_LEVELS = ("02", "03", "04", "05")  # the levels with results (not preschool)
PRIMARY = "02"


@dataclass
class Placement:
    student: Student
    cls: ClassGroup  # the pupil's class in the year
    outcome: str  # OUTCOMES
    target: ClassGroup | None = None  # next year's class
    wanted: str | None = None  # the missing class it needs, "Lớp 7A1"
    done: bool = False  # already placed next year, or already left

    @property
    def to_write(self) -> bool:
        return not self.done and self.outcome != PENDING and self.wanted is None


@dataclass
class ClassPlan:
    cls: ClassGroup
    target_name: str | None  # the class promoted pupils move to
    counts: Counter = field(default_factory=Counter)


@dataclass
class Plan:
    school: Unit
    year: int
    rows: list[Placement]
    classes: list[ClassPlan]

    @property
    def next_year(self) -> int:
        return self.year + 1

    @property
    def missing(self) -> list[str]:
        return sorted({r.wanted for r in self.rows if r.wanted and not r.done})

    @property
    def todo(self) -> list[Placement]:
        return [r for r in self.rows if r.to_write]

    @property
    def pending(self) -> list[Placement]:
        return [r for r in self.rows if r.outcome == PENDING and not r.done]

    @property
    def totals(self) -> Counter:
        return sum((c.counts for c in self.classes), Counter())


def _level(grade: str) -> str | None:
    row = codelists.row("grades", grade)
    return row["level"] if row else None


def outcome_of(result: StudentResult | None, grade: str) -> str:
    """PROMOTED, REPEAT or PENDING from a pupil's final stored result."""
    if result is None:
        return PENDING
    if _level(grade) == PRIMARY and result.learning in tt27.RESULTS:
        return PROMOTED if tt27.completes_grade(result.learning) else REPEAT
    if result.decision == Decision.PROMOTED:
        return PROMOTED
    if result.decision == Decision.REPEAT:
        return REPEAT
    return PENDING  # a re-test or summer training still to come


def _promoted_grade(grade: str, taught: set[str]) -> str | None:
    """The grade a promoted pupil moves to in this school; None: leaves it."""
    up = next_grade(grade)
    if up is None and grade in FINAL_GRADES and grade not in ("12", "15"):
        up = f"{int(grade) + 1:02d}"  # lớp 5 → 6, 9 → 10 in a multi-level school
    return up if up in taught else None


def _final_results(school: Unit, year: int) -> dict[int, StudentResult]:
    stmt = select(StudentResult).where(
        StudentResult.school_id == school.id,
        StudentResult.year == year,
        StudentResult.term.in_(("cn", "sau")),
    )
    out: dict[int, StudentResult] = {}
    for r in db.session.scalars(stmt):
        if r.term == "sau" or r.student_id not in out:
            out[r.student_id] = r
    return out


def _pupils(school: Unit, year: int, general: list[str]):
    stmt = (
        select(Student, ClassGroup)
        .join(Enrollment, Enrollment.student_id == Student.id)
        .join(ClassGroup, ClassGroup.id == Enrollment.class_id)
        .where(
            Enrollment.school_id == school.id,
            Enrollment.year == year,
            ClassGroup.grade.in_(general),
        )
        .order_by(ClassGroup.grade, ClassGroup.name, Student.sort_key, Student.id)
    )
    return db.session.execute(stmt).all()


def _already_placed(school: Unit, next_year: int) -> set[int]:
    """Pupils enrolled next year, or who left at its start (a previous run)."""
    enrolled = select(Enrollment.student_id).where(
        Enrollment.school_id == school.id, Enrollment.year == next_year
    )
    left = select(Movement.student_id).where(
        Movement.school_id == school.id,
        Movement.year == next_year,
        Movement.kind == "graduated",
    )
    return set(db.session.scalars(enrolled.union(left)))


def _next_classes(school: Unit, next_year: int) -> dict[tuple[str, str], ClassGroup]:
    stmt = select(ClassGroup).where(
        ClassGroup.school_id == school.id, ClassGroup.year == next_year
    )
    classes = sorted(db.session.scalars(stmt), key=lambda c: (c.grade, fold(c.name)))
    out: dict[tuple[str, str], ClassGroup] = {}
    for c in classes:
        out[c.grade, fold(c.name)] = c
        out.setdefault((c.grade, ""), c)  # the grade's first class
    return out


def _place(row: Placement, taught: set[str], nxt: dict) -> None:
    """Fill the row's target class (or the missing class it needs)."""
    cls = row.cls
    if row.outcome == REPEAT:
        row.target = nxt.get((cls.grade, fold(cls.name))) or nxt.get((cls.grade, ""))
        if row.target is None:
            khoi = codelists.label("grades", cls.grade).removeprefix("Lớp ")
            row.wanted = f"một lớp thuộc khối {khoi}"
        return
    if row.outcome != PROMOTED:
        return
    grade = _promoted_grade(cls.grade, taught)
    if grade is None:
        row.outcome = LEAVES
        return
    name = next_name(cls.name, cls.grade)
    row.target = nxt.get((grade, fold(name)))
    if row.target is None:
        row.wanted = f"lớp {name}"


def plan(actor: User, school: Unit, year: int) -> Plan:
    """What run() would write for the school's pupils of `year` (a dry run).

    Raises:
        NotFound: the actor does not read the school's pupils.
    """
    school = school_data.get_school(actor, school.id, FIELD)
    taught = set(grades_of(school))
    general = [g for g in taught if _level(g) in GENERAL_LEVELS]
    results = _final_results(school, year)
    placed = _already_placed(school, year + 1)
    nxt = _next_classes(school, year + 1)
    rows: list[Placement] = []
    classes: dict[int, ClassPlan] = {}
    for student, cls in _pupils(school, year, general):
        done = student.id in placed
        if not done and not student.active:
            continue  # left the school during the year
        row = Placement(student, cls, outcome_of(results.get(student.id), cls.grade))
        _place(row, taught, nxt)
        row.done = done
        if cls.id not in classes:
            up = _promoted_grade(cls.grade, taught)
            target = next_name(cls.name, cls.grade) if up else None
            classes[cls.id] = ClassPlan(cls, target)
        classes[cls.id].counts[DONE if done else row.outcome] += 1
        rows.append(row)
    return Plan(school, year, rows, list(classes.values()))


def first_day(year: int) -> date:
    """The first day of a school year: the date of the movements run() writes."""
    row = db.session.get(SchoolYear, year)
    return row.starts_on if row else date(year, school_years.YEAR_START_MONTH, 1)


def missing_message(p: Plan) -> str:
    return (
        f"Năm học {year_label(p.next_year)} chưa có {', '.join(p.missing)}: "
        "hãy chuyển lớp lên năm học mới (hoặc tạo lớp) trước khi xếp lớp."
    )
