"""The demo's assessment data: teaching assignments and electives, marks that obey
the curriculum and the calendar, and last year's results as the circulars decide
them from those marks (recomputed here from the rows, with the rules' functions)."""

from collections import Counter, defaultdict
from datetime import date
from decimal import Decimal

from sqlalchemy import func, select

from smasweb import clock
from smasweb.extensions import db
from smasweb.models import ClassGroup, Enrollment
from smasweb.models.assessment import (
    ClassSubject,
    ConductResult,
    Mark,
    PrimaryEvaluation,
    StudentResult,
    TeachingAssignment,
)
from smasweb.services.assessment import curriculum, tt22, tt22_decisions, tt27

YEAR, PAST = 2026, 2025
SECONDARY = tuple(f"{g:02d}" for g in range(6, 13))
PRIMARY = tuple(f"{g:02d}" for g in range(1, 6))
# TT 22 semesters as the demo dates them: 05/09–31/12 and 01/01–31/05
BOUNDS = {
    (YEAR, 1): (date(2026, 9, 5), date(2026, 12, 31)),
    (PAST, 1): (date(2025, 9, 5), date(2025, 12, 31)),
    (PAST, 2): (date(2026, 1, 1), date(2026, 5, 31)),
}


def _classes(year: int, grades) -> dict[int, ClassGroup]:
    stmt = select(ClassGroup).where(
        ClassGroup.year == year, ClassGroup.grade.in_(grades)
    )
    return {c.id: c for c in db.session.scalars(stmt)}


def _electives() -> dict[int, frozenset[str]]:
    out = defaultdict(set)
    for class_id, code in db.session.execute(
        select(ClassSubject.class_id, ClassSubject.subject_code).where(
            ClassSubject.kind == "elective"
        )
    ):
        out[class_id].add(code)
    return {k: frozenset(v) for k, v in out.items()}


def _subjects(cls: ClassGroup, electives) -> dict[str, curriculum.Subject]:
    chosen = electives.get(cls.id, frozenset())
    return {s.code: s for s in curriculum.subjects(cls.grade, chosen)}


def _marks(year: int):
    """{(student, subject, semester): {kind: [(position, score, verdict, day)]}}."""
    out = defaultdict(lambda: defaultdict(list))
    stmt = select(
        Mark.student_id, Mark.class_id, Mark.subject_code, Mark.semester, Mark.kind,
        Mark.position, Mark.score, Mark.verdict, Mark.day,
    ).where(Mark.year == year)  # fmt: skip
    classes = {}
    for sid, cid, code, sem, kind, pos, score, verdict, day in db.session.execute(stmt):
        out[(sid, code, sem)][kind].append((pos, score, verdict, day))
        classes[sid] = cid
    return out, classes


def test_every_class_subject_has_a_teacher_who_teaches_it_in_several_classes(
    demo_db,
):
    classes = _classes(YEAR, SECONDARY)
    electives = _electives()
    assigned = defaultdict(set)
    per_teacher = Counter()
    for cid, code, sem, staff in db.session.execute(
        select(
            TeachingAssignment.class_id,
            TeachingAssignment.subject_code,
            TeachingAssignment.semester,
            TeachingAssignment.staff_id,
        ).where(TeachingAssignment.year == YEAR)
    ):
        assigned[cid].add((code, sem))
        per_teacher[(staff, code, sem)] += 1
    with_pupils = set(
        db.session.scalars(select(Enrollment.class_id).where(Enrollment.year == YEAR))
    )
    for cid, cls in classes.items():
        if cid in with_pupils:
            wanted = {(c, s) for c in _subjects(cls, electives) for s in (1, 2)}
            assert assigned[cid] == wanted, cls.name
    assert max(per_teacher.values()) >= 3


def test_upper_secondary_classes_study_four_electives_and_three_topics(demo_db):
    kinds = Counter(
        (cid, kind)
        for cid, kind in db.session.execute(
            select(ClassSubject.class_id, ClassSubject.kind)
        )
    )
    upper_grades = ("10", "11", "12")
    classes = {**_classes(YEAR, upper_grades), **_classes(PAST, upper_grades)}
    with_pupils = set(db.session.scalars(select(Enrollment.class_id)))
    upper = [cid for cid in classes if cid in with_pupils]
    assert upper
    for cid in upper:
        assert kinds[(cid, "elective")] == 4 and kinds[(cid, "topic")] == 3
    assert {cid for cid, _ in kinds} == set(upper)


def _check_values(subject: curriculum.Subject, kinds: dict) -> None:
    for rows in kinds.values():
        for _, score, verdict, _ in rows:
            if subject.comment_only:
                assert score is None and verdict in ("D", "CD")
            else:
                assert verdict is None
                assert Decimal(0) <= score <= Decimal(10)
                assert score == score.quantize(Decimal("0.1"))


def test_last_years_marks_are_complete_and_obey_the_curriculum(demo_db):
    marks, class_of = _marks(PAST)
    classes = _classes(PAST, SECONDARY)
    electives = _electives()
    assert len(class_of) > 5000
    for (sid, code, sem), kinds in marks.items():
        subject = _subjects(classes[class_of[sid]], electives)[code]
        required = tt22.regular_count(subject.periods, subject.comment_only)
        assert sorted(p for p, *_ in kinds["tx"]) == list(range(1, required + 1))
        assert len(kinds["gk"]) == len(kinds["ck"]) == 1
        assert len(kinds["kl"]) <= 1 and (not kinds["kl"] or sem == 2)
        _check_values(subject, kinds)
        first, last = BOUNDS[(PAST, sem)]
        for kind, rows in kinds.items():
            if kind != "kl":  # the re-test is in the summer
                assert all(first <= day <= last for *_, day in rows)


def test_this_years_marks_stop_at_today_before_the_end_of_term(demo_db):
    marks, class_of = _marks(YEAR)
    classes = _classes(YEAR, SECONDARY)
    electives = _electives()
    today = clock.today()
    kinds_seen = Counter()
    for (sid, code, sem), kinds in marks.items():
        assert sem == 1
        subject = _subjects(classes[class_of[sid]], electives)[code]
        required = tt22.regular_count(subject.periods, subject.comment_only)
        assert len(kinds["tx"]) <= required and not kinds["ck"]
        _check_values(subject, kinds)
        first, _ = BOUNDS[(YEAR, 1)]
        for kind, rows in kinds.items():
            kinds_seen[kind] += len(rows)
            assert all(first <= day <= today for *_, day in rows)
    assert kinds_seen["tx"] > 2 * kinds_seen["gk"] > 0
    assert not db.session.scalar(select(func.count()).where(StudentResult.year == YEAR))


def _value(row):
    _, score, verdict, _ = row
    return score if score is not None else verdict


def _semester(subject, kinds):
    tx = [_value(r) for r in sorted(kinds["tx"])]
    mid, end = (_value(kinds[k][0]) for k in ("gk", "ck"))
    required = tt22.regular_count(subject.periods, subject.comment_only)
    if subject.comment_only:
        return tt22.comment_semester([*tx, mid, end], required + 2)
    return tt22.semester_average(tx, mid, end, required)


def test_last_years_results_are_the_engines_decisions_from_the_marks(demo_db):
    marks, class_of = _marks(PAST)
    classes = _classes(PAST, SECONDARY)
    electives = _electives()
    conduct = {
        (sid, sem): level
        for sid, sem, level in db.session.execute(
            select(
                ConductResult.student_id, ConductResult.semester, ConductResult.level
            ).where(ConductResult.year == PAST)
        )
    }
    stored = {
        (r.student_id, r.term): r
        for r in db.session.scalars(
            select(StudentResult).where(StudentResult.year == PAST)
        )
    }
    decisions = Counter()
    for sid, cid in class_of.items():
        subjects = _subjects(classes[cid], electives)
        year = {}
        for code, subject in subjects.items():
            s1, s2 = (_semester(subject, marks[(sid, code, s)]) for s in (1, 2))
            combine = tt22.comment_year if subject.comment_only else tt22.year_average
            year[code] = combine(s1, s2)
        scored = {c: v for c, v in year.items() if not subjects[c].comment_only}
        comment = {c: v for c, v in year.items() if subjects[c].comment_only}
        learning = tt22.learning_result(scored, comment)
        conduct_year = tt22.year_conduct(conduct[(sid, 1)], conduct[(sid, 2)])
        cn = stored[(sid, "cn")]
        absences = stored[(sid, "hk1")].absences + stored[(sid, "hk2")].absences
        assert (cn.learning, cn.conduct, cn.absences) == (
            learning,
            conduct_year,
            absences,
        )
        decision = tt22_decisions.year_decision(conduct_year, learning, absences)
        assert cn.decision == decision
        assert cn.award == tt22_decisions.award(conduct_year, learning, scored)
        decisions[decision] += 1
        if decision.final:
            assert (sid, "sau") not in stored
            continue
        retest = {
            c: marks[(sid, c, 2)]["kl"] for c in subjects if marks[(sid, c, 2)]["kl"]
        }
        after = None
        if learning == tt22.FAIL:
            after = tt22_decisions.learning_after_retest(
                scored, comment,
                {c: _value(r[0]) for c, r in retest.items() if c in scored},
                {c: _value(r[0]) for c, r in retest.items() if c in comment},
            )  # fmt: skip
        summer = conduct.get((sid, 3))
        final = tt22_decisions.year_decision(
            conduct_year, learning, absences, after, summer
        )
        assert stored[(sid, "sau")].decision == final
        decisions[("sau", final)] += 1
    assert decisions["len_lop"] > 0.9 * len(class_of)
    assert decisions["kiem_tra_lai"] and decisions[("sau", "o_lai_lop")]


def test_pupils_who_repeat_now_are_those_held_back_last_year(demo_db):
    held = set(
        db.session.scalars(
            select(StudentResult.student_id).where(
                StudentResult.year == PAST,
                StudentResult.decision.in_(("o_lai_lop", "chua_hoan_thanh")),
            )
        )
    )
    repeat = set(
        db.session.scalars(
            select(Enrollment.student_id).where(
                Enrollment.year == YEAR, Enrollment.intake == "repeat"
            )
        )
    )
    had_past = set(
        db.session.scalars(select(Enrollment.student_id).where(Enrollment.year == PAST))
    )
    assert repeat & had_past and repeat & had_past <= held
    secondary_held = set(
        db.session.scalars(
            select(StudentResult.student_id).where(
                StudentResult.year == PAST, StudentResult.decision == "o_lai_lop"
            )
        )
    )
    assert secondary_held <= repeat  # the others passed their re-test


def test_primary_evaluations_and_last_years_results_follow_tt27(demo_db):
    classes = {**_classes(PAST, PRIMARY), **_classes(YEAR, PRIMARY)}
    today = clock.today()
    year_end = defaultdict(dict)
    terms = Counter()
    for sid, cid, year, item, term, level, score, day in db.session.execute(
        select(
            PrimaryEvaluation.student_id, PrimaryEvaluation.class_id,
            PrimaryEvaluation.year, PrimaryEvaluation.item, PrimaryEvaluation.term,
            PrimaryEvaluation.level, PrimaryEvaluation.test_score, PrimaryEvaluation.day,
        )
    ):  # fmt: skip
        terms[(year, term)] += 1
        assert day <= today
        subject = curriculum.subject(classes[cid].grade, item)
        if subject is None:  # a quality or competence
            assert level in tt27.TRAIT_LEVELS and score is None
            continue
        assert level in tt27.SUBJECT_LEVELS
        assert (score is not None) == subject.has_test(term)
        assert score is None or 0 <= score <= 10
        if year == PAST and term == "ck2":
            year_end[sid][item] = (level, score, subject)
    assert {t for y, t in terms if y == YEAR} == {"gk1"}
    assert {t for y, t in terms if y == PAST} == {"gk1", "ck1", "gk2", "ck2"}
    stored = dict(
        db.session.execute(
            select(StudentResult.student_id, StudentResult.learning).where(
                StudentResult.year == PAST,
                StudentResult.class_id.in_(list(classes)),
            )
        ).all()
    )
    traits = defaultdict(dict)
    for sid, item, level in db.session.execute(
        select(
            PrimaryEvaluation.student_id,
            PrimaryEvaluation.item,
            PrimaryEvaluation.level,
        ).where(
            PrimaryEvaluation.year == PAST,
            PrimaryEvaluation.term == "ck2",
        )
    ):
        if item.startswith(("pc_", "nl_")):
            traits[sid][item] = level
    assert len(stored) == len(year_end) > 1000
    for sid, items in year_end.items():
        pc = {k: v for k, v in traits[sid].items() if k.startswith("pc_")}
        nl = {k: v for k, v in traits[sid].items() if k.startswith("nl_")}
        assert len(pc) == 5 and len(nl) == 10
        result = tt27.year_result(
            {c: v[0] for c, v in items.items()},
            pc,
            nl,
            {c: v[1] for c, v in items.items() if v[2].has_test("ck2")},
        )
        assert stored[sid] == result
