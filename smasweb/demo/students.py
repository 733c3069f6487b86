"""Demo pupils for every demo class of the current school year.

Only the current year gets pupils (no history of earlier years): each class is
filled to its planned size, birth years match the grade (about one pupil in twenty
is a year older, some of them repeating the grade), about 48% are girls, and in the
schools of Trà Ôn, Tam Bình, Vũng Liêm and Bình Minh (and the ethnic boarding
school) a share are Khmer with Khmer names. Most pupils have a valid 12-digit
personal ID and a 10-digit Ministry code; a few have policy categories, a
disability, a poor household or supports (grants from the year's first day). Each
school gets a handful of movements (transfers in, dropouts with a reason); the
pupils' status is derived from them by services/students/rules.derive_status.
Deterministic (fixed seed), written with ORM bulk inserts in batches (province
scale: about 720,000 pupils; see _school_step for the test suite's sample).
"""

from datetime import date
from decimal import Decimal
from functools import cache
from random import Random
from types import SimpleNamespace

from flask import current_app
from sqlalchemy import insert, select, text

from smasweb.demo.names import HAMLETS, KHMER_FAMILY, staff_name
from smasweb.demo.staff import NULLS, OTHER_PROVINCES, Serial
from smasweb.extensions import db
from smasweb.models import Unit
from smasweb.models.schools import (
    TWO_SESSION_PATTERNS,
    ClassGroup,
    SchoolProfile,
    SchoolYear,
)
from smasweb.models.students import Enrollment, Movement, Student, SupportGrant
from smasweb.services import years as school_years
from smasweb.services.students import rules as student_rules

BATCH = 5000
KHMER_STUDENTS = {"862": 0.32, "860": 0.22, "859": 0.2, "861": 0.2}  # by district
BOARDING_KHMER = 0.8  # the ethnic boarding school
# preschool age group → (youngest, oldest) age in months on 1 September
PRESCHOOL_MONTHS = {"01": (3, 12), "02": (13, 24), "03": (25, 36)}
PRESCHOOL_MONTHS |= {"04": (37, 48), "05": (49, 60), "06": (61, 72)}
DEFAULT_SIZE = {"16": 20, "17": 25}  # preschool; general grades: 30 (primary) / 38
JOBS = ("Làm ruộng", "Buôn bán", "Công nhân", "Làm vườn", "Nội trợ", "Viên chức")


def load_students(schools: list[Unit], scale: str = "small") -> int:
    """Insert pupils for the current year's classes of these schools; how many."""
    year = school_years.current_year()
    step = _school_step(scale)
    wanted = {s.id: s for s in schools[::step]}
    districts = dict(
        db.session.execute(
            select(SchoolProfile.school_id, SchoolProfile.district_code).where(
                SchoolProfile.year == year
            )
        ).all()
    )
    by_school: dict[int, list] = {}
    for cls in db.session.execute(
        select(
            ClassGroup.id,
            ClassGroup.school_id,
            ClassGroup.grade,
            ClassGroup.age_group,
            ClassGroup.planned_size,
            ClassGroup.semi_boarding,
            ClassGroup.session_pattern,
        )
        .where(ClassGroup.year == year)
        .order_by(ClassGroup.id)
    ):
        if cls.school_id in wanted:
            by_school.setdefault(cls.school_id, []).append(cls)
    starts = db.session.get(SchoolYear, year)
    students = _Students(year, Random(6))  # noqa: S311 - seeded: the demo is the same on every load
    students.starts_on = starts.starts_on if starts else date(year, 9, 5)
    total = 0
    for sid, classes in by_school.items():
        school = wanted[sid]
        khmer = KHMER_STUDENTS.get(districts.get(sid) or "", 0.0)
        if "Dân tộc nội trú" in school.name:
            khmer = BOARDING_KHMER
        students.school_rows = []
        for cls in classes:
            students.fill(school, districts.get(sid), cls, khmer)
        students.move(school)
        if len(students.rows) >= BATCH:
            total += students.flush()
    total += students.flush()
    if db.session.get_bind().dialect.name == "postgresql":
        # fresh planner statistics: without them the foreign-key checks of a later
        # DELETE scan the freshly loaded tables once per row
        db.session.execute(
            text("ANALYZE students, enrollments, movements, support_grants")
        )
    return total


def _school_step(scale: str) -> int:
    """Every how many schools get pupils: all, except in the test suite's province
    demo (every 25th school: the full ~720,000 pupils take minutes per backend).
    The DEMO_PUPIL_SCHOOL_STEP setting overrides it."""
    step = current_app.config.get("DEMO_PUPIL_SCHOOL_STEP")
    if step is None:
        testing = current_app.config.get("ENV_NAME") == "testing"
        step = 25 if scale == "province" and testing else 1
    return max(1, int(step))


@cache
def _name_keys(full_name: str) -> tuple[str, str]:
    keys = Student.search_keys(full_name)
    return keys["name_folded"], keys["sort_key"]


def _search_keys(full_name: str, *codes: str | None) -> dict[str, str]:
    """Student.search_keys, with each name folded once (names repeat a lot)."""
    folded, sort_key = _name_keys(full_name)
    words = " ".join(c.lower() for c in codes if c)
    return {"name_folded": f"{folded} {words}", "sort_key": sort_key}


class _Students:
    """Pupils being generated, written in batches with their enrolments and moves."""

    def __init__(self, year: int, rng: Random) -> None:
        self.year, self.rng = year, rng
        self.serial, self.ministry = Serial(), 0
        self.rows: list[dict] = []
        self.enrol: list[dict] = []
        self.moves: list[dict] = []
        self.grants: list[dict] = []  # support grants, from the year's first day
        self.starts_on = date(year, 9, 5)
        self.seq: dict[int, int] = {}
        self.school_rows: list[int] = []  # indexes of this school's pupils

    def fill(self, school: Unit, district, cls, khmer: float) -> None:
        general = cls.grade not in DEFAULT_SIZE
        size = cls.planned_size or DEFAULT_SIZE.get(
            cls.grade, 30 if cls.grade <= "05" else 38
        )
        two = cls.session_pattern in TWO_SESSION_PATTERNS
        for _ in range(size):
            older = general and self.rng.random() < 0.05
            row = self.student(school, district, cls, khmer, older)
            for code in filter(None, [row.pop("supports")]):
                self.grants.append(
                    {
                        "school_id": school.id,
                        "version": 1,
                        "code": code,
                        "starts_on": self.starts_on,
                        "row": len(self.rows),
                    }
                )
            self.school_rows.append(len(self.rows))
            self.rows.append(row)
            first = cls.grade in student_rules.FIRST_GRADES
            intake = "repeat" if older and self.rng.random() < 0.4 else None
            self.enrol.append(
                {
                    "school_id": school.id,
                    "version": 1,
                    "year": self.year,
                    "class_id": cls.id,
                    "two_sessions": two,
                    "intake": intake or ("new" if first else "up"),
                    "semi_boarding": bool(cls.semi_boarding)
                    and self.rng.random() < 0.85,
                }
            )

    def birth(self, cls, older: bool) -> date:
        rng, year = self.rng, self.year
        if cls.grade in DEFAULT_SIZE:  # preschool: age in months on 1 September
            lo, hi = PRESCHOOL_MONTHS.get(cls.age_group or "", (37, 72))
            months = rng.randint(lo, hi)
            y, m = divmod(year * 12 + 8 - months, 12)
            return date(y, m + 1, rng.randint(1, 28))
        grade = int(cls.grade) - (3 if int(cls.grade) > 12 else 0)
        return date(year - grade - 5 - older, rng.randint(1, 12), rng.randint(1, 28))

    def student(self, school: Unit, district, cls, khmer: float, older: bool) -> dict:
        rng = self.rng
        female = rng.random() < 0.48
        is_khmer = rng.random() < khmer
        name = staff_name(rng, female, is_khmer)
        family = name.split()[0]
        birth = self.birth(cls, older)
        self.seq[school.id] = seq = self.seq.get(school.id, 0) + 1
        code = f"HS{seq:05d}"
        pid = None
        if rng.random() < 0.93:
            province = "86" if rng.random() < 0.95 else rng.choice(OTHER_PROVINCES)
            digit = (birth.year // 100 - 19) * 2 + female
            pid = f"0{province}{digit}{birth.year % 100:02d}{self.serial.next()}"
        ministry = None
        if rng.random() < 0.9:
            self.ministry += 1
            ministry = f"86{self.ministry:08d}"
        poor = rng.random()
        household = "01" if poor < 0.03 else "02" if poor < 0.07 else None
        policies = {"01": "08", "02": "09"}.get(household or "")
        if rng.random() < 0.02:
            policies = ",".join(filter(None, (policies, rng.choice("0103040510"))))
        disability = (
            rng.choice(("01", "02", "03", "05")) if rng.random() < 0.01 else None
        )
        supports = "03" if household == "01" else None
        preschool = cls.grade in DEFAULT_SIZE
        grade = 0 if preschool else int(cls.grade)
        father_family = rng.choice(KHMER_FAMILY) if is_khmer else family
        father = staff_name(rng, False, is_khmer).split(maxsplit=1)[1]
        hamlet = rng.choice(HAMLETS)
        return {
            "school_id": school.id,
            "version": 1,
            "ministry_code": ministry,
            "school_code": code,
            "personal_id": pid,
            "full_name": name,
            **_search_keys(name, ministry, code),
            "birth_date": birth,
            "gender": "02" if female else "01",
            "ethnicity": "05" if is_khmer else "01",
            "religion": "02" if is_khmer else rng.choice(("99",) * 7 + ("01", "03")),
            "nationality": "VN",
            "birthplace": "Vĩnh Long",
            "perm_address": f"Ấp {hamlet}",
            "perm_province": "86",
            "perm_district": district,
            "perm_commune": school.commune_code,
            "policy_categories": policies,
            "disability": disability,
            "household": household,
            "supports": supports,
            "pioneer": 3 <= grade <= 9,
            "youth_union": grade >= 10 and rng.random() < 0.4,
            "father_name": f"{father_family} {father}",
            "father_birth_year": birth.year - rng.randint(24, 38),
            "father_job": rng.choice(JOBS),
            "mother_name": staff_name(rng, True, is_khmer),
            "mother_birth_year": birth.year - rng.randint(21, 35),
            "mother_job": rng.choice(JOBS),
            "mother_phone": f"09{rng.randrange(10**8):08d}",
            "weight_kg": Decimal(rng.randint(90, 220)) / 10 if preschool else None,
            "height_cm": Decimal(rng.randint(700, 1200)) / 10 if preschool else None,
            "nutrition": None,
            "status": "01",
            "status_on": None,
            "active": True,
        }

    def move(self, school: Unit) -> None:
        """A handful of movements in this school: transfers in and dropouts."""
        rng, year = self.rng, self.year
        picks = rng.sample(self.school_rows, min(len(self.school_rows), 3))
        for n, i in enumerate(picks):
            kind = "dropout" if n == 2 and rng.random() < 0.7 else "transfer_in"
            day = date(year, 9, rng.randint(8, 28))
            move = {
                "school_id": school.id,
                "version": 1,
                "year": year,
                "kind": kind,
                "on_date": day,
                "term": student_rules.term_of(day),
                "other_school_id": None,
                "class_id": self.enrol[i]["class_id"],
                "other_place": "Trường ngoài tỉnh" if kind == "transfer_in" else None,
                "scope": "02" if kind == "transfer_in" else None,
                "reason": rng.choice(("01", "02", "03")) if kind == "dropout" else None,
                "note": None,
                "row": i,
            }
            status, active, since = student_rules.derive_status(
                [SimpleNamespace(**move)]
            )
            self.rows[i].update(status=status, active=active, status_on=since)
            if kind == "transfer_in":
                self.enrol[i]["intake"] = "transfer"
            self.moves.append(move)

    def flush(self) -> int:
        if not self.rows:
            return 0
        db.session.execute(insert(Student), self.rows, execution_options=NULLS)
        keys = {(r["school_id"], r["school_code"]) for r in self.rows}
        school_ids = {k[0] for k in keys}
        ids = {
            (sid, code): pk
            for pk, sid, code in db.session.execute(
                select(Student.id, Student.school_id, Student.school_code).where(
                    Student.school_id.in_(school_ids)
                )
            )
        }
        pk = [ids[(r["school_id"], r["school_code"])] for r in self.rows]
        enrol = [{**e, "student_id": pk[i]} for i, e in enumerate(self.enrol)]
        db.session.execute(insert(Enrollment), enrol, execution_options=NULLS)
        moves = [
            {**{k: v for k, v in m.items() if k != "row"}, "student_id": pk[m["row"]]}
            for m in self.moves
        ]
        if moves:
            db.session.execute(insert(Movement), moves, execution_options=NULLS)
        grants = [
            {**{k: v for k, v in g.items() if k != "row"}, "student_id": pk[g["row"]]}
            for g in self.grants
        ]
        if grants:
            db.session.execute(insert(SupportGrant), grants, execution_options=NULLS)
        n = len(self.rows)
        self.rows, self.enrol, self.moves, self.school_rows = [], [], [], []
        self.grants = []
        return n
