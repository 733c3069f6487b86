"""Verification codes (mã xác thực) of issued documents and what /verify/<code>
shows about one: nothing personal, and never a bare "/BC-…" for a document whose
number was not recorded."""

import re
import secrets
from dataclasses import dataclass
from datetime import date

from sqlalchemy import select

from smasweb import clock, codelists
from smasweb.extensions import db
from smasweb.models.calendar import ReportPeriod
from smasweb.models.reports import IssuedDocument
from smasweb.services.errors import NotFound
from smasweb.services.reports import get as get_definition

ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no I, O, 0, 1: read aloud safely
CODE_LENGTH = 12
NOT_NUMBERED = "Chưa ghi số"


def new_code() -> str:
    """A fresh verification code, XXXX-XXXX-XXXX, not yet issued."""
    while True:
        raw = "".join(secrets.choice(ALPHABET) for _ in range(CODE_LENGTH))
        code = "-".join(raw[i : i + 4] for i in range(0, CODE_LENGTH, 4))
        taken = db.session.scalar(
            select(IssuedDocument.id).where(IssuedDocument.code == code)
        )
        if taken is None:
            return code


def normalize_code(text: str | None) -> str | None:
    """A typed code as stored (upper case, grouped by 4), or None if it cannot be one.

    Case, spaces and dashes do not matter: "7kq2 m9xa 4tpd" → "7KQ2-M9XA-4TPD".
    """
    raw = re.sub(r"[\s\-–—.]", "", text or "").upper()
    if len(raw) != CODE_LENGTH or any(c not in ALPHABET for c in raw):
        return None
    return "-".join(raw[i : i + 4] for i in range(0, CODE_LENGTH, 4))


@dataclass
class Verified:
    """What /verify shows about a document: nothing personal."""

    code: str
    title: str
    unit_name: str
    level_label: str
    period_title: str
    issued_on: date
    checksum: str
    number: str


def verify(text: str | None) -> Verified:
    """The issued document with this code (any case, with or without dashes).

    Raises:
        NotFound: no document was issued with this code.
    """
    code = normalize_code(text)
    doc = (
        db.session.scalar(select(IssuedDocument).where(IssuedDocument.code == code))
        if code
        else None
    )
    if doc is None:
        raise NotFound(f"Không tìm thấy văn bản với mã {(text or '').strip()}.")
    definition = get_definition(doc.report_code)
    period = db.session.get(ReportPeriod, doc.period_id) if doc.period_id else None
    return Verified(
        code=doc.code,
        title=definition.title if definition else doc.report_code,
        unit_name=doc.unit.name,
        level_label=codelists.labels("levels").get(doc.level, doc.level),
        period_title=period.title if period else "",
        issued_on=clock.local(doc.issued_at).date(),
        checksum=doc.checksum,
        number=doc.number if doc.document_number else _unnumbered(doc.number),
    )


def _unnumbered(symbol_text: str) -> str:
    """ "Chưa ghi số (ký hiệu BC-THCSP9)": never a bare "/BC-THCSP9"."""
    rest = symbol_text.strip("\u00a0 /")
    return f"{NOT_NUMBERED} (ký hiệu {rest})" if rest else NOT_NUMBERED
