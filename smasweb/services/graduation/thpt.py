"""THPT graduation candidates and pass lists (issue 18 item 2).

Candidates: the pupils of the school's lớp 12 classes of the school year (grade
"12", and GDTX grade "15" = lớp 12) who were in the school at its end (the school
year's data date, 31/05: the dated rule every count uses; today's flag would drop
them once the year-end promotion records them as graduated). The exam of a school year is held in
August of its second calendar year, so its regulation is that year's
(thpt_score.NEW_RULES_FROM).

A school year's average (ĐTB cả năm lớp 10, 11, 12) is read from the stored
results (SubjectResult, confirmed by Chốt kết quả): the mean of the ĐTBmcn of the
scored subjects of the pupil's latest year in that grade, the result after the
re-test ("sau") replacing the year's ("cn") where there is one; not rounded before
the formula. A year without any scored subject result is missing: the candidate
is listed with the reason and no score.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from sqlalchemy import select

from smasweb import clock
from smasweb.extensions import db
from smasweb.models import ClassGroup, Enrollment, Student, Unit, User
from smasweb.models.assessment import SubjectResult
from smasweb.models.graduation_thpt import ExamResult
from smasweb.services import school_data
from smasweb.services.assessment.curriculum import GDTX_GRADES
from smasweb.services.calendar import windows
from smasweb.services.graduation import thpt_score as score
from smasweb.services.students.as_of import present_among

FIELD = "graduation"
CANDIDATE_GRADES = ("12", "15")


def exam_year(year: int) -> int:
    return year + 1


def year_end(year: int) -> date:
    """The school year's data date (the "school_year" period's, else 31/05), or
    today while the year runs (as thcs.data_day)."""
    day = date(year + 1, 5, 31)
    for p in windows.year_periods(year):
        if p.kind == "school_year":
            day = p.data_date
    return min(clock.today(), day)


def candidates(school: Unit, year: int) -> list[tuple[Student, ClassGroup]]:
    """The school's lớp 12 pupils of the year with their class, in name order."""
    stmt = (
        select(Student, ClassGroup)
        .join(Enrollment, Enrollment.student_id == Student.id)
        .join(ClassGroup, ClassGroup.id == Enrollment.class_id)
        .where(
            Enrollment.school_id == school.id,
            Enrollment.year == year,
            ClassGroup.grade.in_(CANDIDATE_GRADES),
            present_among(year_end(year), [school.id]),
        )
        .order_by(ClassGroup.name, Student.sort_key, Student.id)
    )
    return [(s, c) for s, c in db.session.execute(stmt)]


def year_averages(student_ids: list[int]) -> dict[int, dict[int, Decimal]]:
    """{student id: {10|11|12: ĐTB cả năm}} from the stored subject results."""
    stmt = (
        select(
            SubjectResult.student_id,
            SubjectResult.year,
            SubjectResult.term,
            SubjectResult.subject_code,
            SubjectResult.average,
            ClassGroup.grade,
        )
        .join(ClassGroup, ClassGroup.id == SubjectResult.class_id)
        .where(
            SubjectResult.student_id.in_(student_ids),
            SubjectResult.term.in_(("cn", "sau")),
            SubjectResult.average.is_not(None),
        )
    )
    # (student, grade) → year → subject → average ("sau" wins over "cn")
    found: dict = defaultdict(lambda: defaultdict(dict))
    for sid, year, term, subject, average, grade in db.session.execute(stmt):
        grade = int(GDTX_GRADES.get(grade, grade))
        if grade not in (10, 11, 12):
            continue
        subjects = found[sid, grade][year]
        if term == "sau" or subject not in subjects:
            subjects[subject] = Decimal(average)
    out: dict[int, dict[int, Decimal]] = defaultdict(dict)
    for (sid, grade), by_year in found.items():
        subjects = by_year[max(by_year)]  # a repeated grade: the latest year
        out[sid][grade] = sum(subjects.values(), Decimal(0)) / len(subjects)
    return out


@dataclass
class Candidate:
    student: Student
    cls: ClassGroup
    exam: ExamResult | None = None
    years: dict[int, Decimal] = field(default_factory=dict)
    score: Decimal | None = None
    passed: bool | None = None  # None: not computed (reason says why)
    reason: str = ""

    @property
    def status(self) -> str:
        if self.passed is None:
            return "Chưa xét"
        return "Đỗ" if self.passed else "Trượt"


def _judge(c: Candidate, year: int) -> None:
    if c.exam is None:
        c.reason = "Chưa có kết quả thi"
        return
    ey = exam_year(year)
    try:
        exams = score.exam_set(ey, c.exam.scores())
    except ValueError as exc:
        c.reason = str(exc)
        return
    missing = [f"lớp {g}" for g in score.needed_grades(ey) if g not in c.years]
    if missing:
        c.reason = "Thiếu điểm trung bình cả năm " + ", ".join(missing)
        return
    c.score = score.graduation_score(
        ey, exams, c.years, c.exam.bonus or Decimal(0), c.exam.priority or Decimal(0)
    )
    judged = score.verdict(exams, c.score)
    c.passed, c.reason = judged.passed, judged.reason


def pass_list(school: Unit, year: int) -> list[Candidate]:
    """Every candidate of the school and year with the exam, ĐXTN, Đỗ/Trượt."""
    rows = [Candidate(s, c) for s, c in candidates(school, year)]
    exams = {
        e.student_id: e
        for e in db.session.scalars(
            select(ExamResult).where(
                ExamResult.school_id == school.id, ExamResult.year == year
            )
        )
    }
    averages = year_averages([r.student.id for r in rows])
    for r in rows:
        r.exam = exams.get(r.student.id)
        r.years = averages.get(r.student.id, {})
        _judge(r, year)
    return rows


def school_list(actor: User, school_id: int | None, year: int):
    """(school, candidates) of a school the actor reads. Raises NotFound."""
    school = school_data.readable_school(actor, FIELD, school_id)
    return school, pass_list(school, year)


@dataclass
class SchoolCounts:
    school: Unit
    candidates: int
    results: int
    passed: int

    @property
    def rate(self) -> Decimal | None:
        if not self.results:
            return None
        return score.two_decimals(Decimal(100 * self.passed) / self.results)


def school_counts(actor: User, year: int) -> list[SchoolCounts]:
    """Per school with imported results in the actor's scope: candidates, results,
    passed (an officer's view)."""
    scope = school_data.schools_in_scope(actor, FIELD).subquery()
    ids = select(ExamResult.school_id).where(ExamResult.year == year)
    stmt = (
        select(Unit)
        .join(scope, scope.c.id == Unit.id)
        .where(Unit.id.in_(ids.distinct()))
        .order_by(Unit.code)
    )
    out = []
    for school in db.session.scalars(stmt):
        rows = pass_list(school, year)
        out.append(
            SchoolCounts(
                school,
                len(rows),
                sum(1 for r in rows if r.exam is not None),
                sum(1 for r in rows if r.passed),
            )
        )
    return out
