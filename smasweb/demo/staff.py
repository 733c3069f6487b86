"""Demo staff for every demo school: managers, teachers in proportion to the classes
of the current year, employees, their assignment for the year and homeroom links.

Deterministic (fixed seed) and written with ORM bulk inserts. Personal IDs follow
the 12-digit rule (personal_id.problem) and are unique by construction:
the 6 last digits are a bijection of a running number. Part of the staff of schools
in Trà Ôn, Tam Bình, Vũng Liêm and Bình Minh (and the ethnic boarding school) are
Khmer, with Khmer names. The demo teacher and leader accounts are linked to a
teacher and a deputy of their school, whose names they take.
"""

from datetime import date
from decimal import Decimal
from random import Random

from sqlalchemy import insert, select, update

from smasweb.demo.names import HAMLETS, is_female_name, staff_name
from smasweb.demo.staff_plan import (
    EMPLOYEE_QUALIFICATIONS,
    KHMER_SHARE,
    LEVEL_MAJORS,
    LEVEL_OF_GRADE,
    MAJORS,
    SALARY,
    TEACHER_QUALIFICATIONS,
    TEACHER_TITLES,
    employees_of,
    female_share,
    managers_of,
    subjects_of,
    teachers_needed,
)
from smasweb.extensions import db
from smasweb.models import StaffMember, StaffYear, Unit, User
from smasweb.models.schools import ClassGroup, SchoolProfile
from smasweb.services import policy
from smasweb.services import years as school_years
from smasweb.services.staff import rules as staff_rules

NULLS = {"render_nulls": True}
MAJOR_LEVEL = {"01": "09", "02": "08", "16": "07", "13": "07", "03": "07"}
MAJOR_LEVEL |= {"17": "06", "14": "06", "04": "06", "18": "05", "15": "05", "05": "05"}
OTHER_PROVINCES = ("84", "94", "83", "87", "92", "79")


class Serial:
    """Running number → 6 distinct digits (a bijection mod 10**6, so IDs never clash)."""

    def __init__(self) -> None:
        self.n = 0

    def next(self) -> str:
        self.n += 1
        return f"{(self.n * 366_773 + 104_729) % 10**6:06d}"


def load_staff(schools: list[Unit], scale: str = "small") -> int:
    """Insert the demo staff of these schools; returns how many staff members."""
    year = school_years.current_year()
    classes: dict[int, list[tuple]] = {}
    for cid, sid, name, grade in db.session.execute(
        select(ClassGroup.id, ClassGroup.school_id, ClassGroup.name, ClassGroup.grade)
        .where(ClassGroup.year == year)
        .order_by(ClassGroup.id)
    ):
        classes.setdefault(sid, []).append((cid, name, LEVEL_OF_GRADE[grade]))
    profiles = {
        sid: (district, principal)
        for sid, district, principal in db.session.execute(
            select(
                SchoolProfile.school_id,
                SchoolProfile.district_code,
                SchoolProfile.principal_name,
            ).where(SchoolProfile.year == year)
        )
    }
    accounts = _accounts({s.id for s in schools})
    rng, serial = Random(5), Serial()  # noqa: S311 - seeded: the demo is the same on every load
    people: list[dict] = []
    for school in schools:
        district, principal = profiles.get(school.id, (None, None))
        plan = _SchoolPlan(school, district, year, rng, serial)
        people += plan.staff(
            classes.get(school.id, []), principal, accounts.get(school.id, {})
        )
    _insert(StaffMember, [p["row"] for p in people])
    ids = {
        (sid, code): pk
        for pk, sid, code in db.session.execute(
            select(StaffMember.id, StaffMember.school_id, StaffMember.code)
        )
    }
    for p in people:
        p["id"] = ids[(p["row"]["school_id"], p["row"]["code"])]
    _insert(
        StaffYear,
        [{**p["year"], "staff_id": p["id"]} for p in people if p.get("year")],
    )
    _link(people, year)
    return len(people)


def _insert(model, rows: list[dict]) -> None:
    if rows:
        db.session.execute(insert(model), rows, execution_options=NULLS)


def _accounts(school_ids: set[int]) -> dict[int, dict[str, tuple[int, str]]]:
    """The demo accounts to link: {school id: {role: (user id, full name)}}."""
    out: dict[int, dict[str, tuple[int, str]]] = {}
    for uid, unit_id, role, name in db.session.execute(
        select(User.id, User.unit_id, User.role, User.full_name).where(
            User.role.in_(policy.staff_account_roles())
        )
    ):
        if unit_id in school_ids:
            out.setdefault(unit_id, {}).setdefault(role, (uid, name))
    return out


def _link(people: list[dict], year: int) -> None:
    """Homeroom classes point at their teacher (one UPDATE … FROM this year's
    assignments); demo accounts at their record."""
    db.session.execute(
        update(ClassGroup)
        .where(
            ClassGroup.id == StaffYear.homeroom_class_id,
            StaffYear.year == year,
            StaffMember.id == StaffYear.staff_id,
        )
        .values(
            homeroom_staff_id=StaffYear.staff_id,
            homeroom_teacher=StaffMember.full_name,
            version=ClassGroup.version + 1,
        )
        .execution_options(synchronize_session=False)
    )
    users = [{"id": p["user"], "staff_id": p["id"]} for p in people if p.get("user")]
    if users:
        db.session.execute(update(User), users)


class _SchoolPlan:
    """The people of one school."""

    def __init__(self, school: Unit, district, year: int, rng: Random, serial) -> None:
        self.school, self.district, self.year = school, district, year
        self.rng, self.serial, self.seq = rng, serial, 0
        khmer = KHMER_SHARE.get(district or "", 0.0)
        self.khmer = 0.3 if "Dân tộc nội trú" in school.name else khmer
        self.main_level = (school.level_codes or ("02",))[0]

    def staff(self, classes: list[tuple], principal, accounts: dict) -> list[dict]:
        out = managers_of(self, len(classes), principal, accounts.get("school_leader"))
        by_level: dict[str, list[tuple]] = {}
        for c in classes:
            by_level.setdefault(c[2], []).append(c)
        tpt_needed = bool({"02", "03"} & set(self.school.level_codes))
        account = accounts.get("teacher")
        for level, level_classes in by_level.items():
            for i in range(teachers_needed(level, len(level_classes))):
                homeroom = level_classes[i] if i < len(level_classes) else None
                if homeroom and self.rng.random() < 0.08:
                    homeroom = None  # a few classes still wait for a homeroom teacher
                duties = ["20"] if homeroom else []
                if tpt_needed and not homeroom and level in ("02", "03"):
                    duties, tpt_needed = ["07"], False
                name = account[1] if account and homeroom else None
                p = self.teacher(level, level_classes, homeroom, duties, name)
                if name:
                    p["user"], account = account[0], None
                out.append(p)
        out += employees_of(self, len(classes))
        return out

    def teacher(self, level, classes, homeroom, duties, name=None) -> dict:
        rng = self.rng
        qual = rng.choices(*TEACHER_QUALIFICATIONS[level])[0]
        p = self.person("03", "35", level, qual, name=name)
        subjects = subjects_of(level, homeroom, rng)
        taught = [homeroom] if homeroom else []
        if level != "01":
            taught += rng.sample(classes, min(len(classes), rng.randint(2, 5)))
        names = ",".join(dict.fromkeys(c[1] for c in taught))[:255] or None
        p["year"] = self.year_row(
            subjects=subjects,
            classes=names,
            duties=",".join(duties) or None,
            homeroom_class_id=homeroom[0] if homeroom else None,
            periods_per_week=rng.randint(15, 19) if level != "01" else None,
        )
        p["homeroom"] = homeroom[0] if homeroom else None
        generalist = level == "01" or (level == "02" and homeroom)
        first = (subjects or "").split(",")[0]
        p["row"]["major"] = LEVEL_MAJORS[level] if generalist else MAJORS.get(first)
        return p

    def year_row(self, **values) -> dict:
        return {
            "school_id": self.school.id,
            "version": 1,
            "year": self.year,
            "professional_rating": self.rng.choice(("01", "01", "02", "02", "03")),
            "civil_servant_rating": None,
            "training_result": None,
            "excellent_teacher": None,
            "award": None,
            "award_note": None,
            "discipline": None,
            "discipline_note": None,
            **values,
        }

    def person(self, group, position, level, qual, name=None, female=None) -> dict:
        """One StaffMember row; `name` (a demo account's) fixes name and sex."""
        rng, year = self.rng, self.year
        khmer = name is None and rng.random() < self.khmer
        if female is None:
            female = rng.random() < female_share(group, position, level)
        if name is not None:
            female = is_female_name(name)
        full_name = name or staff_name(rng, female, khmer)
        low = 35 if group == "01" else 23
        age = int(rng.triangular(low, 59.99, 42 if group == "01" else 38))
        birth = date(year - age, rng.randint(1, 12), rng.randint(1, 28))
        gender = "02" if female else "01"
        self.seq += 1
        code = f"{self.school.code}{self.seq:04d}"
        recruited = date(min(birth.year + rng.randint(21, 26), year), 9, 1)
        labour = group != "01" and (position in ("17", "31") or rng.random() < 0.08)
        contract = rng.choice(("02", "03", "04")) if labour else "07"
        contract = "08" if contract == "07" and rng.random() < 0.1 else contract
        title = (
            None
            if labour
            else TEACHER_TITLES[level][age >= 38]
            if group != "02"
            else EMPLOYEE_QUALIFICATIONS[position][1]
        )
        step = min(9, 1 + (age - 23) // 3)
        base, rise = SALARY.get(title or "", (Decimal("2.34"), Decimal("0.33")))
        party = group == "01" or rng.random() < 0.35
        province = "86" if rng.random() < 0.9 else rng.choice(OTHER_PROVINCES)
        digit = (birth.year // 100 - 19) * 2 + female
        pid = f"0{province}{digit}{birth.year % 100:02d}{self.serial.next()}"
        return {
            "row": {
                "school_id": self.school.id,
                "version": 1,
                "code": code,
                "full_name": full_name,
                **StaffMember.search_keys(full_name, code),
                "gender": gender,
                "birth_date": birth,
                "personal_id": pid,
                "ethnicity": "05" if khmer else "01",
                "religion": "01"
                if khmer
                else rng.choice(("99",) * 6 + ("01", "02", "03")),
                "party_joined_on": date(recruited.year + rng.randint(2, 8), 5, 19)
                if party and recruited.year + 8 < year
                else None,
                "union_joined_on": date(recruited.year, 11, 20),
                "youth_union_joined_on": date(birth.year + 16, 3, 26),
                "group": group,
                "position": position,
                "teaching_level": level if group != "02" else None,
                "contract": contract,
                "title_code": title,
                "salary_step": None if labour else step,
                "salary_coefficient": None if labour else base + rise * (step - 1),
                "leadership_allowance": {
                    "01": Decimal("0.50"),
                    "02": Decimal("0.40"),
                }.get(position)
                if group == "01"
                else None,
                "preferential_allowance": 35 if group != "02" else None,
                "seniority_allowance": max(0, year - recruited.year - 4) or None
                if group != "02"
                else None,
                "qualification": qual,
                "major": None,
                "major_level": MAJOR_LEVEL.get(qual),
                "training_standard": staff_rules.training_standard(group, level, qual),
                "standard_override": None,
                "standard_override_reason": None,
                "political_theory": "02" if group == "01" else "01" if party else None,
                "state_management": "05" if group == "01" else None,
                "it_level": rng.choice(("01", "01", "01", "02", "03", None)),
                "foreign_language": "01",
                "language_level": rng.choice("22334"),
                "recruited_on": recruited,
                "joined_school_on": date(rng.randint(recruited.year, year), 8, 15),
                "status": "04" if age >= 59 and rng.random() < 0.5 else "01",
                "status_on": None,
                "phone": f"09{rng.randrange(10**8):08d}",
                "email": f"{code}@vinhlong.edu.vn" if rng.random() < 0.4 else None,
                "address": f"Ấp {rng.choice(HAMLETS)}",
                "province_code": "86",
                "district_code": self.district,
                "commune_code": self.school.commune_code,
            }
        }
