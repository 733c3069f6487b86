"""Subject averages and their distribution for the term reports, in one grouped
query each.

Secondary (TT 22/2021 Điều 9): each pupil's ĐTBmhk of a scored subject,
(ΣĐĐGtx + 2·ĐĐGgk + 3·ĐĐGck) / (số ĐĐGtx + 5) rounded half up to one decimal,
counted once the mid-term, the end-of-term and the regular marks the subject needs
(tt22.regular_count) are in; for the year ĐTBmcn = (ĐTBmhkI + 2·ĐTBmhkII) / 3,
likewise rounded, once both semesters have one. The SQL works in integer tenths of
a point so that SQLite's floats and PostgreSQL's numerics round alike: an average
of S tenths over D weights, rounded half up, is (2·S + D) div (2·D) tenths —
tt22.semester_average and year_average give the same (tests prove it).

Primary (TT 27/2020 Điều 7): the periodic test scores (integers) at the end of
semester I (ck1) or of the year (ck2).

Both return {(grade, subject code, band): [pupils, Σ tenths]}; bands are BANDS.
Only marks dated up to the report's day count, and only pupils present then.
"""

from collections import defaultdict
from datetime import date

from sqlalchemy import Integer, and_, case, cast, func, literal, select

from smasweb.extensions import db
from smasweb.models.assessment import Mark, PrimaryEvaluation
from smasweb.models.schools import ClassGroup
from smasweb.models.students import Enrollment, Student
from smasweb.services.assessment import curriculum, tt22
from smasweb.services.students.as_of import WIDE_SCAN, present_among

# Phân bố điểm: [lower, upper) in tenths; the last band includes 10
BANDS = (
    ("0 – dưới 3,5", 0, 35),
    ("3,5 – dưới 5", 35, 50),
    ("5 – dưới 6,5", 50, 65),
    ("6,5 – dưới 8", 65, 80),
    ("8 – 10", 80, 101),
)
SCORED_KINDS = ("tx", "gk", "ck")  # the re-test (kl) is not a semester's mark


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


def _required(grades: list[str], grade, code):
    """SQL: the regular marks (grade, subject code) needs per semester."""
    pairs = [
        (g, s.code, tt22.regular_count(s.periods, s.comment_only))
        for g in grades
        for s in curriculum.subjects(g)
        if s.assessment == "score"
    ]
    if not pairs:
        return literal(tt22.COMMENT_REGULAR_COUNT)
    return case(
        *((and_(grade == g, code == c), n) for g, c, n in pairs),
        else_=tt22.COMMENT_REGULAR_COUNT,
    )


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


def secondary(
    school_ids: list[int], grades: list[str], year: int, semesters: tuple, day: date
) -> dict:
    """ĐTBmhk (semesters (1,)) or ĐTBmcn (semesters (1, 2)) per pupil and scored
    subject, grouped by grade, subject and band.

    The marks are grouped once, by pupil and subject, with each semester's
    weighted sum and counts side by side; the pupils (their grade) join the
    groups, not the marks."""
    tenths = cast(func.round(Mark.score * 10), Integer)
    weight = case((Mark.kind == "gk", 2), (Mark.kind == "ck", 3), else_=1)

    def of(sem: int, kind: str | None = None):
        return (
            and_(Mark.semester == sem, Mark.kind == kind)
            if kind
            else (Mark.semester == sem)
        )

    columns = []
    for sem in semesters:
        columns += [
            func.sum(case((of(sem), weight * tenths), else_=0)).label(f"s{sem}"),
            func.count().filter(of(sem, "tx")).label(f"tx{sem}"),
            func.count().filter(of(sem, "gk")).label(f"gk{sem}"),
            func.count().filter(of(sem, "ck")).label(f"ck{sem}"),
        ]
    marks = (
        select(Mark.student_id.label("sid"), Mark.subject_code.label("code"), *columns)
        .where(
            Mark.year == year,
            Mark.semester.in_(semesters),
            Mark.kind.in_(SCORED_KINDS),
            Mark.score.is_not(None),
            Mark.day <= day,
        )
        .group_by(Mark.student_id, Mark.subject_code)
    )
    if len(school_ids) <= WIDE_SCAN:  # a province's pupils select its marks
        marks = marks.where(Mark.school_id.in_(school_ids))
    m = marks.subquery("marks")
    pupils = _present(school_ids, grades, year, day)
    need = _required(grades, pupils.c.grade, m.c.code)
    averages, complete = [], []
    for sem in semesters:
        total, weights = m.c[f"s{sem}"], m.c[f"tx{sem}"] + 5
        averages.append((2 * total + weights) // (2 * weights))
        complete += [m.c[f"gk{sem}"] > 0, m.c[f"ck{sem}"] > 0, m.c[f"tx{sem}"] >= need]
    value = (
        averages[0]
        if len(averages) == 1
        else ((2 * (averages[0] + 2 * averages[1]) + 3) // 6)
    )
    per_subject = (
        select(pupils.c.grade, m.c.code, value.label("value"))
        .join(pupils, pupils.c.sid == m.c.sid)
        .where(*complete)
        .subquery("per_subject")
    )
    v = per_subject.c
    band = _band_sql(v.value)
    stmt = select(v.grade, v.code, band, func.count(), func.sum(v.value)).group_by(
        v.grade, v.code, band
    )
    return _collect(db.session.execute(stmt))


def primary(
    school_ids: list[int], grades: list[str], year: int, term: str, day: date
) -> dict:
    """The periodic test scores of `term` per pupil and subject, by grade, subject
    and band (a score s is 10·s tenths)."""
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
