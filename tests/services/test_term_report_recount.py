"""The term reports recounted from the raw rows, independently of the builder:
every results cell from the StudentResult rows, every subject's averages and
bands from the Mark rows through the results engine's own Python rule
(tt22.semester_average, year_average); and the report's single SQL query against
that rule on random marks, rounding edges included."""

import random
from collections import Counter, defaultdict
from datetime import date
from decimal import Decimal

import pytest
from sqlalchemy import select

from smasweb.extensions import db
from smasweb.models.assessment import Mark, StudentResult
from smasweb.models.schools import ClassGroup
from smasweb.models.students import Enrollment, Student
from smasweb.services.assessment import curriculum, tt22
from smasweb.services.reports import get
from smasweb.services.reports.term import scores
from smasweb.services.system import system_override
from tests.factories import make_student
from tests.services.results_data import MARK_DAYS, SETUP, YEAR, at, make_class
from tests.services.term_report_data import build_world, report

pytestmark = pytest.mark.real_calendar
KINDS = {"semester1": "semester_1", "school_year": "school_year"}
TERMS = {"semester1": "hk1", "school_year": "cn"}
DAYS = {"semester1": date(YEAR, 12, 31), "school_year": date(YEAR + 1, 5, 31)}


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


def _recount_scores(pupils, code) -> dict:
    """{(grade, subject, band): [pupils, Σ tenths]} by the Python rule."""
    day = DAYS[code]
    marks = defaultdict(lambda: {"tx": [], "gk": None, "ck": None})
    for m in db.session.scalars(select(Mark).where(Mark.student_id.in_(pupils))):
        if m.score is None or m.kind == "kl" or m.day > day:
            continue
        slot = marks[m.student_id, m.subject_code, m.semester]
        if m.kind == "tx":
            slot["tx"].append(m.score)
        else:
            slot[m.kind] = m.score
    return _by_rule(marks, pupils, (1,) if code == "semester1" else (1, 2))


def _by_rule(marks, pupils, semesters) -> dict:
    out = defaultdict(lambda: [0, 0])
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
            if value is None:
                continue
            tenths = int(value * 10)
            key = (grade, s.code, scores.band_of(tenths))
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
    want = _recount_scores(pupils, code)
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


def test_the_sql_averages_equal_the_python_rule_on_random_marks(world):
    """30 pupils, random marks with one decimal (some subjects short of marks):
    the report's one grouped query and tt22's functions agree on every band."""
    rng = random.Random(17)
    with at(SETUP):
        school = world.s1b
        cls = make_class(school, "7R", "07")
        pupils = [make_student(school, cls) for _ in range(30)]
        rows = []
        for p in pupils:
            for s in curriculum.subjects("07"):
                if s.assessment != "score":
                    continue
                need = tt22.regular_count(s.periods, s.comment_only)
                for sem in (1, 2):
                    kinds = [("tx", i) for i in range(1, rng.randint(need - 1, 4) + 1)]
                    kinds += [(k, 1) for k in ("gk", "ck") if rng.random() > 0.05]
                    for kind, pos in kinds:
                        score = Decimal(rng.randint(0, 100)) / 10
                        rows.append(Mark(
                            school_id=school.id, year=YEAR, student_id=p.id,
                            class_id=cls.id, subject_code=s.code, semester=sem,
                            kind=kind, position=pos, score=score,
                            day=MARK_DAYS[sem],
                        ))  # fmt: skip
        with system_override("test: random marks"):
            db.session.add_all(rows)
            db.session.flush()
        db.session.commit()
    pupil_grades = {p.id: ("07", {"all"}) for p in pupils}
    for code, semesters in (("semester1", (1,)), ("school_year", (1, 2))):
        day = DAYS[code]
        marks = defaultdict(lambda: {"tx": [], "gk": None, "ck": None})
        for m in rows:
            slot = marks[m.student_id, m.subject_code, m.semester]
            if m.kind == "tx":
                slot["tx"].append(m.score)
            else:
                slot[m.kind] = m.score
        want = _by_rule(marks, pupil_grades, semesters)
        got = scores.secondary([school.id], ["07"], YEAR, semesters, day)
        assert {k: list(v) for k, v in got.items()} == want
        assert sum(v[0] for v in want.values()) > 50  # most averages complete
