"""Demo THCS graduation (issue 18). Last school year's lớp 9 classes, rebuilt by
demo/assessment_past.py from this year's pupils, hold only the pupils repeating
lớp 9 now; the pupils who graduated are gone from the roll. So two THCS schools
get back a small cohort of last year's graduates (records left at the start of
this year with a "graduated" movement, each with its year result lên lớp), then
the council's round-1 decision recognises the eligible pupils, in one school
after it marked one dossier incomplete. The other schools' decisions are missing,
as the officers' overview shows. Small scale only; written through the models
under the demo's system override."""

from datetime import date
from random import Random

from sqlalchemy import select

from smasweb.demo.names import FAMILY, GIVEN_F, GIVEN_M, MIDDLE_F, MIDDLE_M
from smasweb.extensions import db
from smasweb.models import (
    ClassGroup,
    Enrollment,
    Movement,
    SchoolYear,
    Student,
    Unit,
)
from smasweb.models.assessment import StudentResult
from smasweb.models.graduation import ThcsDossier
from smasweb.services import years as school_years
from smasweb.services.assessment import tt22
from smasweb.services.graduation import thcs, thcs_record

SCHOOLS = 2
COHORT = 8  # graduates given back to each school's first lớp 9
TITLES = {"district": "Trưởng phòng", "department": "Giám đốc"}


def _pupil_name(rng: Random) -> tuple[str, str]:
    girl = rng.random() < 0.5
    middle = rng.choice(MIDDLE_F if girl else MIDDLE_M)
    given = rng.choice(GIVEN_F if girl else GIVEN_M)
    return f"{rng.choice(FAMILY)} {middle} {given}", "02" if girl else "01"


PASSED = (tt22.GOOD, tt22.FAIR, tt22.PASS)  # a learning result that completes lớp 9


def _cohort(cls: ClassGroup, rng: Random, leaves_on: date) -> None:
    """COHORT pupils of `cls` who completed lớp 9 and left at `leaves_on`."""
    for n in range(1, COHORT + 1):
        name, gender = _pupil_name(rng)
        code = f"TN{cls.year}{cls.id:05d}{n:02d}"
        born = date(cls.year - 14, rng.randint(1, 12), rng.randint(1, 28))
        s = Student(school_id=cls.school_id, school_code=code, full_name=name,
                    gender=gender, birth_date=born, status="01", active=False,
                    status_on=leaves_on,
                    **Student.search_keys(name, code))  # fmt: skip
        db.session.add(s)
        db.session.flush()
        db.session.add_all([
            Enrollment(school_id=cls.school_id, student_id=s.id, year=cls.year,
                       class_id=cls.id, intake="up"),
            StudentResult(school_id=cls.school_id, year=cls.year, student_id=s.id,
                          class_id=cls.id, term="cn", learning=rng.choice(PASSED),
                          conduct="T", absences=rng.randint(0, 6),
                          decision="len_lop", decided_on=date(cls.year + 1, 5, 28)),
            Movement(school_id=cls.school_id, student_id=s.id, year=cls.year + 1,
                     kind="graduated", on_date=leaves_on, term="1"),
        ])  # fmt: skip
    db.session.flush()


def load_graduation(scale: str = "small") -> int:
    """Write the demo's cohorts and decisions; how many pupils were recognised."""
    if scale != "small":
        return 0
    year = school_years.current_year() - 1
    starts = db.session.get(SchoolYear, year + 1)
    leaves_on = starts.starts_on if starts else date(year + 1, 9, 1)
    day = date(year + 1, 5, 24)
    rng = Random(18)  # noqa: S311 - seeded: the demo is the same on every load
    stmt = (
        select(ClassGroup)
        .where(ClassGroup.year == year, ClassGroup.grade.in_(thcs.THCS_GRADES))
        .order_by(ClassGroup.school_id, ClassGroup.name)
    )
    firsts: dict[int, ClassGroup] = {}
    for cls in db.session.scalars(stmt):
        firsts.setdefault(cls.school_id, cls)
    total = 0
    for n, cls in enumerate(list(firsts.values())[:SCHOOLS], 1):
        _cohort(cls, rng, leaves_on)
        school = db.session.get(Unit, cls.school_id)
        if n == 1:  # one candidate the school found without a full dossier
            grad = thcs.load([school], year)[school.id]
            pupil = [c for c in grad.rows(1) if c.verdict.eligible][-1].student
            db.session.add(
                ThcsDossier(school_id=school.id, year=year, student_id=pupil.id,
                            complete=False, note="Thiếu bản sao giấy khai sinh")
            )  # fmt: skip
            db.session.flush()
        council = thcs.council_unit(school, day)
        data = thcs_record.DecisionInput(
            f"{40 + n}/QĐ-PGDĐT",
            day,
            (council.head_name if council else None) or "Nguyễn Văn Hội",
            TITLES.get(council.kind if council else "", "Chủ tịch hội đồng"),
        )
        decision = thcs_record.store_decision(school, year, 1, data)
        total += db.session.scalar(thcs.graduates_count(decision))
    return total
