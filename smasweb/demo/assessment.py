"""Demo assessment data (issue 17): teaching assignments, electives, marks, primary
evaluations, conduct and results.

Small scale: last school year complete (its classes from demo/assessment_past.py;
both semesters, conduct, re-tests and summer training, StudentResult hk1, hk2, cn
and sau as the engine decides them) and the current year up to today (semester I
regular assessments and the mid-term; the end-of-term tests come in December).
Province scale: the current year's teaching assignments and marks of every
secondary class, to measure. GDTX classes (lớp 10–12 of continuing education)
have no gradebook yet and get none. Deterministic (seeded); written with ORM bulk
inserts in batches, under the demo's system override (guarded and audited).
"""

from dataclasses import dataclass, field
from random import Random

from sqlalchemy import select

from smasweb import clock
from smasweb.demo.assessment_common import (
    Days,
    Pupil,
    Writer,
    pupil_abilities,
    school_effects,
)
from smasweb.demo.assessment_marks import ClassMarks
from smasweb.demo.assessment_past import current_pupils, load_past_classes
from smasweb.demo.assessment_primary import PrimaryMarks
from smasweb.demo.assessment_results import SecondaryResults, writers
from smasweb.demo.assessment_teaching import assign, class_electives
from smasweb.extensions import db
from smasweb.models import Enrollment, Student
from smasweb.models.assessment import Mark, PrimaryEvaluation
from smasweb.models.schools import ClassGroup
from smasweb.services import years as school_years
from smasweb.services.assessment import curriculum

PRIMARY = tuple(f"{g:02d}" for g in range(1, 6))
SECONDARY = tuple(f"{g:02d}" for g in range(6, 13))
REPEATER_ABILITY = -3.5  # last year's level of a pupil who repeats the grade now


@dataclass
class Written:
    """Rows written per table and the seconds spent in their INSERTs."""

    rows: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0

    def add(self, *writers: Writer) -> None:
        for w in writers:
            w.flush()
            name = w.model.__tablename__
            self.rows[name] = self.rows.get(name, 0) + w.total
            self.seconds += w.seconds

    @property
    def total(self) -> int:
        return sum(self.rows.values())


def load_assessment(scale: str = "small") -> Written:
    """Write the demo's assessment data (see the module's docstring)."""
    year = school_years.current_year()
    grades = SECONDARY if scale == "province" else PRIMARY + SECONDARY
    rows = current_pupils(year, grades)
    active = set(
        db.session.scalars(
            select(Student.id)
            .join(Enrollment, Enrollment.student_id == Student.id)
            .where(Enrollment.year == year, Student.active.is_(True))
        )
    )
    effects = school_effects({r.school_id for r in rows})
    ability = pupil_abilities({r.student_id for r in rows})
    out = Written()
    if scale == "small":
        past = load_past_classes(year, rows)
        school_of = {r.student_id: r.school_id for r in rows}
        by_class: dict[int, list[Pupil]] = {}
        for sid, (class_id, grade, repeats) in past.items():
            level = min(ability[sid], REPEATER_ABILITY) if repeats else ability[sid]
            by_class.setdefault(class_id, []).append(
                Pupil(sid, school_of[sid], class_id, grade, level, repeats)
            )
        _write_year(year - 1, year, by_class, effects, out)
    by_class = {}
    for r in rows:
        if r.student_id in active:
            by_class.setdefault(r.class_id, []).append(
                Pupil(
                    r.student_id,
                    r.school_id,
                    r.class_id,
                    r.grade,
                    ability[r.student_id],
                )
            )
    _write_year(year, year, by_class, effects, out)
    return out


def _write_year(
    year: int, staff_year: int, by_class: dict[int, list[Pupil]], effects, out: Written
) -> None:
    classes = list(
        db.session.scalars(
            select(ClassGroup)
            .where(ClassGroup.id.in_(by_class))
            .order_by(ClassGroup.school_id, ClassGroup.grade, ClassGroup.name)
        )
    ) if by_class else []  # fmt: skip
    electives = class_electives(classes)
    assign(classes, electives, year, staff_year)
    today = clock.today()
    days = Days(year, today)
    rng = Random(year)  # noqa: S311 - seeded: the demo is the same on every load
    marks_w, evals_w = Writer(Mark), Writer(PrimaryEvaluation)
    results_w = writers()
    marks = ClassMarks(year, days, marks_w, rng)
    results = SecondaryResults(year, results_w, rng)
    primary = PrimaryMarks(year, days, evals_w, results_w, rng)
    semesters = tuple(s for s in (1, 2) if days.semester_over(s))
    for c in classes:
        pupils = by_class[c.id]
        subjects = curriculum.subjects(c.grade, electives.get(c.id, frozenset()))
        school = effects[c.school_id]
        if c.grade in PRIMARY:
            primary.write(c.id, pupils, school, subjects, c.grade)
            continue
        got = marks.write(c.id, pupils, school, subjects, (1, 2))
        if semesters:
            results.write(marks, c.id, pupils, subjects, got, semesters)
    out.add(marks_w, evals_w, results_w.conduct, results_w.results, results_w.subjects,
            results_w.outstanding)  # fmt: skip
