"""Subject averages and their distribution for the term reports, in one grouped
query each, over what the school confirmed: the SubjectResult rows Chốt kết quả
stores (services/assessment/subject_results.py), one per pupil and subject, not
the dozen raw marks behind each (issue 17: a province's year read 10–19 million
marks).

Secondary (TT 22/2021 Điều 9): each pupil's stored ĐTBmhk (semester I, term hk1)
or ĐTBmcn (the year, cn) of a scored subject. Primary (TT 27/2020 Điều 7): the
periodic test scores (integers) of the year's end, stored with the year (cn); of
semester I (ck1), which TT 27 confirms with no result, the evaluations.

All return {(grade, subject code, band): [pupils, Σ tenths]}; bands are BANDS.
Only the pupils present on the report's day count; a school that has not
confirmed the term adds nothing (the results tables say "chưa chốt kết quả").
"""

from collections import defaultdict
from datetime import date
from decimal import Decimal

from sqlalchemy import case, func, select

from smasweb.extensions import db
from smasweb.models.assessment import PrimaryEvaluation, SubjectResult
from smasweb.models.schools import ClassGroup
from smasweb.models.students import Enrollment, Student
from smasweb.services.assessment import curriculum
from smasweb.services.students.as_of import WIDE_SCAN, present_among

# Phân bố điểm: [lower, upper) in tenths; the last band includes 10
BANDS = (
    ("0 – dưới 3,5", 0, 35),
    ("3,5 – dưới 5", 35, 50),
    ("5 – dưới 6,5", 50, 65),
    ("6,5 – dưới 8", 65, 80),
    ("8 – 10", 80, 101),
)


def band_of(tenths) -> int:
    for i, (_, low, high) in enumerate(BANDS):
        if low <= tenths < high:
            return i
    raise ValueError(f"Điểm ngoài thang 0–10: {tenths}")


def _band_sql(tenths):
    return case(
        *((tenths < high, i) for i, (_, _, high) in enumerate(BANDS[:-1])),
        else_=len(BANDS) - 1,
    )


def scored_subjects(grades: list[str]) -> list[curriculum.Subject]:
    """The scored subjects of these grades (secondary), one per code, in the
    curriculum's order."""
    seen: dict[str, curriculum.Subject] = {}
    for grade in grades:
        for s in curriculum.subjects(grade):
            if s.assessment == "score":
                seen.setdefault(s.code, s)
    return list(seen.values())


def tested_subjects(grades: list[str], term: str) -> list[curriculum.Subject]:
    """The primary subjects with a periodic test at `term` (ck1, ck2)."""
    seen: dict[str, curriculum.Subject] = {}
    for grade in grades:
        for s in curriculum.subjects(grade):
            if s.assessment == "level" and s.has_test(term):
                seen.setdefault(s.code, s)
    return list(seen.values())


def _present(school_ids: list[int], grades: list[str], year: int, day: date):
    """SELECT (student id, grade) of the pupils the report counts."""
    stmt = (
        select(Student.id.label("sid"), ClassGroup.grade.label("grade"))
        .select_from(Enrollment)
        .join(Student, Student.id == Enrollment.student_id)
        .join(ClassGroup, ClassGroup.id == Enrollment.class_id)
        .where(
            Enrollment.year == year,
            Student.school_id.in_(school_ids),
            ClassGroup.grade.in_(grades),
            present_among(day, school_ids),
        )
    )
    if len(school_ids) <= WIDE_SCAN:
        stmt = stmt.where(Enrollment.school_id.in_(school_ids))
    return stmt.subquery("present")


def _stored(school_ids, grades, year: int, term: str, day: date, value) -> dict:
    """The one grouped query: the pupils present by class grade, subject and
    stored `value` of `term` (SubjectResult; a hundred values at most, so the
    bands are told here, not per row in SQL)."""
    r = SubjectResult
    pupils = _present(school_ids, grades, year, day)
    keys = (ClassGroup.grade, r.subject_code, value)
    stmt = (
        select(*keys, func.count())
        .join(ClassGroup, ClassGroup.id == r.class_id)
        .where(
            r.year == year,
            r.term == term,
            value.is_not(None),
            # a semi-join: the planner hashes the pupils and scans the rows once
            r.student_id.in_(select(pupils.c.sid)),
        )
        .group_by(*keys)
    )
    if len(school_ids) <= WIDE_SCAN:  # a province's pupils select its rows
        stmt = stmt.where(r.school_id.in_(school_ids))
    out: dict = defaultdict(lambda: [0, 0])
    for grade, code, score, n in db.session.execute(stmt):
        tenths = int(Decimal(score) * 10)
        key = (grade, code, band_of(tenths))
        out[key][0] += n
        out[key][1] += n * tenths
    return dict(out)


def secondary(
    school_ids: list[int], grades: list[str], year: int, term: str, day: date
) -> dict:
    """The stored ĐTBmhk (term hk1) or ĐTBmcn (cn) per pupil and scored subject,
    by grade, subject and band."""
    average = SubjectResult.average
    return _stored(school_ids, grades, year, term, day, average)


def primary_year(school_ids: list[int], grades: list[str], year: int, day: date):
    """The end-of-year test scores the school confirmed with the year (cn), by
    grade, subject and band."""
    score = SubjectResult.test_score
    return _stored(school_ids, grades, year, "cn", day, score)


def primary(
    school_ids: list[int], grades: list[str], year: int, term: str, day: date
) -> dict:
    """The periodic test scores of `term` per pupil and subject, by grade, subject
    and band, from the evaluations: semester I's (ck1), which TT 27 confirms with
    no result (the year's: primary_year)."""
    pupils = _present(school_ids, grades, year, day)
    e = PrimaryEvaluation
    tenths = e.test_score * 10
    band = _band_sql(tenths)
    stmt = (
        select(pupils.c.grade, e.item, band, func.count(), func.sum(tenths))
        .join(pupils, pupils.c.sid == e.student_id)
        .where(
            e.school_id.in_(school_ids),
            e.year == year,
            e.term == term,
            e.test_score.is_not(None),
            e.day <= day,
        )
        .group_by(pupils.c.grade, e.item, band)
    )
    return _collect(db.session.execute(stmt))


def _collect(rows) -> dict:
    out: dict = defaultdict(lambda: [0, 0])
    for grade, code, band, n, tenths in rows:
        out[grade, code, int(band)][0] += n
        out[grade, code, int(band)][1] += int(tenths or 0)
    return dict(out)
