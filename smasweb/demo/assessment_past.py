"""Last school year's classes for the demo's primary and secondary pupils, so that
the demo has one complete year of marks and results (TT 22/2021 and TT 27/2020
apply to every grade from 2024-2025).

A pupil who went up (intake "up") was last year in the grade below, in the class
of the same letter ("7A2" was "6A2"); a repeater (intake "repeat") was in the same
grade. Pupils new to the school (first grades, transfers) have no past year here.
Each class keeps its homeroom teacher, who followed it up. Written with ORM bulk
inserts; the demo's current year is untouched.
"""

from dataclasses import dataclass

from sqlalchemy import insert, select

from smasweb.extensions import db
from smasweb.models.schools import ClassGroup
from smasweb.models.students import Enrollment
from smasweb.services import years as school_years

NULLS = {"render_nulls": True}
COPIED = (
    "campus_id",
    "homeroom_teacher",
    "homeroom_staff_id",
    "session_pattern",
    "sessions_per_week",
    "semi_boarding",
    "foreign_language_1",
)


@dataclass(frozen=True)
class Placed:
    """A current pupil's place last year: the class's key and the enrolment's
    columns."""

    student_id: int
    key: tuple[int, str, str]  # school id, grade, class name
    two_sessions: bool
    semi_boarding: bool
    repeats: bool


def past_name(name: str, grade: int, past_grade: int) -> str:
    """The class's name a year earlier: "7A2" → "6A2", "3B" → "2B"."""
    shown = str(grade)
    return f"{past_grade}{name[len(shown) :]}" if name.startswith(shown) else name


def place(rows) -> list[Placed]:
    """Last year's class of each pupil (rows of current_pupils)."""
    out = []
    for r in rows:
        grade = int(r.grade)
        if r.intake not in ("up", "repeat") or (
            r.intake == "up" and grade in (1, 6, 10)
        ):
            continue
        repeats = r.intake == "repeat"
        past = grade if repeats else grade - 1
        key = (r.school_id, f"{past:02d}", past_name(r.name, grade, past))
        out.append(Placed(r.student_id, key, r.two_sessions, r.semi_boarding, repeats))
    return out


def current_pupils(year: int, grades: tuple[str, ...]):
    """The current year's enrolled pupils of these grades, with their class."""
    return db.session.execute(
        select(
            Enrollment.student_id,
            Enrollment.school_id,
            Enrollment.intake,
            Enrollment.two_sessions,
            Enrollment.semi_boarding,
            ClassGroup.id.label("class_id"),
            ClassGroup.grade,
            ClassGroup.name,
        )
        .join(ClassGroup, ClassGroup.id == Enrollment.class_id)
        .where(Enrollment.year == year, ClassGroup.grade.in_(grades))
        .order_by(Enrollment.student_id)
    ).all()


def load_past_classes(year: int, rows) -> dict[int, tuple[int, str, bool]]:
    """Create last year's classes and enrolments of these pupils; returns
    {student id: (past class id, grade, repeats)}."""
    past = year - 1
    school_years.ensure_year(past)
    placed = place(rows)
    if not placed:
        return {}
    template = {(r.school_id, r.grade, r.name): r.class_id for r in rows}
    current = {
        c.id: c
        for c in db.session.scalars(
            select(ClassGroup).where(ClassGroup.id.in_(set(template.values())))
        )
    }
    by_id = {r.student_id: r for r in rows}
    classes: dict[tuple, dict] = {}
    for p in placed:
        if p.key in classes:
            continue
        src = current[by_id[p.student_id].class_id]
        classes[p.key] = {
            "school_id": p.key[0],
            "version": 1,
            "year": past,
            "grade": p.key[1],
            "name": p.key[2],
            "is_combined": False,
            "combined_grades": None,
            "age_group": None,
            "mixed_age": False,
            "foreign_language_2": None,
            "planned_size": None,
            **{c: getattr(src, c) for c in COPIED},
        }
    db.session.execute(
        insert(ClassGroup), list(classes.values()), execution_options=NULLS
    )
    ids = {
        (sid, grade, name): cid
        for cid, sid, grade, name in db.session.execute(
            select(
                ClassGroup.id, ClassGroup.school_id, ClassGroup.grade, ClassGroup.name
            ).where(ClassGroup.year == past)
        )
    }
    db.session.execute(
        insert(Enrollment),
        [
            {
                "school_id": p.key[0],
                "version": 1,
                "student_id": p.student_id,
                "year": past,
                "class_id": ids[p.key],
                "intake": "up" if int(p.key[1]) not in (1, 6, 10) else "new",
                "two_sessions": p.two_sessions,
                "semi_boarding": p.semi_boarding,
            }
            for p in placed
        ],
        execution_options=NULLS,
    )
    return {p.student_id: (ids[p.key], p.key[1], p.repeats) for p in placed}
