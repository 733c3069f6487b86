"""Demo school data for 2019-2020 and the current school year.

For every demo school: a yearly profile, campuses, classes per year, and (from
demo/facilities.py) rooms, a few equipment items and budget lines per year. Deterministic (fixed
seed) and written with ORM bulk inserts, so the province scale stays quick.
"""

from datetime import date
from decimal import Decimal
from random import Random

from sqlalchemy import insert, select, text

from smasweb import codelists
from smasweb.codelists.admin_units import admin_units
from smasweb.demo.facilities import budget, equipment, owned, rooms
from smasweb.demo.names import HAMLETS, person_name
from smasweb.extensions import db
from smasweb.models import Unit
from smasweb.models.facilities import EquipmentItem, Room
from smasweb.models.finance import BudgetLine
from smasweb.models.schools import PROFILE_FLAGS, Campus, ClassGroup, SchoolProfile
from smasweb.services import years as school_years

NULLS = {"render_nulls": True}  # keeps None columns in, so rows batch together
PLAN_YEAR = 2019  # the previous plan's school year, 2019-2020
PROVINCE = "86"
PRESCHOOL_GROUPS = ("01", "02", "03")
# fmt: off
# age group → (grade, class name stem): nhà trẻ groups, then Mầm, Chồi, Lá
PRESCHOOL_CLASSES = {"02": ("16", "Nhóm trẻ 13-24 tháng"),
                     "03": ("16", "Nhóm trẻ 25-36 tháng"),
                     "04": ("17", "Mầm"), "05": ("17", "Chồi"), "06": ("17", "Lá")}
# cấp học → (grades, Ministry size limit)
GENERAL = {"02": (range(1, 6), 35), "03": (range(6, 10), 45),
           "04": (range(10, 13), 45), "05": (range(13, 16), 45)}
# scale → cấp học → classes per grade (per age group in preschool). The province's
# schools are bigger so that they hold the merged province's ~720,000 pupils; it has
# ~100 THPT schools where the demo has a dozen, so the big THPT schools stand for them.
CLASSES_PER_GRADE = {
    "small": {"01": (1, 3), "02": (1, 4), "03": (2, 5), "04": (3, 8), "05": (1, 3)},
    "province": {"01": (2, 4), "02": (2, 5), "03": (3, 6), "04": (8, 14), "05": (2, 4)},
}
# profile flag → (chance in 2019, gain since)
FLAG_CHANCES = {
    "has_party_cell": (0.85, 0), "has_electricity": (1, 0), "has_clean_water": (0.95, 0),
    "has_toilets": (1, 0), "computers_for_teaching": (0.8, 0.15),
    "internet_for_teaching": (0.7, 0.25), "inclusive_education": (0.4, 0),
    "accessible_buildings": (0.25, 0.2), "school_counselling": (0.3, 0.4),
    "handwashing_programme": (0.85, 0), "life_skills_programme": (0.8, 0),
    "disaster_plan": (0.75, 0.2),
}
# fmt: on


def load_school_data(
    schools: list[Unit], districts: dict[str, str] | None = None, scale: str = "small"
):
    """Insert the demo school data for these schools; returns {table: rows}."""
    years = sorted({PLAN_YEAR, school_years.current_year()})
    for year in years:
        school_years.ensure_year(year)
    rng = Random(2019)  # noqa: S311 - seeded: the demo is the same on every load
    communes = {u.code: u for u in admin_units()}
    plans = [_plan(s, communes, (districts or {}).get(s.code), rng) for s in schools]
    campus_rows = [c for p in plans for c in p["campuses"]]
    _insert(Campus, campus_rows)
    campus_ids = {
        (school_id, code): cid
        for cid, school_id, code in db.session.execute(
            select(Campus.id, Campus.school_id, Campus.code)
        )
    }
    rows = {"campuses": campus_rows, "school_profiles": [], "class_groups": []}
    rows.update(rooms=[], equipment_items=[], budget_lines=[])
    for plan in plans:
        school = plan["school"]
        ids = [campus_ids[(school.id, c["code"])] for c in plan["campuses"]]
        for year in years:
            rows["school_profiles"].append(_profile(plan, year, rng))
            classes = _classes(school, year, ids, rng, CLASSES_PER_GRADE[scale])
            rows["class_groups"] += classes
            done = year == PLAN_YEAR  # a closed year is (nearly) fully executed
            rows["budget_lines"] += budget(school, year, done, len(classes), rng)
        rows["rooms"] += rooms(school, classes, ids, rng)
        rows["equipment_items"] += equipment(school, ids[0], rng)
    models = (SchoolProfile, ClassGroup, Room, EquipmentItem, BudgetLine)
    for model in models:
        _insert(model, rows[model.__tablename__])
    if db.session.get_bind().dialect.name == "postgresql":
        # fresh planner statistics after the bulk load. Named tables: a bare ANALYZE
        # also locks the cluster-wide catalogs until commit, so it waits for (and then
        # blocks) every other database's open transaction that ran one
        names = ", ".join(
            ["units", "unit_links", "campuses"] + [m.__tablename__ for m in models]
        )
        db.session.execute(text(f"ANALYZE {names}"))
    return {name: len(r) for name, r in rows.items()}


def _insert(model, rows: list[dict]) -> None:
    """ORM bulk INSERT (NULLs rendered: one statement shape, one executemany)."""
    if rows:
        db.session.execute(insert(model), rows, execution_options=NULLS)


def _plan(school: Unit, communes: dict, district: str | None, rng: Random) -> dict:
    """What stays the same across years: place, campuses, people, founding."""
    commune = communes.get(school.commune_code or "")
    district = commune.parent_code if commune else district
    hamlets = rng.sample(HAMLETS, 4)
    place = f"Ấp {hamlets[0]}, {commune.name}" if commune else None
    urban = bool(commune) and commune.kind in ("Phường", "Thị trấn")
    small = school.level_group in PRESCHOOL_GROUPS or "02" in school.level_codes
    satellites = rng.choice((0, 0, 1, 1, 2, 3)) if small and not urban else 0
    geo = {"province_code": PROVINCE, "district_code": district}
    geo["commune_code"] = commune.code if commune else None
    campuses = [
        owned(
            school,
            code="DC",
            name="Điểm chính",
            is_main=True,
            address=place,
            distance_km=None,
            travel_means=None,
            **geo,
            area_m2=Decimal(rng.randrange(2000, 12000, 50)),
            phone=f"0270{rng.randrange(10**7):07d}",
        )
    ]
    for i, hamlet in enumerate(hamlets[1 : satellites + 1], 1):
        campuses.append(
            owned(
                school,
                code=f"DP{i}",
                name=f"Điểm ấp {hamlet}",
                is_main=False,
                address=f"Ấp {hamlet}" + (f", {commune.name}" if commune else ""),
                distance_km=Decimal(rng.randint(10, 80)) / 10,
                travel_means=rng.choice(("road", "road", "road", "both")),
                **geo,
                area_m2=Decimal(rng.randrange(500, 3000, 50)),
                phone=None,
            )
        )
    return {
        "school": school,
        "geo": geo,
        "place": place,
        "urban": urban,
        "campuses": campuses,
        "principal": person_name(rng),
        "officer": person_name(rng),
        "founded": date(rng.randint(1976, 2012), 9, 5),
        "land": Decimal(rng.randrange(2500, 20000, 50)),
        "standard": rng.choice(("00", "00", "02", "02", "02", "03")),
    }


def _school_type(school: Unit) -> str:
    if school.level_group in PRESCHOOL_GROUPS:
        return "13"
    if school.level_group in ("12", "13"):
        return "16"
    if "nội trú" in school.name:
        return "02"
    return "09" if "chuyên" in school.name else "07"


def _profile(plan: dict, year: int, rng: Random) -> dict:
    school = plan["school"]
    later = year > PLAN_YEAR  # a few things improved since 2019
    chance = {name: base + gain * later for name, (base, gain) in FLAG_CHANCES.items()}
    chance["two_sessions_a_day"] = 0.9 if "02" in school.level_codes else 0.3
    chance["semi_boarding"] = 0.7 if school.level_group in PRESCHOOL_GROUPS else 0.1
    chance["boarding"] = 1 if "nội trú" in school.name else 0
    flags = {name: rng.random() < chance[name] for name in PROFILE_FLAGS}
    standard = plan["standard"]
    if later and standard == "00" and rng.random() < 0.4:
        standard = "02"
    return owned(
        school,
        year=year,
        name=school.name,
        level_group=school.level_group,
        ownership=school.ownership or "01",
        school_type=_school_type(school),
        standard_level=standard,
        **plan["geo"],
        address=plan["place"],
        region="02" if plan["urban"] else "03",
        zone="03" if plan["geo"]["district_code"] == "855" else "02",
        difficult_area="00",
        special_difficulty=False,
        phone=plan["campuses"][0]["phone"],
        email=f"{school.code}@vinhlong.edu.vn",
        website=None,
        principal_name=plan["principal"],
        principal_phone=f"09{rng.randrange(10**8):08d}",
        data_officer_name=plan["officer"],
        data_officer_phone=f"03{rng.randrange(10**8):08d}",
        founded_on=plan["founded"],
        land_area=plan["land"],
        **flags,
    )


def _size(limit: int, rng: Random) -> int:
    """Around the Ministry limit; about one class in twenty above it (a warning)."""
    if rng.random() < 0.05:
        return limit + rng.randint(1, 5)
    return rng.randint(max(limit - 12, 8), limit)


def _class(school: Unit, year: int, grade: str, name: str, campus: int, **kw) -> dict:
    values = {
        "is_combined": False,
        "combined_grades": None,
        "semi_boarding": False,
        "foreign_language_1": None,
        "age_group": None,
        "mixed_age": False,
        "session_pattern": "1",
        "sessions_per_week": 5,
        **kw,
    }
    return owned(school, year=year, grade=grade, name=name, campus_id=campus, **values)


def _classes(
    school: Unit, year: int, campuses: list[int], rng: Random, per_grade: dict
) -> list[dict]:
    out: list[dict] = []
    levels = school.level_codes
    if "01" in levels:
        ages = {"01": ("02", "03", "04", "05", "06"), "02": ("04", "05", "06")}
        limits = {r["code"]: int(r["max_size"]) for r in codelists.rows("age_groups")}
        for age in ages.get(school.level_group or "", ("02", "03")):
            grade, stem = PRESCHOOL_CLASSES[age]
            for i in range(1, rng.randint(*per_grade["01"]) + 1):
                out.append(
                    _class(
                        school,
                        year,
                        grade,
                        f"{stem} {i}",
                        rng.choice(campuses),
                        age_group=age,
                        semi_boarding=True,
                        session_pattern="4",
                        homeroom_teacher=person_name(rng),
                        planned_size=_size(limits[age], rng),
                        sessions_per_week=10,
                    )
                )
    for level in levels:
        if level not in GENERAL:
            continue
        grades, limit = GENERAL[level]
        lo, hi = per_grade[level]
        for g in grades:
            shown = g - 3 if level == "05" else g  # GDTX grades 13–15 are 10–12
            for i in range(rng.randint(lo, hi)):
                name = f"{shown}{'ABCDE'[i]}" if level == "02" else f"{shown}A{i + 1}"
                campus = rng.choice(campuses) if level == "02" else campuses[0]
                out.append(
                    _class(
                        school,
                        year,
                        f"{g:02d}",
                        name,
                        campus,
                        foreign_language_1="01" if g >= 3 else None,
                        session_pattern="4" if level == "02" else "1",
                        sessions_per_week=9 if level == "02" else 6,
                        planned_size=_size(limit, rng),
                        homeroom_teacher=person_name(rng),
                    )
                )
    return out
