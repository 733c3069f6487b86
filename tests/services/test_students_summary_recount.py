"""Section III equals a plain recount of a seeded random set of pupils, movements
included: guards the grouped query's SQL shape (issue 15's performance work) on
both databases. The recount follows the summary's and as_of's documented rules."""

from datetime import date, timedelta
from random import Random

import pytest

from smasweb.extensions import db
from smasweb.models.schools import ClassGroup
from smasweb.models.students import Enrollment, Movement
from smasweb.services import years as school_years
from smasweb.services.students import summary
from tests.factories import make_student, make_unit, unlock_past_years

GRADES = ["01", "02", "03", "04", "05"]
KINDS = ("admission", "transfer_in", "transfer_out", "dropout", "class_change")


def _pupils(rng: Random, schools, year: int, day: date) -> list[dict]:
    """Random pupils with random enrolments and movements; the raw facts of each."""
    out = []
    for school in schools:
        classes = [
            ClassGroup(
                school_id=school.id,
                year=year,
                grade=g,
                name=f"{int(g)}A",
                session_pattern=rng.choice("1234567"),
            )
            for g in GRADES
        ]
        db.session.add_all(classes)
        db.session.flush()
        for _ in range(60):
            cls = rng.choice(classes)
            p = dict(
                public=school.ownership == "01",
                grade=cls.grade,
                pattern=cls.session_pattern,
                born=year - int(cls.grade) - 5 + rng.choice((-2, -1, 0, 0, 0, 1, 2)),
                girl=rng.random() < 0.5,
                ethnicity=rng.choice(("01", "01", "05", "55", "17")),
                disability=rng.choice((None,) * 6 + ("01", "02", "03", "04", "05")),
                policy=rng.choice((None, "", "01", "11", "08,11")),
                supports=rng.choice((None, "", "03", "01,03,06", "02", "06")),
                # the grants start before the day, on it or after it
                supports_from=day + timedelta(days=rng.choice((-30, 0, 1))),
                active=rng.random() < 0.85,
                intake=rng.choice((None, "new", "repeat", "up", "transfer")),
                two=rng.random() < 0.3,
                semi=rng.random() < 0.2,
                moves=[],
            )
            s = make_student(
                school,
                cls,
                gender="02" if p["girl"] else "01",
                birth_date=date(p["born"], 7, 1),
                ethnicity=p["ethnicity"],
                disability=p["disability"],
                policy_categories=p["policy"],
                supports=p["supports"],
                supports_from=p["supports_from"],
                active=p["active"],
            )
            e = db.session.query(Enrollment).filter_by(student_id=s.id).one()
            e.intake, e.two_sessions, e.semi_boarding = p["intake"], p["two"], p["semi"]
            for _ in range(rng.choice((0, 0, 1, 2, 3))):
                on = day + timedelta(days=rng.choice((-40, -5, 0, 1, 20)))
                kind = rng.choice(KINDS)
                move = Movement(
                    school_id=school.id,
                    student_id=s.id,
                    year=rng.choice((year, year, year - 1)),
                    kind=kind,
                    on_date=on,
                    term="1",
                )
                db.session.add(move)
                db.session.flush()
                p["moves"].append((on, move.id, kind, move.year))
            out.append(p)
    db.session.flush()
    return out


def _present(p: dict, day: date) -> bool:
    """as_of's rule, by hand: the last status movement up to the day is no leaving;
    a first movement after the day that is an arrival means not there yet."""
    moves = sorted(m for m in p["moves"] if m[2] != "class_change")
    past = [m for m in moves if m[0] <= day]
    if past and past[-1][2] in ("transfer_out", "dropout"):
        return False
    if moves and moves[0][0] > day and moves[0][2] in ("admission", "transfer_in"):
        return False
    later = any(m[0] > day and m[2] in ("transfer_out", "dropout") for m in moves)
    return p["active"] or later


def _recount(pupils: list[dict], year: int, day: date) -> dict[str, list[int]]:
    rows: dict[str, list[int]] = {}

    def add(key: str, p: dict) -> None:
        cells = rows.setdefault(key, [0] * 12)
        m = p["ethnicity"] not in ("01", "55")
        base = 4 if p["public"] else 8
        for i, on in enumerate((True, p["girl"], m, m and p["girl"])):
            if on:
                cells[i] += 1
                cells[base + i] += 1

    for p in pupils:
        if not _present(p, day):
            continue
        age, n = year - p["born"], int(p["grade"])
        keys = ["total", "plain", f"grade{p['grade']}"]
        keys.append(
            "age_below" if age < 6 else "age_above" if age > 10 else f"age{age}"
        )
        if age == n + 5:
            keys.append(f"right{n}")
        admitted = any(k == "admission" and y == year for _, _, k, y in p["moves"])
        if p["grade"] == "01" and (p["intake"] == "new" or admitted):
            keys.append("new")
        if p["intake"] == "repeat":
            keys.append("repeat")
        if p["two"] or p["pattern"] in "4567":
            keys.append("two")
        minority = p["ethnicity"] not in ("01", "55")
        if p["semi"] and minority:  # 60: học sinh dân tộc bán trú
            keys.append("semi")
        if p["disability"]:
            keys += ["disabled", f"disability{p['disability']}"]
        policy = (p["policy"] or "").split(",")
        if p["policy"]:
            keys.append("policy")
        granted = (p["supports"] or "").split(",") if p["supports_from"] <= day else []
        if "03" in granted:
            keys.append("cost")
        if "06" in granted:
            keys.append("food")
        if "11" in policy:
            keys.append("tiny")
        for key in keys:
            add(key, p)
    return rows


@pytest.mark.parametrize("seed", [15, 2026])
def test_section_iii_equals_a_recount_with_movements(world, seed):
    year = school_years.ensure_year(school_years.current_year()).year
    school_years.ensure_year(year - 1)  # a movement of last year is no admission
    rng, day = Random(seed), date(year, 10, 15)
    private = make_unit("school", world.d1, level_group=world.s1.level_group)
    private.ownership = "02"
    for school in (world.s1, private):  # movements of last year are written too
        unlock_past_years(world.admin, school, "students,movements")
    pupils = _pupils(rng, [world.s1, private], year, day)
    rows = summary.build(world.admin, [world.s1.id, private.id], year, GRADES, day=day)
    expected = _recount(pupils, year, day)
    got = {r.key: r.cells for r in rows}
    assert sum(expected["total"][:1]) > 50  # the set is not trivially empty
    for key, cells in got.items():
        assert cells == expected.get(key, [0] * 12), key
