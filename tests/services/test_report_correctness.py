"""The after-opening report equals a count by hand, cell by cell.

A seeded random province (two districts and schools directly under the Department,
every level, a TH+THCS and a THCS+THPT school, public and non-public, plains and
mountains, traps of last year and of closed schools) is written through the models;
every cell of every table is then re-derived in plain Python from the rows written,
following the mappings documented in the summary and report modules, and compared
with the built report of each school, each district and the province, per level.
"""

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from io import BytesIO
from random import Random

import pytest
from openpyxl import load_workbook

from smasweb import codelists
from smasweb.extensions import db
from smasweb.models import Accreditation, BudgetLine, Room, StaffMember, StaffYear
from smasweb.models.schools import Campus, ClassGroup, SchoolProfile
from smasweb.models.students import Enrollment, Movement, Student, SupportGrant
from smasweb.services import years as school_years
from smasweb.services.errors import NotFound
from smasweb.services.facilities import summary as facilities_summary
from smasweb.services.reports import after_opening, forms, workbook
from smasweb.services.reports.school_sections import classes_table, schools_table
from smasweb.services.reports.scope import levels_of, reader, resolve
from smasweb.services.reports.tables import ReportData, sum_reports
from smasweb.services.staff import summary as staff_summary
from smasweb.services.students import summary as students_summary
from smasweb.services.system import system_override
from tests.factories import make_unit

LEVELS = {"01": ("01",), "06": ("02",), "07": ("03",), "08": ("04",),
          "09": ("02", "03"), "10": ("03", "04"), "12": ("05",)}  # fmt: skip
GRADE_LEVEL = {
    f"{n:02d}": "02" if n <= 5 else "03" if n <= 9 else "04" if n <= 12 else "05"
    for n in range(1, 16)
} | {"16": "01", "17": "01"}
FLAGS = (
    "computers_for_teaching",
    "internet_for_teaching",
    "has_electricity",
    "has_clean_water",
    "has_toilets",
    "handwashing_programme",
    "life_skills_programme",
    "accessible_buildings",
    "school_counselling",
    "disaster_plan",
)  # rows 16–25, in order
# key, parent, level group, unit ownership, profile (ownership, region, type,
# standard) or None, classes per grade, satellite campuses (None: no campus at all).
# th_b has no profile this year (plains, the unit's ownership); trung_hoc's profile
# says công lập while the unit tree says tư thục: every section follows the unit.
# ptcs_a is a special school (type 04): its disabled pupils học chuyên biệt.
SCHOOLS = (
    ("mn_a", "d1", "01", "01", ("01", "03", "13", "02"), {"16": 4, "17": 6}, 2),
    ("th_a", "d1", "06", "01", ("01", "04", "01", "03"),
     {g: 4 for g in ("01", "02", "03", "04", "05")}, 6),
    ("ptcs_a", "d1", "09", "09", ("09", "02", "04", "00"),
     {"01": 2, "02": 1, "03": 1, "04": 1, "05": 1, "06": 2, "07": 1, "08": 1,
      "09": 1}, 1),
    ("closed", "d1", "06", "01", ("01", "03", "07", "02"), {"01": 2}, 0),
    ("th_b", "d2", "06", "02", None, {"01": 2, "02": 1, "03": 1, "04": 2, "05": 1}, 0),
    ("thcs_b", "d2", "07", "01", ("01", "01", "04", "02"),
     {"06": 2, "07": 2, "08": 2, "09": 2}, 5),
    ("mn_b", "d2", "01", "03", ("03", "04", "13", None), {"16": 2, "17": 3}, 4),
    ("thpt", "dept", "08", "01", ("01", "03", "09", "03"),
     {"10": 10, "11": 10, "12": 10}, 0),
    ("gdtx", "dept", "12", "01", ("01", "03", "15", None),
     {"13": 1, "14": 1, "15": 1}, None),
    ("trung_hoc", "dept", "10", "09", ("01", "04", "07", "03"),
     {"06": 2, "07": 2, "08": 2, "09": 2, "10": 4, "11": 4, "12": 4}, 1),
)  # fmt: skip
# Raw national-standard and accreditation decisions: (kind, level, decided, expires)
# as (years from the report's year, month, day). A school with national-standard
# decisions counts by the one valid on the data date, whatever its profile says;
# th_a's outranks its profile, thcs_b's has expired, th_b has no profile, thpt's is
# still to come; mn_a's accreditation (kiểm định) is no national standard.
ACCREDITATIONS = {
    "th_a": (("chuan_qg", 1, (-2, 5, 1), (3, 5, 1)),),
    "thcs_b": (("chuan_qg", 2, (-6, 1, 10), (-1, 1, 10)),),
    "th_b": (("chuan_qg", 1, (-4, 3, 1), (1, 3, 1)),
             ("chuan_qg", 2, (-1, 3, 1), (4, 3, 1))),
    "thpt": (("chuan_qg", 1, (1, 6, 1), (6, 6, 1)),),
    "mn_a": (("kiem_dinh", 3, (-1, 4, 1), (4, 4, 1)),),
}  # fmt: skip
ETHNIC = ["01"] * 12 + ["05"] * 5 + ["55", "04", "17", "02"]
QUALIFICATIONS = [r["code"] for r in codelists.rows("qualifications")]
EMPLOYEE_POSITIONS = (
    "09",
    "10",
    "13",
    "32",
    "15",
    "25",
    "16",
    "11",
    "33",
    "34",
    "17",
    "31",
    "12",
)
DUTIES = (None, None, "", "07", "09", "20", "08,13", "07,03", "17", "13", "15,16")
WORKING = ("01", "04", "06", "07")
FIRST_GRADES = ("01", "06", "10", "13", "16", "17")  # đầu cấp: 57 counts intakes here
# Preschool prints form 01-MN-ĐN row for row: recounted in test_preschool_form_recount
PRESCHOOL = "01"


@dataclass
class School:
    key: str
    parent: str
    unit: object
    levels: tuple
    ownership: str
    profile: dict | None
    classes: list = field(default_factory=list)  # this year's
    campuses: list = field(default_factory=list)  # is_main flags
    students: list = field(default_factory=list)  # counted ones: (pupil, class)
    staff: list = field(default_factory=list)
    rooms: list = field(default_factory=list)
    budget: list = field(default_factory=list)
    accreditations: list = field(default_factory=list)  # (kind, level, from, to)

    @property
    def public(self) -> bool:
        return self.ownership == "01"


def _profile(rng: Random, school, year: int, spec) -> tuple[dict, SchoolProfile]:
    owner, region, kind, standard = spec
    values = dict(
        ownership=owner,
        region=region,
        school_type=kind,
        standard_level=standard,
        two_sessions_a_day=rng.random() < 0.5,
    )
    values |= {f: rng.random() < 0.6 for f in FLAGS}
    row = SchoolProfile(
        school_id=school.id,
        year=year,
        name=school.name,
        level_group=school.level_group,
        **values,
    )
    return values, row


def _student(rng: Random, s: School, n: int, grade: str, year: int) -> dict:
    number = int(grade) if int(grade) <= 12 else None
    other = rng.randint(1, 5) if GRADE_LEVEL[grade] == "01" else rng.randint(15, 30)
    age = number + 5 + rng.choice((-2, -1, 0, 0, 0, 1, 2)) if number else other
    many = s.key == "th_a" and rng.random() < 0.4
    kinds = ("01", "02", "03", "04", "05", "06")
    return dict(
        school_id=s.unit.id,
        school_code=f"{s.key}-{n}",
        full_name=f"Học Sinh {n}",
        gender=rng.choice(("01", "02")),
        ethnicity=rng.choice(ETHNIC),
        birth_date=date(year - age, rng.randint(1, 12), rng.randint(1, 28)),
        active=rng.random() > 0.05,
        disability=kinds[n // 2 % 6]  # the special school: every other pupil
        if s.key == "ptcs_a" and n % 2 == 0
        else rng.choice(kinds)
        if many or rng.random() < 0.08
        else None,
        policy_categories=rng.choice(
            (None, None, None, "", "08", "11,08", "01,13", "11")
        ),
        grants=[
            # the span from the pupil's number: the rng's sequence stays as it was
            (code, *GRANT_SPANS[(n + int(code)) % len(GRANT_SPANS)](year))
            for code in (rng.choice(SUPPORTS) or "").split(",")
            if code
        ],
    )


SUPPORTS = (None, None, "", "03", "01,03,06", "05", "06")
# (start, last day) of a support grant: holding on any data date of the school year,
# starting after it, ended before it
GRANT_SPANS = (
    lambda y: (date(y - 1, 9, 5), None),
    lambda y: (date(y, 9, 1), date(y + 1, 5, 31)),
    lambda y: (date(y + 1, 6, 1), None),
    lambda y: (date(y - 1, 9, 5), date(y - 1, 12, 31)),
)


def _record(p: dict) -> Student:
    """The Student row of a generated pupil, with their support grants."""
    values = {k: v for k, v in p.items() if k != "grants"}
    student = Student(**values, **Student.search_keys(p["full_name"]))
    for code, start, end in p["grants"]:
        db.session.add(
            SupportGrant(
                school_id=p["school_id"],
                student=student,
                code=code,
                starts_on=start,
                ends_on=end,
            )
        )
    return student


def _students(rng: Random, s: School, year: int, classes: list, old: list) -> list:
    out = []
    for cls, row in classes:
        for _ in range(rng.randint(2, 7)):
            p = _student(rng, s, len(out), cls["grade"], year)
            student = _record(p)
            enrol = dict(
                intake=rng.choice((None, "new", "repeat", "up", "transfer")),
                two_sessions=rng.random() < 0.2,
                semi_boarding=rng.random() < 0.15,
            )
            admitted = rng.random() < 0.15
            db.session.add_all(
                [
                    student,
                    Enrollment(
                        school_id=s.unit.id,
                        student=student,
                        year=year,
                        **enrol,
                        class_id=row.id,
                    ),
                ]
            )
            if rng.random() < 0.3:  # last year's class: ignored
                db.session.add(
                    Enrollment(
                        school_id=s.unit.id,
                        student=student,
                        year=year - 1,
                        class_id=rng.choice(old).id,
                        intake="new",
                        two_sessions=True,
                    )
                )
            move = (
                rng.choice(("admission", "transfer_in")) if rng.random() < 0.3 else None
            )
            for y in (year, year - 1) if move else ():
                if y == year and not admitted and move == "admission":
                    continue
                db.session.add(
                    Movement(
                        school_id=s.unit.id,
                        student=student,
                        year=y,
                        kind=move,
                        on_date=date(y, 9, 5),
                        term="1",
                    )
                )
            p |= enrol | {"admitted": admitted and move == "admission"}
            if p["active"]:
                s.students.append((p, cls))
            out.append(p)
    for n in range(3):  # active, but no class this year
        p = _student(rng, s, 1000 + n, classes[0][0]["grade"], year)
        db.session.add(_record(p))
    return out


def _staff(rng: Random, s: School, year: int, index: int) -> None:
    centre = s.levels == ("05",)
    leaders = ("18", "17", "16", "11", "02", "01", "13", "03", "14", "09")  # each row
    people = [("01", "05" if centre else "01", leaders[index])]
    people += [("01", "06" if centre else "02", leaders[(index + 3) % 10])]
    people += [("01", "06" if centre else "02", None), ("01", "03", None)]
    people += [("03", "35", None)] * (len(s.classes) // 2 + 3)
    people += [("02", rng.choice(EMPLOYEE_POSITIONS), None) for _ in range(7)]
    for n, (group, position, qualification) in enumerate(people):
        qualification = qualification or rng.choice(QUALIFICATIONS)
        v = dict(
            group=group,
            position=position,
            code=f"{s.key}-cb{n}",
            full_name=f"Cán Bộ {n}",
            gender=rng.choice(("01", "02")),
            ethnicity=rng.choice(ETHNIC),
            qualification=qualification,
            birth_date=date(year - rng.randint(18, 63), rng.randint(1, 12), 3),
            contract=rng.choice(("07", "07", "08", "02", "03", "04", "05", "06")),
            status="01" if n < 2 else rng.choice(WORKING * 3 + ("02", "03", "05")),
        )
        member = StaffMember(
            school_id=s.unit.id,
            **v,
            **StaffMember.search_keys(v["full_name"], v["code"]),
        )
        v["duties"] = rng.choice(DUTIES)
        db.session.add(member)
        if v["duties"] is not None:
            db.session.add(
                StaffYear(
                    school_id=s.unit.id, staff=member, year=year, duties=v["duties"]
                )
            )
        if rng.random() < 0.3:  # last year's duties: ignored
            db.session.add(
                StaffYear(
                    school_id=s.unit.id, staff=member, year=year - 1, duties="07,08,13"
                )
            )
        s.staff.append(v)


def _facilities(rng: Random, s: School, year: int) -> None:
    for kind in (r["code"] for r in codelists.rows("room_kinds")):
        for _ in range(rng.choice((0, 1, 1, 2))):
            v = dict(
                kind=kind,
                construction=rng.choice(("kien_co", "ban_kien_co", "tam")),
                borrowed=rng.random() < 0.25,
                quantity=rng.randint(1, 4),
            )
            db.session.add(Room(school_id=s.unit.id, **v))
            s.rooms.append(v)
    for category in codelists.labels("budget_categories"):
        for y in (year, year, year - 1):
            if rng.random() < 0.6:
                v = dict(
                    category=category,
                    planned=rng.randint(0, 10**9),
                    executed=rng.randint(0, 10**9),
                )
                db.session.add(
                    BudgetLine(school_id=s.unit.id, year=y, description="Chi", **v)
                )
                s.budget.append(v | {"year": y})


def _school(rng: Random, units: dict, year: int, index: int, spec) -> School:
    key, parent, group, owner, profile, grades, satellites = spec
    extra = {"closed_on": date(year, 8, 20)} if key == "closed" else {}
    unit = make_unit(
        "school", units[parent], name=f"Trường {key}", level_group=group, **extra
    )
    unit.ownership = owner
    s = School(key, parent, unit, LEVELS[group], owner, None)
    if profile:
        s.profile, row = _profile(rng, unit, year, profile)
        db.session.add(row)
    owner_then = "09" if (profile or (owner,))[0] == "01" else "01"
    region_then = "03" if profile and profile[1] in ("01", "04") else "04"
    last = (owner_then, region_then, "01", "03")  # last year's profile: ignored
    db.session.add(_profile(rng, unit, year - 1, last)[1])
    for kind, level, *days in ACCREDITATIONS.get(key, ()):
        decided, expires = (date(year + y, m, d) for y, m, d in days)
        s.accreditations.append((kind, level, decided, expires))
        db.session.add(
            Accreditation(
                school_id=unit.id,
                kind=kind,
                level=level,
                decision_number=f"{level}/QĐ",
                decided_on=decided,
                expires_on=expires,
            )
        )
    if satellites is not None:
        s.campuses = [True] + [False] * satellites
        db.session.add_all(
            Campus(school_id=unit.id, code=f"{key}{i}", name=f"Điểm {i}", is_main=main)
            for i, main in enumerate(s.campuses)
        )
    classes, old = [], []
    for grade, n in grades.items():
        for i in range(n):
            c = dict(
                grade=grade,
                name=f"{grade}-{i}",
                session_pattern=rng.choice((None, "1", "2", "3", "4", "5", "6", "7")),
                is_combined=rng.random() < 0.15,
                semi_boarding=rng.random() < 0.3,
            )
            row = ClassGroup(school_id=unit.id, year=year, **c)
            classes.append((c, row))
        old.append(
            ClassGroup(
                school_id=unit.id,
                year=year - 1,
                grade=grade,
                name=f"{grade}-old",
                session_pattern="4",
            )
        )
    db.session.add_all([row for _, row in classes] + old)
    db.session.flush()
    s.classes = [c for c, _ in classes]
    _students(rng, s, year, classes, old)
    _staff(rng, s, year, index)
    _facilities(rng, s, year)
    db.session.flush()
    return s


@dataclass
class Province:
    year: int
    units: dict  # dept, d1, d2 → Unit
    schools: list[School]

    def under(self, unit_key: str, level: str) -> list[School]:
        """Open schools of the unit (the Department: all) offering the level."""
        return [
            s
            for s in self.schools
            if s.key != "closed"
            and level in s.levels
            and (unit_key in ("dept", s.parent) or unit_key == s.key)
        ]


@pytest.fixture
def province(app) -> Province:
    year = school_years.ensure_year(school_years.current_year()).year
    school_years.ensure_year(year - 1)
    rng = Random(20250905)
    units = {"dept": make_unit("department", name="Sở GDĐT")}
    make_unit("division", units["dept"], name="Phòng Tổ chức – Cán bộ")
    units["d1"] = make_unit("district", units["dept"], name="Phòng GDĐT Long Hồ")
    units["d2"] = make_unit("district", units["dept"], name="Phòng GDĐT Trà Ôn")
    with system_override("dữ liệu kiểm thử báo cáo"):
        schools = [_school(rng, units, year, i, spec) for i, spec in enumerate(SCHOOLS)]
    db.session.commit()
    return Province(year, units, schools)


def _add(row: list, n: int, public: bool, *flags: bool) -> None:
    """Tổng số then Công lập / Ngoài công lập blocks of the same flags."""
    k = len(flags)
    for i, on in enumerate(flags):
        if on:
            row[i] += n
            row[k * (1 if public else 2) + i] += n


def standard_on(s: School, day: date) -> str | None:
    """The national standard a school counts on `day`: its decision valid then
    (the highest), none when all have lapsed; the profile's only without any."""
    standards = [a for a in s.accreditations if a[0] == "chuan_qg"]
    if not standards:
        return (s.profile or {}).get("standard_level")
    valid = [lv for _, lv, since, until in standards if since <= day < until]
    return {1: "02", 2: "03"}[max(valid)] if valid else None


def expected_schools(level: str, home: list[School], day: date) -> dict:
    big, big_mountain = (9, 6) if level == "01" else (28, 19)
    rows = {str(i): [0, 0, 0] for i in range(1, 27)}
    for s in home:
        p = s.profile or {}
        standard = standard_on(s, day)
        mountain = p.get("region") in ("01", "04")
        n = len(s.classes)  # the whole school's size: every level's classes
        marks = ["1", "5" if mountain else "2"]
        marks.append(
            ("6" if n >= big_mountain else "7")
            if mountain
            else "3"
            if n >= big
            else "4"
        )
        marks += [
            m
            for m, on in (
                ("8", standard == "02"),
                ("9", standard == "03"),
                ("10", p.get("two_sessions_a_day")),
                ("11", p.get("school_type") == "01"),
                ("12", p.get("school_type") == "04"),
            )
            if on
        ]
        marks += [str(16 + i) for i, f in enumerate(FLAGS) if p.get(f)]
        disabled = sum(1 for student, _ in s.students if student["disability"])
        marks += ["13"] if 0 < disabled < 20 else ["14"] if disabled >= 20 else []
        marks += ["15"] if s.campuses.count(False) >= 5 else []
        for m in marks:
            _add(rows[m], 1, s.public, True)
        _add(rows["26"], len(s.campuses), s.public, True)
    return rows


def _grade_label(grade: str) -> str:
    return codelists.labels("grades")[grade]


def expected_classes(level: str, schools: list[School], grades: list[str]) -> dict:
    key = {
        g: str(28 + i) if level == "02" else _grade_label(g)
        for i, g in enumerate(grades)
    }
    rows = {k: [0, 0, 0] for k in ("27", *key.values(), "33", "34", "35", "36")}
    for s in schools:
        kind = (s.profile or {}).get("school_type")
        for c in (c for c in s.classes if c["grade"] in grades):
            for k, on in (
                ("27", True),
                (key[c["grade"]], True),
                ("33", c["session_pattern"] in ("4", "5", "6", "7")),
                ("34", c["semi_boarding"] and kind == "01"),
                ("35", kind == "04"),
                ("36", c["is_combined"]),
            ):
                if on:
                    _add(rows[k], 1, s.public, True)
    return rows


def _student_row_keys(level: str, grades: list[str]) -> dict:
    """Grade, age and right-age row keys: Mã số on the primary form, else labels."""
    primary = level == "02"
    out = {"grade": {}, "age": {}, "right": {}}
    for g in grades:
        label = _grade_label(g)
        out["grade"][g] = (
            str(39 + int(g))
            if primary
            else {"16": "Trẻ em nhà trẻ", "17": "Trẻ em mẫu giáo"}.get(g)
            or f"Học sinh {label[0].lower()}{label[1:]}"
        )
    numbers = [int(g) for g in grades if int(g) <= 12]
    if numbers:
        lo, hi = min(numbers) + 5, max(numbers) + 5
        out["age"] = {
            age: str(40 + age) if primary else f"{age} tuổi"
            for age in range(lo, hi + 1)
        }
        out["age"]["below"] = "45" if primary else f"Dưới {lo} tuổi"
        out["age"]["above"] = "51" if primary else f"Trên {hi} tuổi"
        out["right"] = {
            n: str(51 + n) if primary else f"Học sinh {n + 5} tuổi học lớp {n}"
            for n in numbers
        }
    return out


def expected_students(
    level: str, schools: list[School], grades: list[str], year: int, day: date
):
    keys = _student_row_keys(level, grades)
    fixed = (
        "37",
        "38",
        "39",
        "57",
        "58",
        "59",
        "60",
        "61",
        "62",
        "63",
        "64",
        "65",
        "66",
        "74",
        "75",
        "76",
        "77",
    )
    primary = level == "02"  # the form: 67–72 học chuyên biệt, 73 blank
    rows = {
        k: [0] * 12
        for k in (
            *fixed,
            *(("67", "68", "69", "70", "71", "72") if primary else ()),
            *(k for part in keys.values() for k in part.values()),
        )
    }
    by_type = {"03": "62", "02": "63", "05": "64", "01": "65", "04": "66"}
    ages = [a for a in keys["age"] if isinstance(a, int)]
    for s in schools:
        mountain = (s.profile or {}).get("region") in ("01", "04")
        special = primary and (s.profile or {}).get("school_type") == "04"
        shift = 6 if special else 0  # 61–66 → 67–72
        for p, c in (x for x in s.students if x[1]["grade"] in grades):
            marks = ["37", "39" if mountain else "38", keys["grade"][c["grade"]]]
            if int(c["grade"]) <= 12:
                age = year - p["birth_date"].year
                band = age if age in ages else "below" if age < min(ages) else "above"
                marks.append(keys["age"][band])
                if age == int(c["grade"]) + 5:
                    marks.append(keys["right"][int(c["grade"])])
            policy = (p["policy_categories"] or "").split(",")
            supports = {  # the codes whose grant holds on the data date
                c for c, a, b in p["grants"] if a <= day and (b is None or day <= b)
            }
            f, m = p["gender"] == "02", p["ethnicity"] not in ("01", "55")
            marks += [
                m
                for m, on in (
                    (
                        "57",
                        c["grade"] in FIRST_GRADES
                        and (p["intake"] == "new" or p["admitted"]),
                    ),
                    ("58", p["intake"] == "repeat"),
                    (
                        "59",
                        p["two_sessions"]
                        or c["session_pattern"] in ("4", "5", "6", "7"),
                    ),
                    ("60", p["semi_boarding"] and m),
                    (str(61 + shift), p["disability"] is not None),
                    ("74", bool(p["policy_categories"])),
                    ("75", "03" in supports),
                    ("76", "11" in policy),
                    ("77", "06" in supports),
                )
                if on
            ]
            if p["disability"] in by_type:
                marks.append(str(int(by_type[p["disability"]]) + shift))
            for k in marks:
                _add(rows[k], 1, s.public, True, f, m, f and m)
    return rows | ({"73": []} if primary else {})  # học tin học: not kept, blank


QUALIFICATION_ROW = {"18": 0, "15": 0, "09": 0, "10": 0, "17": 1, "14": 1, "16": 2,
                     "13": 2, "02": 3, "01": 4}  # fmt: skip
EMPLOYEE_ROW = {"09": "111", "10": "111", "13": "111", "32": "112", "15": "113",
                "25": "114", "16": "115", "11": "116", "33": "117", "34": "118"}  # fmt: skip
# concurrent duties that are an employee's job (concurrent_duties code list)
JOB_DUTY_ROW = {"08": "111", "11": "111", "12": "112", "13": "113", "14": "114",
                "15": "115", "16": "116", "18": "117", "17": "118"}  # fmt: skip


def _staff_marks(v: dict, year: int) -> list[str]:
    q = QUALIFICATION_ROW.get(v["qualification"], 5)
    duties = [d for d in (v["duties"] or "").split(",") if d]
    marks = ["78"]
    if v["group"] == "01":
        marks.append("79")
        if v["position"] in ("01", "05"):
            marks += ["80", str(81 + q)]
        elif v["position"] in ("02", "06"):
            marks += ["87", "89" if v["mountain"] else "88", str(90 + q)]
    elif v["group"] == "03":
        marks += ["96", str(97 + q)]
        age = year - v["birth_date"].year
        bands = ((20, 29), (30, 39), (40, 49), (50, 54), (55, 59), (60, 200))
        marks += [str(103 + i) for i, (lo, hi) in enumerate(bands) if lo <= age <= hi]
    else:
        marks.append("110")
        # the footnote of 115/119: one job → its row; two or more → 119 only
        jobs = {EMPLOYEE_ROW.get(v["position"])} | {JOB_DUTY_ROW.get(d) for d in duties}
        jobs -= {None}
        marks += ["119"] if len(jobs) >= 2 else sorted(jobs)
    if {"07", "09"} & set(duties):
        marks.append("109")
    return marks


def expected_staff(home: list[School], year: int) -> dict:
    rows = {str(i): [0] * 15 for i in range(78, 120)}
    for s in home:
        mountain = (s.profile or {}).get("region") in ("01", "04")
        for v in (v for v in s.staff if v["status"] in WORKING):
            f, m, p = v["gender"] == "02", v["ethnicity"] not in ("01", "55"), s.public
            vc = (p and v["contract"] == "07", p and v["contract"] == "08")
            cells = [f, m, f and m]
            row = [
                1,
                *cells,
                p,
                *vc,
                p and not any(vc),
                *(p and x for x in cells),
                not p,
                *(not p and x for x in cells),
            ]
            for k in _staff_marks(v | {"mountain": mountain}, year):
                rows[k] = [a + int(b) for a, b in zip(rows[k], row, strict=True)]
    return rows


def expected_rooms(home: list[School]) -> dict:
    rows = {str(i): [0] * 12 for i in range(120, 133)}
    kinds = {r["code"]: r["indicator"] for r in codelists.rows("room_kinds")}
    parts = ("kien_co", "ban_kien_co", "tam")
    for s in home:
        for r in s.rooms:
            code = kinds[r["kind"]]
            if code == "120" and r["borrowed"]:
                code = "121"
            block = [r["quantity"] if r["construction"] == c else 0 for c in parts]
            block.insert(0, r["quantity"])
            targets = [code] if code else []
            targets += ["122"] if code and 122 < int(code) <= 130 else []
            for k in targets:
                for i, n in enumerate(block):
                    rows[k][i] += n
                    rows[k][(4 if s.public else 8) + i] += n
    return rows


def expected_budget(level: str, home: list[School], year: int) -> dict:
    if level == "02":  # the Ngân sách sheet, triệu đồng, each school rounded
        cells = [0, 0, 0]
        for s in home:
            spent = [0, 0, 0]  # last year's executed, this year's planned, executed
            for b in (b for b in s.budget if b["category"] == "01"):
                if b["year"] == year:
                    spent[1] += b["planned"]
                    spent[2] += b["executed"]
                else:
                    spent[0] += b["executed"]
            for i, dong in enumerate(spent):
                cells[i] += int(Decimal(dong) / 10**6 + Decimal("0.5"))
        blank = [*range(25, 32), *range(56, 72)]
        return {"15": cells, "24": list(cells)} | {str(c): [] for c in blank}
    labels = codelists.labels("budget_categories")
    rows = {"Tổng số": [0, 0], **{label: [0, 0] for label in labels.values()}}
    for s in home:
        for b in (b for b in s.budget if b["year"] == year):
            for k in ("Tổng số", labels[b["category"]]):
                rows[k][0] += b["planned"]
                rows[k][1] += b["executed"]
    return rows


def expected_report(prov: Province, unit_key: str, level: str, day: date) -> dict:
    schools = prov.under(unit_key, level)
    home = [s for s in schools if max(s.levels) == level]  # the multi-level rule
    grades = sorted(g for g, lv in GRADE_LEVEL.items() if lv == level)
    want = {
        "schools": expected_schools(level, home, day),
        "classes": expected_classes(level, schools, grades),
        "pupils": expected_students(level, schools, grades, prov.year, day),
        "staff": expected_staff(home, prov.year),
        "rooms": expected_rooms(home),
        "budget": expected_budget(level, home, prov.year),
    }
    if level in ("01", "02"):
        return want
    for table, keys in code_labels(level, prov.year).items():
        want[table] = {keys.get(k, k): v for k, v in want[table].items()}
    return want


def code_labels(level: str, year: int) -> dict[str, dict[str, str]]:
    """{table: {Mã số: label key}}: a level without a shipped form prints no Mã
    số, so its rows go by label (the summaries' row lists name them)."""
    grades = sorted(g for g, lv in GRADE_LEVEL.items() if lv == level)
    structure = {
        "schools": schools_table([], level, year).rows,
        "classes": classes_table([], grades, year).rows,
        "pupils": students_summary.empty_rows(grades),
        "staff": staff_summary.empty_rows(),
        "rooms": facilities_summary.empty_rows(),
    }
    return {
        table: dict(zip((r.indicator for r in rows), _label_keys(rows), strict=True))
        for table, rows in structure.items()
    }


def _label_keys(rows) -> list[str]:
    """Labels, numbered from the second time one recurs ("Thạc sĩ#2")."""
    seen: dict[str, int] = {}
    out = []
    for r in rows:
        seen[r.label] = seen.get(r.label, 0) + 1
        out.append(r.label if seen[r.label] == 1 else f"{r.label}#{seen[r.label]}")
    return out


def cells_of(data: ReportData) -> dict:
    """{table: {Mã số or label: cells}} of the rows with a Mã số or numbers (not the
    captions), checking keys are unique and rows complete or wholly blank."""
    out = {}
    for t in data.tables:
        rows = {}
        for r, label in zip(t.rows, _label_keys(t.rows), strict=True):
            if not r.indicator and not r.cells:
                continue
            key = r.indicator or label
            assert key not in rows, (t.key, key)
            assert len(r.cells) in (0, len(t.columns)), (t.key, key)
            rows[key] = r.cells
        out[t.key] = rows
    return out


def unit_of(prov: Province, key: str):
    return prov.units.get(key) or next(s.unit for s in prov.schools if s.key == key)


def build(prov: Province, key: str, level: str) -> ReportData:
    scope = resolve(reader(), unit_of(prov, key).id, level, prov.year, None)
    assert sorted(scope.school_ids) == sorted(s.unit.id for s in prov.under(key, level))
    return after_opening.build(scope)


def assert_matches(prov: Province, key: str, level: str) -> ReportData:
    data = build(prov, key, level)
    want, got = expected_report(prov, key, level, data.data_day), cells_of(data)
    assert [t.key for t in data.tables] == list(want)
    for table, rows in want.items():
        wrong = {
            k: (got[table].get(k), v) for k, v in rows.items() if got[table].get(k) != v
        }
        assert not wrong, f"{key} level {level} {table}: (got, want) {wrong}"
        assert set(got[table]) == set(rows), f"{key} level {level} {table} rows"
    assert (data.level, data.year, data.unit_id) == (
        level,
        prov.year,
        unit_of(prov, key).id,
    )
    assert data.school_count == len(prov.under(key, level))
    return data


def test_every_school_report_equals_a_count_by_hand(province):
    checked = 0
    for s in province.schools:
        if s.key == "closed":
            with pytest.raises(NotFound):
                resolve(reader(), s.unit.id, "02", province.year, None)
            continue
        assert levels_of(s.unit) == list(s.levels)
        for level in s.levels:
            if level != PRESCHOOL:
                assert_matches(province, s.key, level)
                checked += 1
    assert checked == 9


def test_district_and_province_reports_equal_a_count_by_hand(province):
    for key in ("d1", "d2", "dept"):
        levels = sorted(
            {
                lv
                for s in province.schools
                for lv in s.levels
                if s.key != "closed" and key in ("dept", s.parent)
            }
        )
        assert levels_of(unit_of(province, key)) == levels
        for level in levels:
            if level != PRESCHOOL:
                assert_matches(province, key, level)


def test_the_data_reaches_every_row_and_column(province):
    """Guard for the test itself: the random data leaves no row or column unused."""
    reports = []
    for lv in ("02", "03", "04", "05"):
        got = cells_of(build(province, "dept", lv))
        if lv != "02":  # back to Mã số, as rows of 02 go
            for table, keys in code_labels(lv, province.year).items():
                codes = {label: code for code, label in keys.items() if code}
                got[table] = {codes.get(k, k): v for k, v in got[table].items()}
        reports.append(got)
    for table in reports[0]:
        rows = {k for r in reports for k, cells in r[table].items() if cells[:1] != [0]}
        assert rows == {k for r in reports for k in r[table]}, table
        cols: dict[int, set] = {}  # by width: 02-TH-ĐN's budget has its own columns
        for r in reports:
            width = max(len(cells) for cells in r[table].values())
            used = cols.setdefault(width, set())
            used |= {i for cells in r[table].values() for i, n in enumerate(cells) if n}
        assert all(used == set(range(w)) for w, used in cols.items()), table


def _zeroed(data: ReportData) -> ReportData:
    out = ReportData.from_json(data.to_json())
    for t in out.tables:
        for r in t.rows:
            r.cells = [0] * len(r.cells)
    return out


def test_the_sum_of_school_reports_is_the_unit_report(province):
    """A district's (the province's) report is the sum of its schools' reports."""
    for key in ("d1", "d2", "dept"):
        for level in set(levels_of(unit_of(province, key))) - {PRESCHOOL}:
            whole = build(province, key, level)
            parts = [build(province, s.key, level) for s in province.under(key, level)]
            summed = sum_reports(parts, _zeroed(whole))
            assert cells_of(summed) == cells_of(whole), (key, level)
            assert summed.checksum() == whole.checksum()


def _sheet_rows(ws) -> list[tuple]:
    """(Mã số, label, cells) of the data rows under the header (row 4)."""
    out = []
    for row in ws.iter_rows(min_row=5, values_only=True):
        if all(v is None for v in row[4:]):  # a caption line ("Chia ra:")
            continue
        out.append((row[3] or "", (row[1] or "").strip(" -"), list(row[4:])))
    return out


def test_the_excel_export_holds_the_same_numbers(province):
    cases = [("dept", lv) for lv in ("02", "03", "04", "05")]
    for key, level in [*cases, ("d1", "03"), ("ptcs_a", "02")]:
        data = assert_matches(province, key, level)
        wb = load_workbook(BytesIO(workbook.excel(data)), read_only=True)
        noted = [r for t in data.tables for r in t.rows if r.note]
        assert wb.sheetnames[len(data.tables) :] == (["Ghi chú"] if noted else [])
        for ws, table in zip(wb.worksheets, data.tables, strict=False):
            assert ws["A3"].value == table.title
            header = next(ws.iter_rows(min_row=4, max_row=4, values_only=True))
            assert list(header[4:]) == table.flat_columns()
            want = [(r.indicator, r.label, r.cells) for r in table.rows if r.cells]
            assert _sheet_rows(ws) == want, (key, level, table.key)


def test_no_report_prints_a_ma_so_the_primary_form_gives_another_meaning(province):
    """02 follows 02-TH-ĐN row for row (an uncounted row is blank and its note
    says why); levels without a shipped form print no Mã số at all."""
    primary = forms.for_level("02", province.year)
    for key in ("dept", "d1", "th_a", "ptcs_a"):
        for level in levels_of(unit_of(province, key)):
            if level == "01":  # the preschool report lays out its own form
                continue
            data = build(province, key, level)
            for table in data.tables:
                assert forms.misprinted(primary, table.key, table.rows) == []
                if level != "02":
                    assert not any(r.indicator for r in table.rows), table.key
                    continue
                assert [r.indicator for r in table.rows] == [
                    r.code for r in primary.section(table.key)
                ]
                blank = [r for r in table.rows if r.indicator and not r.cells]
                assert all(r.note for r in blank), table.key
    data = build(province, "dept", "02")
    blank = [r.indicator for r in data.table("pupils").rows if not r.cells]
    assert [code for code in blank if code] == ["73"]  # and the captions
    budget = data.table("budget")
    assert [r.indicator for r in budget.rows if r.cells] == ["15", "24"]
    assert budget.columns[0] == ("Quyết toán chi NSNN (năm tài chính n-1)",)
