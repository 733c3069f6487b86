"""The 2018 general curriculum (Chương trình GDPT 2018, TT 32/2018/TT-BGDĐT) as
data: the subjects and educational activities of each grade, their periods per
year, and how TT 22/2021 (secondary) and TT 27/2020 (primary) assess them.

data/curriculum/ctgdpt2018.csv, one row per grade and subject:
- assessment: "score" (nhận xét kết hợp điểm số), "comment" (chỉ nhận xét: Đạt /
  Chưa đạt, TT 22 Art. 5), "level" (primary: Hoàn thành tốt / Hoàn thành / Chưa
  hoàn thành, TT 27 Art. 6);
- tests (primary): the moments with a periodic test, "ck" (end of semester I and
  of the year) and "gk" (mid-terms: lớp 4–5, Tiếng Việt and Toán; TT 27 Art. 7);
- group: "compulsory", or "elective" (upper secondary: a class studies the ones
  the school chose for it, models.assessment.ClassSubject).
Continuing-education (GDTX) classes of lớp 10–12 follow the upper-secondary rows.
"""

import csv
from dataclasses import dataclass
from functools import cache
from importlib import resources

PRIMARY_TERMS_WITH_MID = ("gk1", "gk2")
# continuing-education (GDTX) lớp 10–12 study the upper-secondary rows
GDTX_GRADES = {"13": "10", "14": "11", "15": "12"}


@dataclass(frozen=True)
class Subject:
    code: str
    name: str
    grade: str
    periods: int  # per year
    assessment: str  # score | comment | level
    tests: tuple[str, ...]  # primary: "gk", "ck"
    elective: bool

    @property
    def comment_only(self) -> bool:
        return self.assessment == "comment"

    def has_test(self, term: str) -> bool:
        """Has a periodic test at this primary term (gk1, ck1, gk2, ck2)?"""
        return term[:2] in self.tests


@cache
def _rows() -> tuple[Subject, ...]:
    path = resources.files("smasweb.data").joinpath("curriculum", "ctgdpt2018.csv")
    with path.open(encoding="utf-8") as f:
        return tuple(
            Subject(
                code=r["code"],
                name=r["name"],
                grade=r["grade"],
                periods=int(r["periods"]),
                assessment=r["assessment"],
                tests=tuple(t for t in r["tests"].split(",") if t),
                elective=r["group"] == "elective",
            )
            for r in csv.DictReader(f)
        )


def subjects(grade: str, electives: frozenset[str] | None = None) -> list[Subject]:
    """The subjects of a grade in the curriculum's order: the compulsory ones and,
    of the electives, those named (None: every elective, for choosing them)."""
    grade = GDTX_GRADES.get(grade, grade)
    return [
        s
        for s in _rows()
        if s.grade == grade
        and (not s.elective or electives is None or s.code in electives)
    ]


def subject(grade: str, code: str) -> Subject | None:
    grade = GDTX_GRADES.get(grade, grade)
    return next((s for s in _rows() if s.grade == grade and s.code == code), None)


def elective_choices(grade: str) -> list[Subject]:
    return [s for s in subjects(grade) if s.elective]


def is_primary(grade: str) -> bool:
    return any(s.grade == grade and s.assessment == "level" for s in _rows())
