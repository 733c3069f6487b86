"""Builders for the year-end promotion tests: last year's classes, pupils and their
stored results (written as set-up, inside a recorded override: last year is closed)."""

from datetime import date

from smasweb.extensions import db
from smasweb.models import ClassGroup, Unit
from smasweb.models.assessment import StudentResult
from smasweb.services import years as school_years
from smasweb.services.system import system_override
from tests.factories import make_student

SETUP = "test set-up of last year"


def last_year() -> int:
    return school_years.current_year() - 1


def klass(school, year: int, grade: str, name: str) -> ClassGroup:
    with system_override(SETUP):
        school_years.ensure_year(year)
        cls = ClassGroup(school_id=school.id, year=year, grade=grade, name=name)
        db.session.add(cls)
        db.session.flush()
    return cls


def pupil(cls, decision=None, learning=None, after=None, **values):
    """A pupil of last year's class `cls` with its year result ("cn"), and the
    one after the re-test or summer training ("sau") when `after` is a decision."""
    with system_override(SETUP):
        s = make_student(db.session.get(Unit, cls.school_id), cls, **values)
        if decision or learning:
            _result(s, cls, "cn", decision, learning)
        if after:
            _result(s, cls, "sau", after, None)
    return s


def _result(s, cls, term, decision, learning) -> None:
    db.session.add(
        StudentResult(
            school_id=cls.school_id,
            year=cls.year,
            student_id=s.id,
            class_id=cls.id,
            term=term,
            learning=learning,
            decision=decision,
            decided_on=date(cls.year + 1, 5, 28),
        )
    )
    db.session.flush()
