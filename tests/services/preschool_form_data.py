"""Random preschool data for the 01-MN-ĐN recount (tests/services/
test_preschool_form_recount.py): four preschool schools and a closed one, written
through the models, each returned with the raw values it was written from.

Traps dated around the data date: departures before it (not counted) and after it
(counted), arrivals after it, health checks after it and of the last school year,
staff retired before or after it or joining after it.
"""

from collections import defaultdict
from datetime import date, timedelta
from decimal import Decimal
from itertools import count
from random import Random

from smasweb.extensions import db
from smasweb.models import Accreditation, BudgetLine, Room, StaffMember, StaffYear
from smasweb.models.health import HealthCheck
from smasweb.models.schools import Campus, ClassGroup, SchoolProfile
from smasweb.models.students import Enrollment, Movement, Student, SupportGrant
from smasweb.services import years as school_years
from smasweb.services.system import system_override
from tests.factories import make_unit

DAY = date(2024, 10, 15)  # the data date (the pinned today: no period)
YEAR = 2024
LIMITS = {"01": 15, "02": 20, "03": 25, "04": 25, "05": 30, "06": 35}
# key, parent, unit level group, ownership, profile (level group, region,
# standard) or None, campuses, classes: (grade, age group, mixed?)
NT = [("16", "01", False), ("16", "02", False), ("16", "03", False)]
MG = [("17", "04", False), ("17", "05", False), ("17", "06", False)]
SCHOOLS = (
    ("mn", "d1", "01", "01", ("01", "03", "02"), 5,
     [*NT, ("16", "01", True), *MG, ("17", "06", False), ("17", "04", True)]),
    ("nt", "d1", "03", "03", ("03", "04", None), 1, [*NT, ("16", "02", True)] * 2),
    ("mg", "d2", "02", "09", ("01", "01", "03"), 2, [*MG, ("17", "05", True)]),
    ("dl", "d2", "02", "03", None, 6, [MG[0], MG[2], MG[2]]),
    ("old", "d1", "01", "01", ("01", "03", "02"), 1, NT),
)  # fmt: skip
# national-standard decisions (level, decided, expires) around DAY: valid from the
# decision day, no longer on the expiry day; a school with any counts by them only
STANDARDS = {
    "mn": ((2, DAY, date(2029, 10, 15)),),  # profile 02: mức 2 from DAY on
    "mg": ((2, DAY + timedelta(days=1), date(2029, 10, 16)),  # profile 03: none
           (1, date(2019, 10, 15), DAY)),
    "dl": ((1, date(2019, 10, 16), DAY + timedelta(days=1)),),  # no profile: mức 1
}  # fmt: skip
ETHNIC = ("01", "01", "01", "05", "55", "17")
SUPPORTS = (None, "", "01", "02", "03", "04", "01,04", "03,04", "05")
# (start, last day) of a support grant: holding on DAY, starting after it, ended
# before it, ending on it
GRANT_SPANS = (
    (date(2024, 9, 5), None),
    (DAY + timedelta(days=1), None),
    (date(2024, 9, 5), DAY - timedelta(days=1)),
    (date(2024, 9, 5), DAY),
)
QUALS = ("18", "15", "09", "17", "14", "16", "13", "02", "01", "03", "05", "11", "06")
LEADS = ("18", "17", "16", "02", "01", "03")  # one per managers' qualification row
POSITIONS = ("15", "16", "11", "25", "31", "20", "17", "12", "09")
ROOMS = ("classroom", "library", "arts", "music", "gym", "inclusive", "lab",
         "tradition", "medical", "admin", "computer")  # fmt: skip
STUDY = {"library", "arts", "music", "gym", "inclusive", "lab", "computer"}
PROFILE_FLAGS = (
    "computers_for_teaching",
    "internet_for_teaching",
    "has_electricity",
    "has_clean_water",
    "has_toilets",
    "handwashing_programme",
    "life_skills_programme",
    "disaster_plan",
)


def months(b: date, d: date) -> int:
    """Completed months of age at the end of day d."""
    return (d.year - b.year) * 12 + (d.month - b.month) - (1 if d.day < b.day else 0)


def _child(rng, s, cls, n):
    grade, age_group, mixed = cls["grade"], cls["age_group"], cls["mixed"]
    groups = ["01", "02", "03"] if grade == "16" else ["04", "05", "06"]
    g = rng.choice(groups[: cls["span"]]) if mixed else age_group
    if grade == "16":
        lo, hi = {"01": (2, 12), "02": (13, 24), "03": (25, 38)}[g]
        birth = DAY - timedelta(days=rng.randint(lo * 31, hi * 30 + 29))
    else:
        jitter = 0 if mixed else rng.choice((0, 0, 0, 0, -1, 1))
        age = {"04": 3, "05": 4, "06": 5}[g] + jitter
        birth = date(YEAR - age, rng.randint(1, 12), rng.randint(1, 28))
    fate = rng.random()
    return dict(
        school_code=f"{s['key']}-{n}",
        full_name=f"Trẻ {n}",
        gender=rng.choice(("01", "02")),
        ethnicity=rng.choice(ETHNIC),
        birth_date=birth,
        active=not 0.0 <= fate < 0.14,
        disability=rng.choice(("01", "02", "05")) if rng.random() < 0.1 else None,
        grants=[
            (code, *GRANT_SPANS[(n + int(code)) % len(GRANT_SPANS)])
            for code in (rng.choice(SUPPORTS) or "").split(",")
            if code
        ],
        policy_categories=rng.choice((None, "11", "08", "11,08", "")),
        fate=fate,
    )


def _write_child(rng, s, cls, row, n) -> dict:
    p = _child(rng, s, cls, n)
    fate = p.pop("fate")
    values = {k: v for k, v in p.items() if k != "grants"}
    student = Student(
        school_id=s["unit"].id, **values, **Student.search_keys(p["full_name"])
    )
    for code, start, end in p["grants"]:
        db.session.add(
            SupportGrant(
                school_id=s["unit"].id,
                student=student,
                code=code,
                starts_on=start,
                ends_on=end,
            )
        )
    enrol = dict(two_sessions=rng.random() < 0.3, semi_boarding=rng.random() < 0.3)
    db.session.add_all(
        [
            student,
            Enrollment(
                school_id=s["unit"].id,
                student=student,
                year=YEAR,
                class_id=row.id,
                **enrol,
            ),
        ]
    )
    move = None  # gone before the day / leaves after it / arrives after it
    if fate < 0.08:
        move = ("dropout", DAY - timedelta(days=10))
    elif fate < 0.14:
        move = ("dropout", DAY + timedelta(days=10))
    elif fate < 0.19:
        move = ("admission", DAY + timedelta(days=5))
    if move:
        db.session.add(
            Movement(
                school_id=s["unit"].id,
                student=student,
                year=YEAR,
                kind=move[0],
                on_date=move[1],
                term="1",
            )
        )
    p |= enrol | {"present": move is None or move[1] > DAY and move[0] == "dropout"}
    db.session.flush()
    p["checks"] = _checks(rng, s, student, row, cls)
    return p


def _checks(rng, s, student, row, cls) -> list[dict]:
    days = [DAY - timedelta(days=rng.randint(1, 60))] if rng.random() < 0.7 else []
    days += [DAY - timedelta(days=70)] if rng.random() < 0.3 else []
    days += [DAY + timedelta(days=3)] if rng.random() < 0.1 else []  # not yet
    days += [date(YEAR, 6, 1)] if rng.random() < 0.1 else []  # last school year
    out = []
    for d in days:
        z = [
            None if rng.random() < 0.1 else round(rng.uniform(-3.5, 3.5), 2)
            for _ in range(3)
        ]
        v = dict(
            checked_on=d,
            age_months=months(student.birth_date, d),
            class_id=None if rng.random() < 0.15 else row.id,
            waz=z[0],
            haz=z[1],
            whz=z[2],
        )
        db.session.add(
            HealthCheck(
                school_id=s["unit"].id,
                student_id=student.id,
                kind="01",
                weight_kg=Decimal(12),
                height_cm=Decimal(90),
                **v,
            )
        )
        out.append(v | {"age_group": cls["age_group"] if v["class_id"] else None})
    return out


def _staff(rng, s, classes) -> None:
    # six principals and deputies: one per qualification row (test data only)
    people = [("01", "01")] * 6 + [("01", "02")] * 6 + [("01", "03")]
    people += [("03", "35")] * (2 * len(classes) + 6) + [
        ("02", p) for p in POSITIONS * 2
    ]
    nursery = [row for c, row in classes if c["grade"] == "16"]
    for n, (group, position) in enumerate(people):
        fate = 0.5 if group == "01" else rng.random()
        qual = LEADS[n % 6] if group == "01" else QUALS[n % len(QUALS)]
        v = dict(
            group=group,
            position=position,
            code=f"{s['key']}-{n}",
            full_name=f"Cán Bộ {n}",
            gender=rng.choice(("01", "02")),
            ethnicity=rng.choice(ETHNIC),
            qualification=qual,
            birth_date=date(YEAR - (19, 22, 33, 44, 52, 57, 61)[n % 7], 5, 3),
            contract=rng.choice(("07", "08", "03", "05")),
            status="05" if fate < 0.15 else "01",
            status_on=DAY + timedelta(days=-5 if fate < 0.08 else 5),
            joined_school_on=DAY + timedelta(days=3) if fate > 0.9 else None,
        )
        member = StaffMember(
            school_id=s["unit"].id,
            **v,
            **StaffMember.search_keys(v["full_name"], v["code"]),
        )
        db.session.add(member)
        db.session.flush()
        homeroom = None
        if group == "03" and nursery and rng.random() < 0.5:
            homeroom = nursery.pop()
            if rng.random() < 0.5:
                homeroom.homeroom_staff_id = member.id
            else:
                db.session.add(
                    StaffYear(
                        school_id=s["unit"].id,
                        staff=member,
                        year=YEAR,
                        homeroom_class_id=homeroom.id,
                    )
                )
        v["present"] = (fate >= 0.08) and fate <= 0.9
        v["nursery_class"] = homeroom is not None
        s["staff"].append(v)


def _facilities(rng, s) -> None:
    for kind in ROOMS:
        for i in range(rng.choice((1, 2, 2))):
            v = dict(
                kind=kind,
                borrowed=i > 0,
                quantity=rng.randint(1, 3),
                construction=rng.choice(("kien_co", "ban_kien_co", "tam")),
            )
            db.session.add(Room(school_id=s["unit"].id, **v))
            s["rooms"].append(v)
    for y, category in ((YEAR, "01"), (YEAR, "01"), (YEAR - 1, "01"), (YEAR, "02")):
        v = dict(
            year=y,
            category=category,
            planned=rng.randint(0, 9 * 10**8),
            executed=rng.randint(0, 9 * 10**8),
        )
        db.session.add(BudgetLine(school_id=s["unit"].id, description="Chi", **v))
        s["budget"].append(v)


def _school(rng, units, spec, turns) -> dict:
    key, parent, group, owner, profile, campuses, classes = spec
    extra = {"closed_on": date(YEAR, 8, 20)} if key == "old" else {}
    unit = make_unit(
        "school", units[parent], name=f"Trường {key}", level_group=group, **extra
    )
    unit.ownership = owner
    s = dict(
        key=key,
        parent=parent,
        unit=unit,
        group=group,
        owner=owner,
        staff=[],
        rooms=[],
        budget=[],
        children=[],
        classes=[],
        campuses=campuses,
        profile=None,
        standards=STANDARDS.get(key, ()),
    )
    db.session.add_all(
        Accreditation(
            school_id=unit.id,
            kind="chuan_qg",
            level=level,
            decision_number=f"{level}/QĐ-UBND",
            decided_on=since,
            expires_on=until,
        )
        for level, since, until in s["standards"]
    )
    if profile:
        flags = {f: rng.random() < 0.6 for f in PROFILE_FLAGS}
        s["profile"] = dict(
            level_group=profile[0],
            region=profile[1],
            standard_level=profile[2],
            **flags,
        )
        db.session.add(
            SchoolProfile(
                school_id=unit.id,
                year=YEAR,
                name=unit.name,
                ownership=owner,
                **s["profile"],
            )
        )
    db.session.add_all(
        Campus(school_id=unit.id, code=f"{key}{i}", name=f"Điểm {i}", is_main=i == 0)
        for i in range(campuses)
    )
    rows = []
    for i, (grade, age_group, mixed) in enumerate(classes):
        c = dict(
            grade=grade,
            age_group=age_group,
            mixed=mixed,
            span=2 + sum(m for *_, m in classes[:i]) % 2,  # ghép 2, 3 by turns
            session_pattern=rng.choice((None, "1", "4", "7")),
            semi_boarding=rng.random() < 0.4,
        )
        row = ClassGroup(
            school_id=unit.id,
            year=YEAR,
            name=f"{grade}-{i}",
            grade=grade,
            age_group=age_group,
            mixed_age=mixed,
            session_pattern=c["session_pattern"],
            semi_boarding=c["semi_boarding"],
        )
        rows.append((c, row))
    db.session.add_all(r for _, r in rows)
    db.session.flush()
    for c, row in rows:
        c["id"] = row.id
        limit = LIMITS[c["age_group"]]
        big = next(turns[c["age_group"]]) % 2  # small and large groups by turns
        for _ in range(limit + (12 if big else -4) + rng.randint(0, 2)):
            p = _write_child(rng, s, c, row, len(s["children"]))
            s["children"].append((p, c))
    s["classes"] = [c for c, _ in rows]
    _staff(rng, s, rows)
    _facilities(rng, s)
    db.session.flush()
    return s


def province() -> tuple[dict, list[dict]]:
    """(units by key, the open schools' raw values); the app's today must be DAY."""
    school_years.ensure_year(YEAR)
    school_years.ensure_year(YEAR - 1)
    rng = Random(20241015)
    units = {"dept": make_unit("department", name="Sở GDĐT")}
    units["d1"] = make_unit("district", units["dept"], name="Phòng GDĐT Long Hồ")
    units["d2"] = make_unit("district", units["dept"], name="Phòng GDĐT Trà Ôn")
    with system_override("dữ liệu kiểm thử biểu mầm non"):
        turns = defaultdict(count)
        schools = [_school(rng, units, spec, turns) for spec in SCHOOLS]
    db.session.commit()
    return units, [s for s in schools if s["key"] != "old"]
