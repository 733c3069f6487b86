"""Demo THPT exam results (issue 18): a generated results file's rows for the
current year's lớp 12 pupils of one upper-secondary school, written directly as
ExamResult rows (under the demo's system override: guarded and audited), so the
pass list (/graduation/thpt) has candidates with scores. Deterministic (seeded).
The exam's regulation is that of the year after the school year's start: from
2025, Toán, Ngữ văn and two chosen subjects."""

from decimal import Decimal
from random import Random

from sqlalchemy import select

from smasweb.extensions import db
from smasweb.models import Unit
from smasweb.models.graduation_thpt import ExamResult
from smasweb.services import years as school_years
from smasweb.services.graduation import thpt

SCHOOL_CODE = "86000003"  # Trường THPT Vĩnh Long
CHOSEN = ("ngoai_ngu", "vat_li", "hoa_hoc", "lich_su", "dia_li", "gdktpl", "tin_hoc")
QUARTERS = [Decimal(n) / 4 for n in range(41)]


def _mark(rng: Random) -> Decimal:
    return QUARTERS[max(0, min(40, round(rng.gauss(26, 6))))]


def load_exam_results(scale: str) -> int:
    """ExamResult rows of the school's lớp 12 pupils (small scale only); the count."""
    if scale != "small":
        return 0
    school = db.session.scalar(select(Unit).where(Unit.code == SCHOOL_CODE))
    if school is None:
        return 0
    rng = Random(2027)  # noqa: S311 - seeded: the demo is the same on every load
    year = school_years.current_year()
    rows = []
    for n, (pupil, _cls) in enumerate(thpt.candidates(school, year), 1):
        marks = {c: _mark(rng) for c in ("toan", "ngu_van", *rng.sample(CHOSEN, 2))}
        rows.append(
            ExamResult(
                school_id=school.id,
                year=year,
                student_id=pupil.id,
                registration_no=f"86{n:06d}",
                personal_id=pupil.personal_id,
                full_name=pupil.full_name,
                birth_date=pupil.birth_date,
                bonus=Decimal(0),
                priority=rng.choice((Decimal(0), Decimal(0), Decimal("0.25"))),
                **marks,
            )
        )
    db.session.add_all(rows)
    db.session.flush()
    return len(rows)
