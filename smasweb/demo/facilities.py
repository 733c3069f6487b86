"""Demo rooms, equipment (toys for preschools) and budget lines of a school.

Called by demo/school_data.py with its seeded generator; rows for ORM bulk inserts.
"""

from decimal import Decimal
from random import Random

from smasweb import codelists
from smasweb.demo.names import BUDGET_LINES
from smasweb.models import Unit

# fmt: off
FUNCTION_ROOMS = {  # kind → cấp học that have one (None: every school)
    "admin": None, "medical": None, "library": ("02", "03", "04", "05"),
    "equipment": ("02", "03", "04"), "computer": ("02", "03", "04", "05"),
    "music": ("01",), "arts": ("01", "02"), "lab": ("03", "04"),
    "language": ("03", "04"), "gym": ("03", "04"),
}
# fmt: on


def owned(school: Unit, **values) -> dict:
    """A row of one school's data, at its first version."""
    return {"school_id": school.id, "version": 1, **values}


def _room(school: Unit, campus: int, kind: str, build: str, qty: int, area: int, **kw):
    values = {"borrowed": False, "name": None, "condition": "good", **kw}
    return owned(
        school,
        campus_id=campus,
        kind=kind,
        construction=build,
        quantity=qty,
        area_m2=Decimal(area),
        **values,
    )


def rooms(school: Unit, classes: list[dict], campuses: list[int], rng: Random):
    """Classrooms ≈ classes per campus (mostly kiên cố), then function rooms."""
    out = []
    for campus in campuses:
        need = sum(1 for c in classes if c["campus_id"] == campus)
        need = max(1, need + rng.randint(-1, 1))
        temp = min(need - 1, rng.choice((0, 0, 0, 1)))
        semi = min(need - 1 - temp, rng.choice((0, 0, 1, 2)))
        lent = 1 if rng.random() < 0.05 and need > 2 else 0
        for build, qty, extra in (
            ("kien_co", need - temp - semi - lent, {}),
            ("ban_kien_co", semi, {"condition": "repair"}),
            ("tam", temp, {"condition": rng.choice(("repair", "broken"))}),
            ("ban_kien_co", lent, {"borrowed": True, "name": "Nhờ nhà văn hóa ấp"}),
        ):
            area = rng.choice((42, 48, 54))
            if qty > 0:
                out.append(
                    _room(school, campus, "classroom", build, qty, area, **extra)
                )
    for kind, levels in FUNCTION_ROOMS.items():
        wanted = levels is None or set(levels) & set(school.level_codes)
        if wanted and rng.random() < 0.85:
            qty = rng.randint(2, 4) if kind == "lab" else 1
            name = codelists.label("room_kinds", kind)
            area = rng.randrange(54, 120, 6)
            out.append(
                _room(school, campuses[0], kind, "kien_co", qty, area, name=name)
            )
    return out


def equipment(school: Unit, campus: int, rng: Random) -> list[dict]:
    """A few items of the levels taught; preschools get toys (đồ dùng, đồ chơi)."""
    taught = {
        r["code"] for r in codelists.rows("grades") if r["level"] in school.level_codes
    }
    preschool = "01" in school.level_codes
    items = [
        r
        for r in codelists.rows("equipment_items")
        if (r["kind"] == "toy" and preschool)
        or (r["kind"] == "equipment" and (r["grade"] in taught or not r["grade"]))
    ]
    out = []
    for r in rng.sample(items, min(len(items), rng.randint(3, 6))):
        out.append(
            owned(
                school,
                kind=r["kind"],
                code=r["code"],
                grade=r["grade"] or None,
                age_group=r["age_group"] or None,
                quantity=rng.randint(2, 40),
                condition=rng.choice(("good", "good", "good", "repair")),
                campus_id=campus,
            )
        )
    return out


def _amount(low: int, high: int, rng: Random) -> int:
    """A round amount in đồng (whole millions)."""
    return rng.randint(low // 10**6, high // 10**6) * 10**6


def budget(
    school: Unit, year: int, done: bool, classes: int, rng: Random
) -> list[dict]:
    """Recurrent spending by size, plus investment, tuition, contributions, programmes;
    a closed year (`done`) is (nearly) fully executed."""
    base = min(8 * 10**9, max(2 * 10**9, classes * 250 * 10**6))
    wanted = {
        "01": (base * 8 // 10, base),
        "02": (200 * 10**6, 3 * 10**9) if rng.random() < 0.5 else None,
        "03": (50 * 10**6, 600 * 10**6) if school.levels != "02" else None,
        "04": (20 * 10**6, 200 * 10**6) if rng.random() < 0.3 else None,
        "05": (50 * 10**6, 500 * 10**6) if rng.random() < 0.25 else None,
    }
    out = []
    for code, bounds in wanted.items():
        if bounds is None:
            continue
        texts = BUDGET_LINES[code]
        lines = texts[:2] if code == "01" else [rng.choice(texts)]
        for i, description in enumerate(lines):
            share = (8, 2)[i] if code == "01" else 10
            planned = _amount(*bounds, rng) * share // 10 // 10**6 * 10**6
            rate = rng.uniform(0.9, 1.06) if done else rng.uniform(0.2, 0.7)
            out.append(
                owned(
                    school,
                    year=year,
                    category=code,
                    description=description,
                    planned=planned,
                    executed=int(planned * rate) // 1000 * 1000,
                    note=None,
                )
            )
    return out
