"""The term reports recounted from the raw rows, independently of the builder:
every results cell from the StudentResult rows, every subject's averages and
bands from the SubjectResult rows; and those stored averages checked against
the Mark rows through tt22's own Python rule (semester_average, year_average),
on the small province and on random marks, rounding edges included."""

import random
from collections import Counter, defaultdict
from datetime import date
from decimal import Decimal

import pytest
from sqlalchemy import select

from smasweb.extensions import db
from smasweb.models.assessment import Mark, StudentResult, SubjectResult
from smasweb.models.schools import ClassGroup
from smasweb.models.students import Enrollment, Student
from smasweb.services.assessment import curriculum, results_confirm, tt22
from smasweb.services.reports import get
from smasweb.services.reports.term import scores
from smasweb.services.system import system_override
from tests.factories import make_student, make_user
from tests.services.results_data import (
    MARK_DAYS,
    SETUP,
    YEAR,
    YEAR_END,
    at,
    make_class,
    set_conduct,
)
from tests.services.term_report_data import build_world, report

pytestmark = pytest.mark.real_calendar
KINDS = {"semester1": "semester_1", "school_year": "school_year"}
TERMS = {"semester1": "hk1", "school_year": "cn"}
DAYS = {"semester1": date(YEAR, 12, 31), "school_year": date(YEAR + 1, 5, 31)}
SEMESTERS = {"semester1": (1,), "school_year": (1, 2)}


def _pupils(school_ids) -> dict[int, tuple[str, set[str]]]:
    """{student id: (grade, people columns)} of every enrolled pupil (all present:
    none of this world's pupils moved)."""
    stmt = (
        select(Student.id, ClassGroup.grade, Student.gender, Student.ethnicity)
        .join(Enrollment, Enrollment.student_id == Student.id)
        .join(ClassGroup, ClassGroup.id == Enrollment.class_id)
        .where(Student.school_id.in_(school_ids), Enrollment.year == YEAR)
    )
    out = {}
    for sid, grade, gender, ethnicity in db.session.execute(stmt):
        people = {"all"} | ({"female"} if gender == "02" else set())
        people |= {"minority"} if ethnicity not in ("01", "55") else set()
        out[sid] = (grade, people)
    return out


def _recount_results(pupils, term) -> Counter:
    """{(field, value, grade, people): pupils} from the raw result rows."""
    stored = {
        (r.student_id, r.term): r
        for r in db.session.scalars(
            select(StudentResult).where(StudentResult.student_id.in_(pupils))
        )
    }
    out = Counter()
    for sid, (grade, people) in pupils.items():
        row, after = stored.get((sid, term)), stored.get((sid, "sau"))
        facts = [("present", None)]
        if row is None:
            facts.append(("missing", None))
        else:
            facts += [("rated", None), ("learning", row.learning),
                      ("conduct", row.conduct), ("decision", row.decision),
                      ("award", row.award)]  # fmt: skip
            if after is not None and term == "cn":
                facts.append(("after", after.decision))
        for field, value in facts:
            for p in people:
                out[field, value, grade, p] += 1
    return out


BLOCK_FACTS = {
    "Số học sinh": ("present", None),
    "Số học sinh đã chốt kết quả": ("rated", None),
    "Chưa chốt kết quả": ("missing", None),
    "Tốt": ("T",),
    "Khá": ("K",),
    "Đạt": ("D",),
    "Chưa đạt": ("CD",),
    "Lên lớp (hoàn thành chương trình)": ("decision", "len_lop"),
    "Kiểm tra lại trong hè": ("decision", "kiem_tra_lai"),
    "Rèn luyện trong hè": ("decision", "ren_luyen_he"),
    "Ở lại lớp": ("decision", "o_lai_lop"),
    "Sau kiểm tra lại, rèn luyện hè: lên lớp": ("after", "len_lop"),
    "Sau kiểm tra lại, rèn luyện hè: ở lại lớp": ("after", "o_lai_lop"),
    "Học sinh Xuất sắc": ("award", "xuat_sac"),
    "Học sinh Giỏi": ("award", "gioi"),
}


def _check_results_table(table, counted, grades):
    block = None
    for row in table.rows:
        if row.number:
            block, chosen = row.label, grades
        else:
            chosen = [g for g in grades if row.label == f"Lớp {int(g)}"]
        fact = BLOCK_FACTS[block]
        if len(fact) == 1:  # a level of the table's own field
            fact = (table.key, fact[0])
        got = [row.cells[i] for i in (0, 2, 4)]
        want = [sum(counted[(*fact, g, p)] for g in chosen)
                for p in ("all", "female", "minority")]  # fmt: skip
        assert got == want, (table.key, block, row.label)


def _stored_averages(pupils, term) -> dict[tuple[int, str], Decimal]:
    """{(student id, subject): average} of the SubjectResult rows of `term`."""
    stmt = select(SubjectResult).where(
        SubjectResult.student_id.in_(pupils),
        SubjectResult.term == term,
        SubjectResult.average.is_not(None),
    )
    return {(r.student_id, r.subject_code): r.average for r in db.session.scalars(stmt)}


def _raw_marks(pupils, day) -> dict:
    marks = defaultdict(lambda: {"tx": [], "gk": None, "ck": None})
    for m in db.session.scalars(select(Mark).where(Mark.student_id.in_(pupils))):
        if m.score is None or m.kind == "kl" or m.day > day:
            continue
        slot = marks[m.student_id, m.subject_code, m.semester]
        if m.kind == "tx":
            slot["tx"].append(m.score)
        else:
            slot[m.kind] = m.score
    return marks


def _by_rule(marks, pupils, semesters) -> dict[tuple[int, str], Decimal]:
    """{(student id, subject): ĐTBmhk or ĐTBmcn} by tt22's Python rule."""
    out = {}
    for sid, (grade, _) in pupils.items():
        for s in curriculum.subjects(grade):
            if s.assessment != "score":
                continue
            need = tt22.regular_count(s.periods, s.comment_only)
            avg = [
                tt22.semester_average(m["tx"], m["gk"], m["ck"], need)
                if (m := marks.get((sid, s.code, sem)))
                else None
                for sem in semesters
            ]
            value = avg[0] if len(avg) == 1 else tt22.year_average(*avg)
            if value is not None:
                out[sid, s.code] = value
    return out


def _confirmed(pupils, term) -> set[int]:
    stmt = select(StudentResult.student_id).where(
        StudentResult.student_id.in_(pupils), StudentResult.term == term
    )
    return set(db.session.scalars(stmt))


def _bands(values, pupils) -> dict:
    """{(grade, subject, band): [pupils, Σ tenths]} of per-pupil averages."""
    out = defaultdict(lambda: [0, 0])
    for (sid, code), value in values.items():
        tenths = int(value * 10)
        key = (pupils[sid][0], code, scores.band_of(tenths))
        out[key][0] += 1
        out[key][1] += tenths
    return dict(out)


@pytest.mark.parametrize("code", ["semester1", "school_year"])
def test_every_cell_recounted_from_the_raw_rows(world, code):
    province = build_world(world)
    data = report(get(code), province.dept, "03", KINDS[code])
    ids = [province.s1b.id, province.s2b.id]
    pupils = _pupils(ids)
    grades = ["06", "07", "08", "09"]
    counted = _recount_results(pupils, TERMS[code])
    for key in ("learning", "conduct", "decisions"):
        if key != "decisions" or code == "school_year":
            _check_results_table(data.table(key), counted, grades)
    term, day = TERMS[code], DAYS[code]
    stored = _stored_averages(pupils, term)
    # the independent check: what Chốt kết quả stored is tt22's rule on the marks
    rule = _by_rule(_raw_marks(pupils, day), pupils, SEMESTERS[code])
    confirmed = _confirmed(pupils, term)
    assert stored == {k: v for k, v in rule.items() if k[0] in confirmed}
    assert {sid for sid, _ in rule} - confirmed  # Trà Côn's marks: not counted
    want = _bands(stored, pupils)
    table = data.table("scores")
    subjects = {s.name: s.code for s in scores.scored_subjects(grades)}
    for row in table.rows:
        if not row.number:
            continue
        code_ = subjects[row.label]
        bands = [sum(v[0] for k, v in want.items() if k[1:] == (code_, b))
                 for b in range(len(scores.BANDS))]  # fmt: skip
        tenths = sum(v[1] for k, v in want.items() if k[1] == code_)
        n = sum(bands)
        assert row.cells[3:] == bands, row.label
        assert row.cells[:3] == [n, tenths / 10, round(tenths / 10 / n, 2) if n else 0]


def test_stored_averages_equal_the_python_rule_on_random_marks(world):
    """30 pupils, random marks with one decimal: what Chốt kết quả stores for
    semester I and the year is tt22's rule on the marks, rounding edges
    included, and the report's grouped query counts exactly those."""
    rng = random.Random(17)
    with at(SETUP):
        school = world.s1b
        cls = make_class(school, "7R", "07")
        pupils = [make_student(school, cls) for _ in range(30)]
        rows = []
        for p in pupils:
            for s in curriculum.subjects("07"):
                need = tt22.regular_count(s.periods, s.comment_only)
                for sem in (1, 2):
                    count = need if s.comment_only else rng.randint(need, 4)
                    kinds = [("tx", i) for i in range(1, count + 1)]
                    for kind, pos in [*kinds, ("gk", 1), ("ck", 1)]:
                        score = Decimal(rng.randint(0, 100)) / 10
                        rows.append(Mark(
                            school_id=school.id, year=YEAR, student_id=p.id,
                            class_id=cls.id, subject_code=s.code, semester=sem,
                            kind=kind, position=pos, day=MARK_DAYS[sem],
                            score=None if s.comment_only else score,
                            verdict="D" if s.comment_only else None,
                        ))  # fmt: skip
            set_conduct(cls, p, "T", "K")
        with system_override("test: random marks"):
            db.session.add_all(rows)
            db.session.flush()
        db.session.commit()
    leader = make_user("school_leader", school, username="bgh7r")
    with at(YEAR_END):
        for term in ("hk1", "cn"):
            results_confirm.confirm(leader, cls.id, term)
        db.session.commit()
    pupil_grades = {p.id: ("07", {"all"}) for p in pupils}
    marks = _raw_marks(pupil_grades, DAYS["school_year"])
    for code, term in TERMS.items():
        want = _by_rule(marks, pupil_grades, SEMESTERS[code])
        assert len(want) == 30 * 8  # every scored subject of every pupil
        assert _stored_averages(pupil_grades, term) == want
        got = scores.secondary([school.id], ["07"], YEAR, term, DAYS[code])
        assert {k: list(v) for k, v in got.items()} == _bands(want, pupil_grades)
