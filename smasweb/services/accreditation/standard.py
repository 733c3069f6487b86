"""The national standard (chuẩn quốc gia) level of schools on a day, for the
statistics reports (section I, Trường đạt chuẩn quốc gia mức độ 1 / 2).

A school with national-standard decisions on record is counted by them: the level
of the decision valid on the day (decision day ≤ day < expiry), the highest if two
overlap, none when every decision has expired or is still to come. A school with no
decision on record keeps the level its yearly profile declares (entered before the
records existed), so the profile remains the fallback, never a second truth.
"""

from datetime import date

from sqlalchemy import select

from smasweb.extensions import db
from smasweb.models.accreditation import STANDARD, Accreditation

# the level → the code of DM_MUC_DAT_CHUAN_QG_CLGD (profile.standard_level)
STANDARD_CODES = {1: "02", 2: "03"}


def standard_codes_on(school_ids: list[int], day: date) -> dict[int, str | None]:
    """{school id: the standard code valid on `day`, or None} for the schools with
    national-standard records; schools without any are absent."""
    out: dict[int, str | None] = {}
    if not school_ids:
        return out
    stmt = select(
        Accreditation.school_id,
        Accreditation.level,
        Accreditation.decided_on,
        Accreditation.expires_on,
    ).where(Accreditation.kind == STANDARD, Accreditation.school_id.in_(school_ids))
    best: dict[int, int] = {}
    for sid, level, decided, expires in db.session.execute(stmt):
        out.setdefault(sid, None)
        if decided <= day < expires and level > best.get(sid, 0):
            best[sid] = level
    out.update({sid: STANDARD_CODES.get(level) for sid, level in best.items()})
    return out


def standard_code(
    records: dict[int, str | None], school_id: int, declared: str | None
) -> str | None:
    """The code a report counts: the records' when the school has any, else the
    profile's declared level."""
    return records.get(school_id, declared)
