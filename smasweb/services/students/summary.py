"""Section III (Học sinh) of the start-of-year form, for one school or summed over
every school the actor reads, from one grouped SQL query.

Rows and indicator codes (Mã số) follow Biểu 02-TH-ĐN, rows 37–77; the grade, age
and right-age rows follow the grades actually present, so a primary school gets
exactly the form's rows (lớp 1–5, dưới 6 … trên 10 tuổi) and a lower-secondary or a
mixed scope gets the rows of its own grades (codes only where the primary form has
the row). Preschool children count in the totals, the grade rows (nhà trẻ, mẫu
giáo) and section 3.5–3.6, not in the age rows (the preschool form counts ages in
months); so do continuing-education (GDTX) learners, who have no right age.

Who counts: pupils in the school at the end of the day (as_of.present_on) enrolled in the year.

Mappings:
- Dân tộc thiểu số: ethnicity other than 01 Kinh and 55 người nước ngoài; Nữ:
  gender 02. Công lập: the school's ownership 01; every other ownership is ngoài
  công lập. Vùng (38/39): the school profile's region of the year, as in section IV.
- Age: the year the school year starts minus the birth year (computed in the
  grouped query); right age: rules.right_age (6 in lớp 1 … 17 in lớp 12).
- 57 mới tuyển đầu cấp: in the first grade of a level (lớp 1, 6, 10, GDTX 10;
  every preschool group and class), Enrollment.intake "new" or an admission
  movement in the year (a new pupil of a later grade is not an intake). 58 lưu ban: intake "repeat".
- 59 học 2 buổi/ngày: Enrollment.two_sessions, or the class meets two or more
  sessions a day (session pattern 4–7: sáng chiều, sáng tối, chiều tối, cả ba).
- 60 dân tộc bán trú: Enrollment.semi_boarding of an ethnic-minority pupil.
- 61 khuyết tật: every pupil with a disability; 62–66 by type: nhìn 03, nghe nói
  02, trí tuệ 05, vận động 01, thần kinh tâm thần 04 (06 khác only in 61). The
  report moves the pupils of special schools to 67–72 (reports/form_tables.py);
  73 (tin học) is not kept.
- 74 đối tượng chính sách: any policy category; 75 hỗ trợ chi phí học tập: a grant
  of support 03 holding on the day (supports.granted_on); 76 DTTS rất ít người được
  hỗ trợ: policy category 11; 77 hỗ trợ tiền ăn, nhà ở, gạo: a grant of support 06
  holding on the day.
"""

from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import Integer, and_, cast, extract, func, literal, or_, select

from smasweb import clock, codelists
from smasweb.extensions import db
from smasweb.models import Unit, User
from smasweb.models.schools import ClassGroup, SchoolProfile
from smasweb.models.students import Enrollment, Movement, Student
from smasweb.services import policy
from smasweb.services.students.as_of import away_ids, present_on
from smasweb.services.students.rules import FIRST_GRADES, grade_number, right_age
from smasweb.services.students.supports import held_codes
from smasweb.services.summaries import (
    MOUNTAIN_REGIONS,
    NOT_MINORITY,
    PUBLIC,
    add_cells,
    flag,
    join_profile,
)

FIELD = "students"
TWO_SESSION_PATTERNS = ("4", "5", "6", "7")
# A longer school list filters the per-school rows, not the pupils: on the pupils
# PostgreSQL descends the index once per id and keeps the scan serial (issue 15)
PUPIL_FILTER_MAX = 200
PRESCHOOL_GRADES = {"16": "Trẻ em nhà trẻ", "17": "Trẻ em mẫu giáo"}
DISABILITY_ROWS = (  # (Mã số, label, disability code)
    ("62", "Khuyết tật về nhìn", "03"),
    ("63", "Khuyết tật về nghe, nói", "02"),
    ("64", "Khuyết tật về trí tuệ", "05"),
    ("65", "Khuyết tật về vận động", "01"),
    ("66", "Khuyết tật thần kinh, tâm thần", "04"),
)
DISABILITY_ROW = {code: ind for ind, _, code in DISABILITY_ROWS}
COLUMNS = [
    "Tổng số",
    "Nữ",
    "Dân tộc thiểu số",
    "Dân tộc thiểu số – Nữ",
    "Công lập – Tổng số",
    "Công lập – Nữ",
    "Công lập – Dân tộc thiểu số",
    "Công lập – Dân tộc thiểu số – Nữ",
    "Ngoài công lập – Tổng số",
    "Ngoài công lập – Nữ",
    "Ngoài công lập – Dân tộc thiểu số",
    "Ngoài công lập – Dân tộc thiểu số – Nữ",
]


@dataclass
class SummaryRow:
    """One row of section III; `key` identifies it, `indicator` is the form's Mã số."""

    key: str
    indicator: str
    number: str
    label: str
    indent: int = 0
    heading: str = ""
    cells: list[int] = field(default_factory=lambda: [0] * len(COLUMNS))

    @property
    def total(self) -> int:
        return self.cells[0]


@dataclass(frozen=True)
class Group:
    """One GROUP BY row: a kind of pupil and how many there are."""

    grade: str
    age: int
    female: bool
    minority: bool
    public: bool
    mountain: bool
    new: bool
    repeat: bool
    two_sessions: bool
    semi_boarding: bool
    disability: str | None
    policy: bool
    cost_support: bool
    tiny_minority: bool
    food_support: bool
    n: int

    def cells(self) -> list[int]:
        f, m, p = self.female, self.minority, self.public
        flags = (True, f, m, m and f, p, p and f, p and m, p and m and f)
        flags += (not p, not p and f, not p and m, not p and m and f)
        return [self.n if flag else 0 for flag in flags]

    def row_keys(self) -> list[str]:
        """The rows (SummaryRow.key) this group counts in."""
        out = ["total", "mountain" if self.mountain else "plain", f"grade{self.grade}"]
        grade = grade_number(self.grade)
        if grade is not None:
            out.append(f"age{self.age}")
            if self.age == right_age(self.grade):
                out.append(f"right{grade}")
        flags = (
            ("new", self.new), ("repeat", self.repeat),
            ("two", self.two_sessions), ("semi", self.semi_boarding and self.minority),
            ("disabled", self.disability is not None), ("policy", self.policy),
            ("cost", self.cost_support), ("tiny", self.tiny_minority),
            ("food", self.food_support),
        )  # fmt: skip
        out += [key for key, on in flags if on]
        if self.disability in DISABILITY_ROW:
            out.append(f"disability{self.disability}")
        return out


def _grade_label(grade: str) -> str:
    if grade in PRESCHOOL_GRADES:
        return PRESCHOOL_GRADES[grade]
    label = codelists.label("grades", grade, f"Lớp {grade}")
    return f"Học sinh {label[0].lower()}{label[1:]}"


def empty_rows(grades: list[str]) -> list[SummaryRow]:
    """Rows 37–77 for these grade codes (DM_KHOI), all zero, in the form's order."""
    R = SummaryRow
    rows = [
        R("total", "37", "3.1.", "Tổng quy mô"),
        R("plain", "38", "", "Trung du, đồng bằng, thành phố", 1, "3.2. Quy mô chia theo vùng"),
        R("mountain", "39", "", "Miền núi, vùng sâu, hải đảo", 1),
    ]  # fmt: skip
    for i, g in enumerate(sorted(grades, key=lambda g: (g not in PRESCHOOL_GRADES, g))):
        n = grade_number(g)
        code = str(39 + n) if n and n <= 5 else ""
        head = "3.3. Quy mô chia ra theo lớp" if i == 0 else ""
        rows.append(R(f"grade{g}", code, "", _grade_label(g), 1, head))
    numbers = sorted(n for g in grades if (n := grade_number(g)))
    if numbers:
        lo, hi = numbers[0] + 5, numbers[-1] + 5
        head = "3.4. Quy mô chia ra theo độ tuổi"
        rows.append(
            R("age_below", "45" if lo == 6 else "", "", f"Dưới {lo} tuổi", 1, head)
        )
        for age in range(lo, hi + 1):
            code = str(40 + age) if 6 <= age <= 10 else ""
            rows.append(R(f"age{age}", code, "", f"{age} tuổi", 1))
        rows.append(R("age_above", "51" if hi == 10 else "", "", f"Trên {hi} tuổi", 1))
        for i, n in enumerate(numbers):
            head = "Trong đó học sinh đi học đúng tuổi" if i == 0 else ""
            code = str(51 + n) if n <= 5 else ""
            label = f"Học sinh {n + 5} tuổi học lớp {n}"
            rows.append(R(f"right{n}", code, "", label, 1, head))
    rows += [
        R("new", "57", "", "Học sinh mới tuyển đầu cấp", 1, "3.5. Trong tổng quy mô có"),
        R("repeat", "58", "", "Học sinh lưu ban năm học trước đang học lại trong năm học này", 1),
        R("two", "59", "", "Học sinh học 2 buổi/ngày", 1),
        R("semi", "60", "", "Học sinh dân tộc bán trú", 1),
        R("disabled", "61", "", "Học sinh khuyết tật học hòa nhập", 1),
    ]  # fmt: skip
    rows += [
        R(f"disability{c}", ind, "", label, 2) for ind, label, c in DISABILITY_ROWS
    ]
    rows += [
        R("policy", "74", "3.6.", "Học sinh thuộc đối tượng chính sách"),
        R("cost", "75", "3.6.1.", "Học sinh được hỗ trợ chi phí học tập", 1),
        R("tiny", "76", "3.6.2.", "Học sinh dân tộc thiểu số rất ít người được hỗ trợ học tập", 1),
        R("food", "77", "3.6.3.", "Học sinh được hỗ trợ tiền ăn, tiền nhà ở và gạo", 1),
    ]  # fmt: skip
    return rows


def _has_code(column, code: str):
    """SQL: does a comma-separated code column hold `code`?"""
    return (literal(",") + func.coalesce(column, "") + literal(",")).like(f"%,{code},%")


def _groups(actor: User, school_ids, year: int, grades, day: date) -> list[Group]:
    # Issue 15 (bench/report_build.py, province primary 2.35 → 1.56 s): a numeric
    # EXTRACT age made PostgreSQL sort 340,000 rows on 14 keys (and JIT them); an
    # integer age hashes 456 groups. `admitted` is one hashed IN, not an EXISTS per
    # pupil; ix_students_summary (0014) is read alone (35 MB, not the 240 MB heap);
    # counting per school first saves ~20 %. present_on keeps NOT IN: NOT EXISTS
    # saved 11 % but looped the window query for one-school scopes. Round 2: the
    # supports are one LEFT JOIN of the grants held on the day (held_codes), not two
    # correlated EXISTS per pupil (section III 1,440 → 1,120 ms).
    held = held_codes(("03", "06"), day)
    wide = school_ids is None or len(school_ids) > PUPIL_FILTER_MAX
    # a wide scan reads the away ids first (as_of.away_ids); a school's or a
    # district's keeps the subquery, not every away pupil of the province
    away = away_ids(day) if wide else None
    admitted = Student.id.in_(
        select(Movement.student_id).where(
            Movement.year == year, Movement.kind == "admission"
        )
    )
    keys = (
        ClassGroup.grade,
        year - cast(extract("year", Student.birth_date), Integer),
        flag(Student.gender == "02"),
        flag(Student.ethnicity.not_in(NOT_MINORITY)),
        flag(Unit.ownership == PUBLIC),
        flag(SchoolProfile.region.in_(MOUNTAIN_REGIONS)),
        flag(
            and_(
                ClassGroup.grade.in_(FIRST_GRADES),
                or_(Enrollment.intake == "new", admitted),
            )
        ),
        flag(Enrollment.intake == "repeat"),
        flag(
            or_(
                Enrollment.two_sessions,
                ClassGroup.session_pattern.in_(TWO_SESSION_PATTERNS),
            )
        ),
        flag(Enrollment.semi_boarding),
        Student.disability,
        flag(func.coalesce(Student.policy_categories, "") != ""),
        func.coalesce(held.c.c03, 0),
        flag(_has_code(Student.policy_categories, "11")),
        func.coalesce(held.c.c06, 0),
    )
    # The school's keys (ownership, region) join ~40,000 per-school rows, not pupils
    school_keys = {4: keys[4], 5: keys[5]}  # the Unit and SchoolProfile keys
    pupil_keys = [k.label(f"k{i}") for i, k in enumerate(keys) if i not in school_keys]
    inner = (
        select(Student.school_id, *pupil_keys, func.count().label("n"))
        .select_from(Enrollment)
        .join(Student, Student.id == Enrollment.student_id)
        .join(ClassGroup, ClassGroup.id == Enrollment.class_id)
        .outerjoin(held, held.c.student_id == Student.id)
        .where(Enrollment.year == year, present_on(day, away))
    )
    inner = policy.scope_school_data(actor, inner, Student)
    if not wide:
        inner = inner.where(Student.school_id.in_(school_ids))
    if grades is not None:
        inner = inner.where(ClassGroup.grade.in_(grades))
    per_school = inner.group_by(Student.school_id, *pupil_keys).subquery("per_school")
    c = per_school.c
    outer = [
        school_keys[i] if i in school_keys else c[f"k{i}"] for i in range(len(keys))
    ]
    stmt = join_profile(
        select(*outer, func.sum(c.n))
        .select_from(per_school)
        .join(Unit, Unit.id == c.school_id),
        c,
        year,
    ).where(Unit.kind == "school")
    if school_ids is None:
        stmt = stmt.where(Unit.closed_on.is_(None))
    else:  # as limit_schools
        stmt = stmt.where(Unit.id.in_(school_ids))
    stmt = stmt.group_by(*outer)
    out = []
    for grade, age, *flags, disability, pol, cost, tiny, food, n in db.session.execute(
        stmt
    ):
        out.append(
            Group(
                grade,
                int(age),
                *map(bool, flags),
                disability,
                bool(pol),
                bool(cost),
                bool(tiny),
                bool(food),
                int(n),
            )
        )
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
    groups = _groups(actor, school_ids, year, grades, day or clock.today())
    present = sorted(grades if grades is not None else {g.grade for g in groups})
    rows = empty_rows(present)
    by_key = {r.key: r for r in rows}
    numbers = sorted(n for grade in present if (n := grade_number(grade)))
    lo, hi = (numbers[0] + 5, numbers[-1] + 5) if numbers else (0, 0)
    for g in groups:
        add = g.cells()
        for key in g.row_keys():
            if key.startswith("age") and grade_number(g.grade) is not None:
                key = "age_below" if g.age < lo else "age_above" if g.age > hi else key
            add_cells(by_key[key].cells, add)
    return rows
