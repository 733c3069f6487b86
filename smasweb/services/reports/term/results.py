"""The stored results (StudentResult, written by Chốt kết quả) of the pupils a
term report counts: every pupil in their school at the end of the data date
(as_of.present_on), in a class of the school year, by the class's grade.

One grouped query: a pupil without a stored result of the term still counts,
under `missing_school` = their school's id, so the report can say which schools
have not confirmed their results ("chưa chốt kết quả") instead of printing zero.
"""

from collections import Counter
from dataclasses import dataclass
from datetime import date

from sqlalchemy import and_, case, func, select
from sqlalchemy.orm import aliased

from smasweb.extensions import db
from smasweb.models.assessment import StudentResult
from smasweb.models.schools import ClassGroup
from smasweb.models.students import Enrollment, Student
from smasweb.services.students.as_of import WIDE_SCAN, present_among
from smasweb.services.summaries import NOT_MINORITY

PEOPLE = (("all", "Tổng số"), ("female", "Nữ"), ("minority", "Dân tộc thiểu số"))
AFTER = "sau"  # the year after re-test and summer training


@dataclass(frozen=True)
class Key:
    """What one group of pupils shares; `people` is a people column (PEOPLE)."""

    grade: str
    people: str
    learning: str | None
    conduct: str | None
    decision: str | None
    award: str | None
    after: str | None  # the decision after re-test / summer training
    missing_school: int | None  # the school, when the pupil has no result


def people_of(female: bool, minority: bool) -> tuple[str, ...]:
    return (
        ("all",) + (("female",) if female else ()) + (("minority",) if minority else ())
    )


def _result_join(alias, year: int, term: str):
    return and_(alias.student_id == Student.id, alias.year == year, alias.term == term)


def counts(
    school_ids: list[int], grades: list[str], year: int, term: str, day: date
) -> Counter:
    """{Key: pupils} of the schools' pupils present at the end of `day` by their
    stored result of `term` (hk1 or cn; with cn also the "sau" decision)."""
    result, after = aliased(StudentResult), aliased(StudentResult)
    keys = (
        ClassGroup.grade,
        Student.gender == "02",
        Student.ethnicity.not_in(NOT_MINORITY),
        result.learning,
        result.conduct,
        result.decision,
        result.award,
        after.decision if term == "cn" else None,
        case((result.id.is_(None), Student.school_id), else_=None),
    )
    keys = tuple(k for k in keys if k is not None)
    stmt = (
        select(*keys, func.count())
        .select_from(Enrollment)
        .join(Student, Student.id == Enrollment.student_id)
        .join(ClassGroup, ClassGroup.id == Enrollment.class_id)
        .outerjoin(result, _result_join(result, year, term))
        .where(
            Enrollment.year == year,
            Student.school_id.in_(school_ids),
            ClassGroup.grade.in_(grades),
            present_among(day, school_ids),
        )
        .group_by(*keys)
    )
    if term == "cn":
        stmt = stmt.outerjoin(after, _result_join(after, year, AFTER))
    if len(school_ids) <= WIDE_SCAN:
        stmt = stmt.where(Enrollment.school_id.in_(school_ids))
    out: Counter = Counter()
    for row in db.session.execute(stmt):
        grade, female, minority, learning, conduct, decision, award, *rest = row
        *after_decision, missing, n = rest
        for people in people_of(female, minority):
            key = Key(grade, people, learning, conduct, decision, award,
                      after_decision[0] if after_decision else None, missing)  # fmt: skip
            out[key] += n
    return out


def total(found: Counter, grades, people: str, **match) -> int:
    """Pupils of these grades in one people column whose Key has these values
    (a callable value: a test of that field)."""
    out = 0
    for key, n in found.items():
        if key.grade not in grades or key.people != people:
            continue
        if all(
            v(getattr(key, f)) if callable(v) else getattr(key, f) == v
            for f, v in match.items()
        ):
            out += n
    return out
