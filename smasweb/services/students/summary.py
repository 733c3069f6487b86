"""Section III (Học sinh) of the start-of-year form, for one school or summed over
every school the actor reads, from one grouped SQL query.

Rows and indicator codes (Mã số): summary_rows.py (Biểu 02-TH-ĐN, rows 37–77).
Preschool children count in the totals, the grade rows (nhà trẻ, mẫu giáo) and
section 3.5–3.6, not in the age rows (the preschool form counts ages in months); so
do continuing-education (GDTX) learners, who have no right age.

Who counts: pupils in the school at the end of the day (as_of.present_on)
enrolled in the year.

Mappings:
- Dân tộc thiểu số: ethnicity other than 01 Kinh and 55 người nước ngoài; Nữ:
  gender 02. Công lập: the school's ownership 01; every other ownership is ngoài
  công lập. Vùng (38/39): the school profile's region of the year, as in section IV.
- Age: the year the school year starts minus the birth year (birth-date ranges
  in the grouped query); right age: rules.right_age (6 in lớp 1 … 17 in lớp 12).
- 57 mới tuyển đầu cấp: in the first grade of a level (lớp 1, 6, 10, GDTX 10;
  every preschool group and class), Enrollment.intake "new" or an admission
  movement in the year (a new pupil of a later grade is not an intake).
- 58 lưu ban: Enrollment.intake "repeat".
- 59 học 2 buổi/ngày: Enrollment.two_sessions, or the class meets two or more
  sessions a day (session pattern 4–7: sáng chiều, sáng tối, chiều tối, cả ba).
- 60 dân tộc bán trú: Enrollment.semi_boarding of an ethnic-minority pupil.
- 61 khuyết tật: every pupil with a disability; 62–66 by type: nhìn 03, nghe nói
  02, trí tuệ 05, vận động 01, thần kinh tâm thần 04 (06 khác only in 61). The
  report moves the pupils of special schools to 67–72 (reports/form_tables.py);
  73 (tin học) is not kept.
- 74 đối tượng chính sách: any policy category; 75 hỗ trợ chi phí học tập: a grant
  of support 03 holding on the day (supports.holders); 76 DTTS rất ít người được
  hỗ trợ: policy category 11; 77 hỗ trợ tiền ăn, nhà ở, gạo: a grant of support 06
  holding on the day.
"""

from datetime import date

from sqlalchemy import and_, func, or_, select

from smasweb import clock
from smasweb.extensions import db
from smasweb.models import Unit, User
from smasweb.models.schools import TWO_SESSION_PATTERNS, ClassGroup, SchoolProfile
from smasweb.models.students import Enrollment, Movement, Student
from smasweb.services import policy
from smasweb.services.students.as_of import present_among
from smasweb.services.students.rules import FIRST_GRADES, grade_number, right_age
from smasweb.services.students.summary_rows import (
    COLUMNS,
    DISABILITY_ROW,
    SummaryRow,
    cells,
    empty_rows,
)
from smasweb.services.students.supports import holders
from smasweb.services.summaries import (
    MOUNTAIN_REGIONS,
    NOT_MINORITY,
    PUBLIC,
    add_cells,
    has_code,
    join_profile,
)

__all__ = ["COLUMNS", "FIELD", "SummaryRow", "build", "empty_rows"]

FIELD = "students"
# A longer school list filters the schools joined, not the pupils: on the pupils
# PostgreSQL descends the index once per id and keeps the scan serial (issue 15)
PUPIL_FILTER_MAX = 200
ALL_AGES = (6, 17)  # the right ages of lớp 1 … lớp 12


def _ages(grades) -> tuple[int, int]:
    """The ages the age rows name one by one: the right ages of these grades."""
    numbers = sorted(n for g in grades or () if (n := grade_number(g)))
    return (numbers[0] + 5, numbers[-1] + 5) if numbers else ALL_AGES


def _counts(year: int, day: date, ages: tuple[int, int]) -> dict[str, object]:
    """{row key: SQL condition} of the rows counted by a flag of the pupil.

    Age is the school year's first year minus the birth year, as birth-date ranges
    (no date arithmetic in SQL: the same on SQLite and PostgreSQL)."""
    born, (lo, hi) = Student.birth_date, ages
    admitted = Student.id.in_(
        select(Movement.student_id).where(
            Movement.year == year, Movement.kind == "admission"
        )
    )
    out: dict[str, object] = {"age_below": born >= date(year - lo + 1, 1, 1)}
    for age in range(lo, hi + 1):
        out[f"age{age}"] = and_(
            born >= date(year - age, 1, 1), born < date(year - age + 1, 1, 1)
        )
    return out | {
        "age_above": born < date(year - hi, 1, 1),
        "new": and_(
            ClassGroup.grade.in_(FIRST_GRADES),
            or_(Enrollment.intake == "new", admitted),
        ),
        "repeat": Enrollment.intake == "repeat",
        "two": or_(
            Enrollment.two_sessions,
            ClassGroup.session_pattern.in_(TWO_SESSION_PATTERNS),
        ),
        "semi": Enrollment.semi_boarding,
        "policy": func.coalesce(Student.policy_categories, "") != "",
        "cost": Student.id.in_(holders("03", day)),
        "tiny": has_code(Student.policy_categories, "11"),
        "food": Student.id.in_(holders("06", day)),
    }


def _groups(actor: User, school_ids, year: int, grades, day: date, ages):
    """(grade, female, minority, public, mountain, disability, pupils,
    {row key: pupils}) per kind of pupil.

    Issue 15 (bench/report_build.py): six GROUP BY keys, every other row a
    count(*) FILTER. PostgreSQL estimates two groups per boolean key but a group per
    row for 14 keys with integer flags or an age, and so handed all ~340,000 pupils
    to one process to aggregate; with few keys each parallel worker aggregates its
    share first (province primary, section III 0.95 → 0.65 s)."""
    counts = _counts(year, day, ages)
    keys = (
        ClassGroup.grade,
        Student.gender == "02",
        Student.ethnicity.not_in(NOT_MINORITY),
        Unit.ownership == PUBLIC,
        SchoolProfile.region.in_(MOUNTAIN_REGIONS),
        Student.disability,
    )
    stmt = (
        select(*keys, func.count(), *(func.count().filter(c) for c in counts.values()))
        .select_from(Enrollment)
        .join(Student, Student.id == Enrollment.student_id)
        .join(ClassGroup, ClassGroup.id == Enrollment.class_id)
        .join(Unit, Unit.id == Student.school_id)
        .where(
            Enrollment.year == year,
            present_among(day, school_ids),
            Unit.kind == "school",
        )
    )
    stmt = join_profile(stmt, Student, year)
    stmt = policy.scope_school_data(actor, stmt, Student)
    if school_ids is None:
        stmt = stmt.where(Unit.closed_on.is_(None))
    else:  # as limit_schools
        stmt = stmt.where(Unit.id.in_(school_ids))
        if len(school_ids) <= PUPIL_FILTER_MAX:
            stmt = stmt.where(Student.school_id.in_(school_ids))
    if grades is not None:
        stmt = stmt.where(ClassGroup.grade.in_(grades))
    width = len(keys) + 1  # the keys and count(*)
    for row in db.session.execute(stmt.group_by(*keys)):
        yield (*row[:width], dict(zip(counts, row[width:], strict=True)))


def _row_keys(grade: str, minority: bool, disability, ages, lo: int, hi: int):
    """(row key, key of the count it takes) of one kind of pupil: the rows a
    flag selects, and for a numbered grade the age rows (ages outside the scope's
    lo–hi fold into "dưới" and "trên") and its right age."""
    out = [(k, k) for k in ("new", "repeat", "two", "policy", "cost", "tiny", "food")]
    if minority:
        out.append(("semi", "semi"))  # row 60 counts ethnic-minority pupils only
    if disability is not None:
        out.append(("disabled", None))
        if disability in DISABILITY_ROW:
            out.append((f"disability{disability}", None))
    right = right_age(grade)
    if right is None:
        return out
    out += [("age_below", "age_below"), ("age_above", "age_above")]
    for age in range(ages[0], ages[1] + 1):
        key = "age_below" if age < lo else "age_above" if age > hi else f"age{age}"
        out.append((key, f"age{age}"))
    if ages[0] <= right <= ages[1]:
        out.append((f"right{grade_number(grade)}", f"age{right}"))
    return out


def build(
    actor: User,
    school_ids: list[int] | None,
    year: int,
    grades: list[str] | None = None,
    *,
    day: date | None = None,
) -> list[SummaryRow]:
    """Section III for these schools (None: every open school the actor reads),
    counting only classes of these grades when given (one level's report), as of
    the end of `day` (default today: as_of.present_on).

    Raises:
        NotFound: the actor reads no school's pupils.
    """
    policy.require_reads(actor, FIELD)
    ages = _ages(grades)
    groups = list(_groups(actor, school_ids, year, grades, day or clock.today(), ages))
    present = sorted(grades if grades is not None else {g[0] for g in groups})
    rows = empty_rows(present)
    by_key = {r.key: r for r in rows}
    lo, hi = _ages(present)
    for grade, female, minority, public, mountain, disability, n, flagged in groups:
        female, minority = bool(female), bool(minority)
        public, region = bool(public), "mountain" if mountain else "plain"
        for key in ("total", region, f"grade{grade}"):
            add_cells(by_key[key].cells, cells(n, female, minority, public))
        for key, count in _row_keys(grade, minority, disability, ages, lo, hi):
            k = flagged[count] if count else n
            if k:
                add_cells(by_key[key].cells, cells(k, female, minority, public))
    return rows
