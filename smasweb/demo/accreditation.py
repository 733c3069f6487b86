"""Accreditation records for the demo: a third of the schools have been assessed
(kiểm định chất lượng, cấp độ 1–3), those whose latest profile declares chuẩn quốc
gia hold the matching decision, valid this past year; every seventh assessed school is due
for re-assessment within months and every eleventh has expired. Deterministic."""

from datetime import date, timedelta
from random import Random

from sqlalchemy import insert, select

from smasweb import clock
from smasweb.extensions import db
from smasweb.models import SchoolProfile, Unit
from smasweb.models.accreditation import QUALITY, STANDARD, Accreditation
from smasweb.services.accreditation.records import default_expiry
from smasweb.services.accreditation.standard import STANDARD_CODES

LEVEL_OF = {code: level for level, code in STANDARD_CODES.items()}
QUALITY_BODY = "Sở Giáo dục và Đào tạo Vĩnh Long"
STANDARD_BODY = "Ủy ban nhân dân tỉnh Vĩnh Long"


def _declared(school_ids: list[int]) -> dict[int, str | None]:
    """{school: the standard level of its latest profile}."""
    stmt = select(SchoolProfile.school_id, SchoolProfile.standard_level).where(
        SchoolProfile.school_id.in_(school_ids)
    )
    return dict(db.session.execute(stmt.order_by(SchoolProfile.year)).all())


def _row(school: Unit, kind: str, level: int, n: int, day: date, body: str) -> dict:
    letters = "QĐ-SGDĐT" if kind == QUALITY else "QĐ-UBND"
    return {
        "school_id": school.id,
        "version": 1,
        "kind": kind,
        "level": level,
        "decision_number": f"{n}/{letters}",
        "decided_on": day,
        "issued_by": body,
        "expires_on": default_expiry(day),
    }


def load_accreditation(schools: list[Unit]) -> int:
    """Insert the demo records (as the system); how many."""
    rng = Random(18)  # noqa: S311 - seeded: the demo is the same on every load
    today = clock.today()
    assessed = schools[::3]
    declared = _declared([s.id for s in assessed])
    rows = []
    for i, school in enumerate(assessed):
        if i % 11 == 5:  # expired a few months ago
            ago = 5 * 365 + rng.randint(30, 150)
        elif i % 7 == 3:  # due within the next months
            ago = 5 * 365 - rng.randint(30, 200)
        else:
            ago = rng.randint(120, 4 * 365)
        day = today - timedelta(days=ago)
        level = rng.choice((1, 2, 2, 3))
        rows.append(_row(school, QUALITY, level, 100 + i, day, QUALITY_BODY))
        standard = LEVEL_OF.get(declared.get(school.id) or "")
        if standard:  # recognised after the assessment, valid all this year
            year_ago = today - timedelta(days=400)
            on = min(day + timedelta(days=60), year_ago)
            if default_expiry(on) <= today + timedelta(days=30):
                on = year_ago
            rows.append(_row(school, STANDARD, standard, 200 + i, on, STANDARD_BODY))
    if rows:
        db.session.execute(insert(Accreditation), rows)
    return len(rows)
