"""A school's accreditation records: list, create, edit, delete (one write path).

Entered by the school (data.write on the "schools" field), read by whoever reads the
school's profile; the rows are governed by the school profile's entry window (the
model's calendar field "profile"), audited like every governed row.
"""

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select

from smasweb import clock
from smasweb.extensions import db
from smasweb.models import Unit, User
from smasweb.models.accreditation import KINDS, LEVELS, Accreditation
from smasweb.services import checks, school_data
from smasweb.services.errors import ValidationFailed

FIELD = Accreditation.__field__
VALID_YEARS = 5  # TT 17, 18, 19/2018/TT-BGDĐT: the certificate is valid 5 years


@dataclass
class AccreditationData:
    kind: str = ""
    level: int | None = None
    decision_number: str = ""
    decided_on: date | None = None
    issued_by: str | None = None
    expires_on: date | None = None  # empty: VALID_YEARS after the decision


def default_expiry(decided_on: date) -> date:
    """The same day VALID_YEARS later (29/02 → 28/02)."""
    year = decided_on.year + VALID_YEARS
    try:
        return decided_on.replace(year=year)
    except ValueError:
        return date(year, 2, 28)


def list_records(actor: User, school: Unit) -> list[Accreditation]:
    """The school's records, the latest decision first."""
    school_data.get_school(actor, school.id, FIELD)
    stmt = (
        select(Accreditation)
        .where(Accreditation.school_id == school.id)
        .order_by(Accreditation.kind, Accreditation.decided_on.desc(), Accreditation.id)
    )
    return list(db.session.scalars(stmt))


def _clean(data: AccreditationData) -> dict:
    kind = checks.required(data.kind, "kind")
    if kind not in KINDS:
        raise ValidationFailed(checks.NOT_IN_LIST, "kind")
    level = checks.required(data.level, "level")
    if level not in LEVELS[kind]:
        allowed = ", ".join(LEVELS[kind].values()).lower()
        raise ValidationFailed(f"{KINDS[kind]} chỉ có {allowed}.", "level")
    number = checks.required(checks.text(data.decision_number), "decision_number")
    decided = checks.required(data.decided_on, "decided_on")
    if decided > clock.today():
        raise ValidationFailed(
            "Ngày quyết định không được sau ngày hôm nay.", "decided_on"
        )
    expires = data.expires_on or default_expiry(decided)
    if expires <= decided:
        raise ValidationFailed(
            "Ngày hết hiệu lực phải sau ngày quyết định.", "expires_on"
        )
    return {
        "kind": kind,
        "level": level,
        "decision_number": number,
        "decided_on": decided,
        "issued_by": checks.text(data.issued_by),
        "expires_on": expires,
    }


def create_record(actor: User, school: Unit, data: AccreditationData) -> Accreditation:
    school_data.require_write(actor, school, FIELD)
    record = Accreditation(school_id=school.id, **_clean(data))
    db.session.add(record)
    db.session.flush()
    return record


def update_record(
    actor: User, record: Accreditation, data: AccreditationData, version: int | None
) -> Accreditation:
    school_data.require_write(actor, record.school, FIELD)
    school_data.check_version(record, version)
    for key, value in _clean(data).items():
        setattr(record, key, value)
    db.session.flush()
    return record


def delete_record(actor: User, record: Accreditation) -> None:
    school_data.require_write(actor, record.school, FIELD)
    db.session.delete(record)
    db.session.flush()


def get_record(actor: User, record_id: int) -> Accreditation:
    return school_data.get_row(actor, Accreditation, record_id)


def record_for_edit(actor: User, record_id: int) -> Accreditation:
    """A record the actor may change (404 outside the scope, then 403)."""
    record = get_record(actor, record_id)
    school_data.require_write(actor, record.school, FIELD)
    return record
