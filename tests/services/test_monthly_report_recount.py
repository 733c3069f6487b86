"""The monthly report equals a recount in plain Python, cell by cell.

A seeded random province (two districts and a school under the Department; a
preschool, primary, lower-secondary and a TH+THCS school) gets pupils with random
movement histories (admissions, transfers in and out, dropouts with and without a
reason, returns, imported inactive records), roll calls across the term and, in
the secondary classes, chosen electives and marks (regular ones on both sides of
the data dates, mid-terms, semester II's, some in a subject the class does not
study). Every
cell of every table of the October and November reports is then re-derived from the
rows written, following the rules the report modules document (as_of: where a
pupil is at the end of a day; pupils: sizes and movements; attendance: sessions due
and absences; mark_progress: ĐĐGtx entered and due, read here straight from the
curriculum file and TT 22 Art. 6), for each school, each district and the
province, per level.
"""

import csv
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from random import Random

import pytest
from sqlalchemy import select

import smasweb
from smasweb import codelists
from smasweb.extensions import db
from smasweb.models import ReportPeriod
from smasweb.models.assessment import ClassSubject, Mark
from smasweb.models.attendance import AttendanceRecord
from smasweb.models.schools import ClassGroup
from smasweb.models.students import Enrollment, Movement, Student
from smasweb.services import years as school_years
from smasweb.services.calendar import rules as calendar_rules
from smasweb.services.reports import monthly
from smasweb.services.reports.scope import reader, resolve
from smasweb.services.students.rules import derive_status
from smasweb.services.system import system_override
from tests.factories import make_unit

Y = school_years.current_year()
LEAVING, ARRIVALS = ("transfer_out", "dropout"), ("admission", "transfer_in")
INCREASES = ("transfer_in", "admission", "return")
DECREASES = ("transfer_out", "dropout")
REASONS = [r["code"] for r in codelists.rows("dropout_reasons")] + [None]
LEVEL_GRADES = {
    "01": ("16", "17"),
    "02": ("01", "02", "03", "04", "05"),
    "03": ("06", "07", "08", "09"),
    "04": ("10", "11", "12"),
}
SCHOOLS = (  # key, parent, level group, levels
    ("mn", "d1", "01", ("01",)),
    ("th1", "d1", "06", ("02",)),
    ("thcs", "d1", "07", ("03",)),
    ("ptcs", "d2", "09", ("02", "03")),
    ("th2", "dept", "06", ("02",)),
    ("thpt", "d2", "08", ("04",)),
)
MONTHS = {10: (date(Y, 9, 15), date(Y, 10, 15)), 11: (date(Y, 10, 15), date(Y, 11, 15))}
with (Path(smasweb.__file__).parent / "data/curriculum/ctgdpt2018.csv").open() as f:
    CURRICULUM = list(csv.DictReader(f))


def regular_due(grade: str, electives: frozenset) -> dict[str, int]:
    """{subject: ĐĐGtx a pupil of the class needs a semester} (TT 22 Art. 6: 2
    for a comment-only subject or up to 35 periods a year, 3 up to 70, else 4)."""
    out = {}
    for r in CURRICULUM:
        if r["grade"] == grade and (r["group"] != "elective" or r["code"] in electives):
            periods = int(r["periods"])
            comment = r["assessment"] == "comment"
            out[r["code"]] = (
                2 if comment or periods <= 35 else 3 if periods <= 70 else 4
            )
    return out


@dataclass
class Pupil:
    grade: str
    age_group: str  # the class's ("" outside preschool)
    sessions: int  # the class's sessions a day
    female: bool
    minority: bool
    active: bool
    moves: list = field(default_factory=list)  # (day, order, kind, reason)
    absences: list = field(default_factory=list)  # (day, status)
    electives: frozenset = frozenset()  # the class's chosen ones
    marks: list = field(default_factory=list)  # (subject, semester, kind, day)
    student_id: int = 0


@dataclass
class School:
    key: str
    parent: str
    levels: tuple
    unit: object = None
    pupils: list = field(default_factory=list)


def _term_weekdays() -> list[date]:
    day, out = date(Y, 9, 8), []
    while day <= date(Y, 11, 28):
        if day.weekday() < 5:
            out.append(day)
        day += timedelta(days=1)
    return out


def _history(rng: Random) -> list[tuple[date, str, str | None]]:
    def on() -> date:
        return date(Y, 9, 6) + timedelta(days=rng.randrange(85))

    pick = rng.random()
    if pick < 0.55:
        return []
    if pick < 0.63:
        return [(on(), "admission", None)]
    if pick < 0.71:
        return [(on(), "transfer_in", None)]
    if pick < 0.79:
        return [(on(), "transfer_out", None)]
    if pick < 0.9:
        return [(on(), "dropout", rng.choice(REASONS))]
    first, second = sorted((on(), on()))
    return [(first, "dropout", rng.choice(REASONS)), (second, "return", None)]


def _school(rng: Random, units: dict, spec, days: list[date]) -> School:
    key, parent, group, levels = spec
    s = School(key, parent, levels)
    s.unit = make_unit("school", units[parent], name=f"Trường {key}", level_group=group)
    for level in levels:
        for grade in LEVEL_GRADES[level]:
            for i in range(rng.randint(1, 2)):
                age_group = ""
                if level == "01":
                    age_group = rng.choice(
                        ("01", "02", "03") if grade == "16" else ("04", "05", "06")
                    )
                pattern = rng.choice((None, "1", "4", "5"))
                cls = ClassGroup(
                    school_id=s.unit.id,
                    year=Y,
                    grade=grade,
                    name=f"{grade}-{i}",
                    session_pattern=pattern,
                    age_group=age_group or None,
                )
                db.session.add(cls)
                db.session.flush()
                chosen = _electives(rng, cls)
                two = not age_group and pattern in ("4", "5")
                for _ in range(rng.randint(3, 8)):
                    s.pupils.append(_pupil(rng, s, cls, two, days))
                    s.pupils[-1].electives = chosen
                    _marks(rng, s.pupils[-1], cls, chosen)
    return s


def _electives(rng: Random, cls) -> frozenset:
    offered = [
        r["code"]
        for r in CURRICULUM
        if r["grade"] == cls.grade and r["group"] == "elective"
    ]
    chosen = frozenset(rng.sample(offered, rng.randint(0, min(4, len(offered)))))
    # a topic cluster (chuyên đề) sharing an elective's code adds no subject
    topics = rng.sample(
        sorted(set(offered) - chosen), min(1, len(offered) - len(chosen))
    )
    for code, kind in [
        *((c, "elective") for c in sorted(chosen)),
        *((c, "topic") for c in topics),
    ]:
        db.session.add(
            ClassSubject(
                school_id=cls.school_id, class_id=cls.id, subject_code=code,
                kind=kind,
            )
        )  # fmt: skip
    return chosen


def _marks(rng: Random, p: Pupil, cls, chosen: frozenset) -> None:
    """Random marks of a secondary pupil: mostly regular ones of semester I dated
    from September to December, some mid-terms and semester II's, now and then
    in a subject of the grade the class does not study."""
    codes = [r["code"] for r in CURRICULUM if r["grade"] == cls.grade]
    if not codes or rng.random() < 0.2:
        return
    studied = list(regular_due(cls.grade, chosen))
    positions = Counter()
    for _ in range(rng.randint(0, 12)):
        code = rng.choice(codes if rng.random() < 0.1 else studied)
        pick = rng.random()
        kind, semester = (
            ("gk", 1) if pick < 0.1 else ("tx", 2) if pick < 0.2 else ("tx", 1)
        )
        day = date(Y, 9, 6) + timedelta(days=rng.randrange(100))
        if semester == 2:
            day = date(Y + 1, 1, 5) + timedelta(days=rng.randrange(20))
        positions[code, semester, kind] += 1
        p.marks.append((code, semester, kind, day))
        db.session.add(
            Mark(
                school_id=cls.school_id, year=Y, student_id=p.student_id,
                class_id=cls.id, subject_code=code, semester=semester, kind=kind,
                position=positions[code, semester, kind], score=7, day=day,
            )
        )  # fmt: skip


def _pupil(rng: Random, s: School, cls, two: bool, days: list[date]) -> Pupil:
    history = _history(rng)
    moves = [
        Movement(on_date=d, kind=k, reason=r, year=Y, term="1", school_id=s.unit.id)
        for d, k, r in history
    ]
    _, active, _ = derive_status(moves)
    if not history and rng.random() < 0.04:
        active = False  # imported as gone, no movement to date it
    p = Pupil(
        cls.grade,
        cls.age_group or "",
        2 if two else 1,
        rng.random() < 0.5,
        rng.random() < 0.3,
        active,
        [(d, i, k, r) for i, (d, k, r) in enumerate(history)],
    )
    student = Student(
        school_id=s.unit.id,
        school_code=f"{s.key}-{len(s.pupils)}",
        full_name=f"Học Sinh {len(s.pupils)}",
        gender="02" if p.female else "01",
        ethnicity="04" if p.minority else "01",
        birth_date=date(2015, 1, 1),
        status="01",
        active=active,
        **Student.search_keys(f"Học Sinh {len(s.pupils)}"),
    )
    db.session.add(student)
    db.session.flush()
    p.student_id = student.id
    enrolment = Enrollment(
        school_id=s.unit.id, student_id=student.id, year=Y, class_id=cls.id
    )
    db.session.add(enrolment)
    for m in moves:  # in history order: ids follow it
        m.student_id = student.id
        db.session.add(m)
        db.session.flush()
    sessions = ("sang", "chieu") if two else ("ca_ngay",)
    for day in rng.sample(days, rng.choice((0, 0, 1, 2, 4))):
        status = rng.choice("PK")
        for session in sessions[: rng.randint(1, len(sessions))]:
            p.absences.append((day, status))
            db.session.add(
                AttendanceRecord(
                    school_id=s.unit.id,
                    class_id=cls.id,
                    student_id=student.id,
                    day=day,
                    session=session,
                    status=status,
                )
            )
    return p


@pytest.fixture
def province(app, monkeypatch):
    monkeypatch.setitem(app.config, "TODAY", date(Y, 11, 30))
    school_years.ensure_year(Y)
    calendar_rules.ensure_year(Y)
    rng = Random(20261115)
    units = {"dept": make_unit("department", name="Sở GDĐT")}
    units["d1"] = make_unit("district", units["dept"], name="Phòng GDĐT Long Hồ")
    units["d2"] = make_unit("district", units["dept"], name="Phòng GDĐT Trà Ôn")
    days = _term_weekdays()
    with system_override("dữ liệu kiểm thử báo cáo tháng"):
        schools = [_school(rng, units, spec, days) for spec in SCHOOLS]
        db.session.flush()
    db.session.commit()
    return units, schools


def present(p: Pupil, day: date) -> bool:
    """as_of.present_on in plain Python."""
    moves = sorted(p.moves)
    past = [m for m in moves if m[0] <= day]
    if past and past[-1][2] in LEAVING:
        return False
    if moves and moves[0][2] in ARRIVALS and moves[0][0] > day:
        return False
    return p.active or any(k in LEAVING and d > day for d, _, k, _ in moves)


def people(p: Pupil) -> list[str]:
    return ["all"] + ["female"] * p.female + ["minority"] * p.minority


def expected(schools: list[School], level: str, month: int) -> dict:
    """{(table key, row label): cells} of the report, recounted."""
    start, end = MONTHS[month]
    grades = LEVEL_GRADES[level]
    pupils = [p for s in schools for p in s.pupils if p.grade in grades]
    cols = ("all", "female", "minority")

    def size(group, day) -> list[int]:
        n = Counter(c for p in group if present(p, day) for c in people(p))
        return [n[c] for c in cols]

    def moved(group, kinds, span_start, reason="*") -> list[int]:
        n = Counter(
            c
            for p in group
            for d, _, k, r in p.moves
            if k in kinds and span_start < d <= end and reason in ("*", r)
            for c in people(p)
        )
        return [n[c] for c in cols]

    year_start = school_years.ensure_year(Y).starts_on - timedelta(days=1)
    out: dict = {}
    by_grade = [("Tổng số", pupils)] + [
        (codelists.label("grades", g, g), [p for p in pupils if p.grade == g])
        for g in grades
    ]
    for label, group in by_grade:
        out["pupils", label] = size(group, start) + size(group, end)
        out["grade_moves", label] = [
            moved(group, (k,), start)[0] for k in INCREASES + DECREASES
        ]
    kinds = codelists.labels("movement_kinds")
    for kind_set, label in ((INCREASES, "Học sinh tăng"), (DECREASES, "Học sinh giảm")):
        out["moves", label] = moved(pupils, kind_set, start) + moved(
            pupils, kind_set, year_start
        )
        for k in kind_set:
            out["moves", kinds[k]] = moved(pupils, (k,), start) + moved(
                pupils, (k,), year_start
            )
    for code, label in [*codelists.labels("dropout_reasons").items(), (None, "")]:
        out["moves", label or "Chưa ghi lý do"] = moved(
            pupils, ("dropout",), start, code
        ) + moved(pupils, ("dropout",), year_start, code)
    first_day = school_years.ensure_year(Y).starts_on
    base = size(pupils, start) + size(pupils, first_day)
    out["moves", "Sĩ số làm căn cứ tính tỷ lệ"] = base
    out["moves", "Tỷ lệ học sinh thôi học"] = [
        round(100 * n / d, 2) if d else 0.0
        for n, d in zip(out["moves", kinds["dropout"]], base, strict=True)
    ]
    days = sum(1 for d in _term_weekdays() if start < d <= end)
    if level == "01":
        groups = [
            (label, [p for p in pupils if p.age_group == code])
            for code, label in codelists.labels("age_groups").items()
        ]
    else:
        groups = by_grade[1:]
    for label, group in [("Tổng số", pupils), *groups]:
        due = sum(p.sessions * days for p in group if present(p, end))
        absent = Counter(s for p in group for d, s in p.absences if start < d <= end)
        rate = round(100 * (due - absent["P"] - absent["K"]) / due, 2) if due else 0.0
        out["attendance", label] = [due, absent["P"], absent["K"], rate]
    if level in ("03", "04"):
        out.update(expected_progress(schools, level, month))
    return out


def expected_progress(schools: list[School], level: str, month: int) -> dict:
    """Tables V and VI: per subject and per school, [entered, due, rate]."""
    _, end = MONTHS[month]  # semester I: both data dates are in the autumn
    names: dict[str, str] = {}
    for r in CURRICULUM:
        if r["level"] == level:
            names.setdefault(r["code"], r["name"])
    entered: Counter = Counter()
    needed: Counter = Counter()
    for s in schools:
        for p in s.pupils:
            if p.grade not in LEVEL_GRADES[level] or not present(p, end):
                continue
            for code, semester, kind, day in p.marks:
                if (semester, kind) == (1, "tx") and day <= end:
                    entered[s.key, code] += 1
            for code, n in regular_due(p.grade, p.electives).items():
                needed[s.key, code] += n

    def share(keys) -> list:
        done = sum(entered[k] for k in keys)
        total = sum(needed[k] for k in keys)
        return [done, total, round(100 * done / total, 2) if total else 0.0]

    out = {
        ("mark_progress", name): share([(s.key, code) for s in schools])
        for code, name in names.items()
    }
    out["mark_progress", "Tổng số"] = share(
        [(s.key, code) for s in schools for code in names]
    )
    for s in schools:
        out["mark_progress_schools", s.unit.name] = share(
            [(s.key, code) for code in names]
        )
    return out


def cells(data) -> dict:
    return {(t.key, r.label): r.cells for t in data.tables for r in t.rows}


def period(month: int) -> ReportPeriod:
    return db.session.scalars(
        select(ReportPeriod).filter_by(year=Y, kind="monthly", month=month)
    ).one()


def _schools_table(data) -> list:
    keys = {t.key for t in data.tables}
    return (
        data.table("mark_progress_schools").rows
        if "mark_progress_schools" in keys
        else []
    )


@pytest.mark.parametrize("month", [10, 11])
def test_every_unit_and_level_equals_a_recount(province, month):
    units, schools = province
    scopes = [(s.unit, [s], s.levels) for s in schools]
    for key in ("d1", "d2", "dept"):
        under = [s for s in schools if key == "dept" or s.parent == key]
        scopes.append((units[key], under, sorted({v for s in under for v in s.levels})))
    checked = 0
    for unit, under, levels in scopes:
        for level in levels:
            mine = [s for s in under if level in s.levels]
            scope = resolve(reader(), unit.id, level, Y, period(month))
            data = monthly.build(scope)
            want = expected(mine, level, month)
            got = {k: v for k, v in cells(data).items() if k in want}
            assert got == want, (unit.name, level, month)
            assert set(cells(data)) <= set(want), (unit.name, level)
            rates = [r.cells[2] for r in _schools_table(data) if r.cells[1]]
            assert rates == sorted(rates)  # the school furthest behind first
            checked += 1
    assert checked == 7 + 3 + 3 + 4  # schools' levels, d1, d2, the province
    # the data reaches the rows: movements, reasons and absences in the month
    whole = cells(
        monthly.build(resolve(reader(), units["dept"].id, "02", Y, period(month)))
    )
    assert whole["moves", "Học sinh giảm"][0] > 0
    assert (
        whole["attendance", "Tổng số"][1] > 0 and whole["attendance", "Tổng số"][2] > 0
    )
    # marks reach both sections, on every secondary level, and some are not yet due
    for level in ("03", "04"):
        data = monthly.build(
            resolve(reader(), units["dept"].id, level, Y, period(month))
        )
        done, needed, rate = cells(data)["mark_progress", "Tổng số"]
        assert 0 < done < needed and 0 < rate < 100
