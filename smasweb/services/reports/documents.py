"""Who issues an official report and how it is found again: the signature block and
recipients (Nơi nhận) of each kind of unit, the document symbol after "Số:", and
the verification codes (mã xác thực) that /verify/<code> looks up.

Names printed follow Decree 30/2020: the governing body (cơ quan chủ quản) over the
issuing unit, both in capitals. The number is the one the officer recorded when
issuing the PDF ("Số: 12/BC-PGDĐT", `clean_number`); without one it is left blank
for the clerk (văn thư) to write in, and only the symbol is printed
("Số:      /BC-PGDĐT").
"""

import re
from urllib.parse import urlsplit

from flask import Flask
from sqlalchemy import select

from smasweb import clock
from smasweb.extensions import db
from smasweb.models import Unit
from smasweb.models.calendar import ReportPeriod
from smasweb.models.reports import IssuedDocument, RenderJob
from smasweb.models.schools import SchoolProfile
from smasweb.services import years as school_years
from smasweb.services.errors import ValidationFailed
from smasweb.services.reports import verification
from smasweb.services.reports.pdf import Signer
from smasweb.text import fold

# the codes and /verify live in verification.py; these names are kept for callers
Verified, verify = verification.Verified, verification.verify
new_code, normalize_code = verification.new_code, verification.normalize_code
ALPHABET = verification.ALPHABET
DEPARTMENT_PREFIX = "Sở Giáo dục và Đào tạo"
OFFICE_PREFIX = "Phòng Giáo dục và Đào tạo"
DEFAULT_PROVINCE = "Vĩnh Long"
BLANK_NUMBER = "\u00a0" * 8  # the clerk writes the number in
NUMBER_FIELD = "document_number"
NUMBER_DIGITS = 6
NUMBER_ONLY = "Chỉ ghi phần số (ví dụ 12); ký hiệu {symbol} đã được in sẵn."
NUMBER_TOO_LONG = f"Số văn bản có nhiều nhất {NUMBER_DIGITS} chữ số."
NUMBER_ZERO = "Số văn bản phải lớn hơn 0."


def _upper(text: str) -> str:
    return text.strip().upper()


def _rest(name: str, prefix: str) -> str:
    """The name without a leading prefix ("Phòng GD&ĐT huyện Long Hồ" → "huyện Long Hồ")."""
    if name.lower().startswith(prefix.lower()):
        return name[len(prefix) :].strip(" -–")
    return name


def department(unit: Unit) -> Unit | None:
    """The Department the unit is under (the unit itself for the Department)."""
    node: Unit | None = unit
    while node is not None and node.kind != "department":
        node = node.parent
    return node


def province_name(unit: Unit) -> str:
    """ "Vĩnh Long", read from the Department's name."""
    dept = department(unit)
    rest = _rest(dept.name, DEPARTMENT_PREFIX) if dept else ""
    return rest or DEFAULT_PROVINCE


def _office_short(unit: Unit) -> str:
    """ "Phòng GD&ĐT huyện Long Hồ" for an office, its own name otherwise."""
    rest = _rest(unit.name, OFFICE_PREFIX)
    return f"Phòng GD&ĐT {rest}" if rest != unit.name else unit.name


def _principal(school: Unit, year: int) -> str:
    name = db.session.scalar(
        select(SchoolProfile.principal_name).where(
            SchoolProfile.school_id == school.id, SchoolProfile.year == year
        )
    )
    return (name or "").strip()


def _school_signer(school: Unit, year: int) -> Signer:
    parent = school.parent
    province = province_name(school)
    if parent is None or parent.kind == "department":
        governing, recipient = f"SỞ GD&ĐT {province}", f"Sở GD&ĐT {province}"
    elif parent.kind == "district":
        governing = f"PHÒNG GD&ĐT {_rest(parent.name, OFFICE_PREFIX)}"
        recipient = _office_short(parent)
    else:  # a commune after the 2025 reform
        governing, recipient = f"UBND {parent.name}", parent.name
    return Signer(
        governing_body=_upper(governing),
        unit_name=_upper(school.name),
        title="HIỆU TRƯỞNG",
        name=_principal(school, year),
        recipients=(recipient,),
    )


def signer(unit: Unit, year: int) -> Signer:
    """Who signs the unit's report of the school year, and who receives it.

    A school: its principal (from the year's school profile; blank if not given)
    under its district office (or the Department); a district office: its head
    under the district People's Committee; the Department: its director under the
    provincial People's Committee. "Lưu: VT." is added by the print template.
    """
    province = province_name(unit)
    if unit.is_school:
        return _school_signer(unit, year)
    if unit.kind == "department":
        return Signer(
            governing_body=_upper(f"UBND tỉnh {province}"),
            unit_name=_upper(DEPARTMENT_PREFIX),
            title="GIÁM ĐỐC",
            name=unit.head_name or "",
            recipients=("Bộ GD&ĐT",),
        )
    rest = _rest(unit.name, OFFICE_PREFIX)
    if rest != unit.name:  # a district office: "UBND HUYỆN …" over "PHÒNG GD&ĐT"
        governing, name, title = f"UBND {rest}", OFFICE_PREFIX, "TRƯỞNG PHÒNG"
    else:  # a commune or another middle unit
        governing, name, title = f"UBND tỉnh {province}", unit.name, "CHỦ TỊCH"
    return Signer(
        governing_body=_upper(governing),
        unit_name=_upper(name),
        title=title,
        name=unit.head_name or "",
        recipients=(f"Sở GD&ĐT {province}",),
    )


def short_code(unit: Unit) -> str:
    """The unit's symbol in document numbers: SGDĐT, PGDĐT, or a school's initials
    ("Trường Tiểu học Long Phước" → THLP, "Trường THPT Trà Ôn" → THPTTÔ)."""
    if unit.kind == "department":
        return "SGDĐT"
    if unit.kind == "district":
        return "PGDĐT"
    words = re.sub(r"^trường\s+", "", unit.name.strip(), flags=re.IGNORECASE).split()
    parts = [w if w.isupper() else w[0].upper() for w in words if w[0].isalnum()]
    return "".join(parts)[:20] or unit.code


def symbol(unit: Unit) -> str:
    """The document symbol after the number: "/BC-THCSP9"."""
    return f"/BC-{short_code(unit)}"


def number(unit: Unit, document_number: str | None = None) -> str:
    """What follows "Số:" on the report: the recorded number (or a blank to write
    it in by hand), then /BC-<symbol>."""
    return f"{document_number or BLANK_NUMBER}{symbol(unit)}"


def clean_number(text: str | None, unit: Unit) -> str | None:
    """The document number an officer typed ("12", " 012 "), as printed; None when
    left empty (the PDF then has a blank to write it in).

    Raises:
        ValidationFailed: not digits only (field "document_number"), e.g. the
            whole "12/BC-THCSP9" typed in, more than NUMBER_DIGITS digits, or 0.
    """
    value = (text or "").strip()
    if not value:
        return None
    if not value.isascii() or not value.isdigit():
        message = NUMBER_ONLY.format(symbol=symbol(unit))
        raise ValidationFailed(message, field=NUMBER_FIELD)
    if len(value) > NUMBER_DIGITS:
        raise ValidationFailed(NUMBER_TOO_LONG, field=NUMBER_FIELD)
    if int(value) == 0:
        raise ValidationFailed(NUMBER_ZERO, field=NUMBER_FIELD)
    return value


def public_url(app: Flask, request_root: str | None = None) -> str:
    """The site's address for verify links: SMAS_PUBLIC_URL when set (production
    should set it: a request's Host header is the client's to choose, and an
    official PDF is cached and handed to others), else the request's address."""
    url = app.config.get("PUBLIC_URL") or request_root
    if url:
        return url
    server = app.config.get("SERVER_NAME") or "localhost"
    return f"{app.config.get('PREFERRED_URL_SCHEME', 'http')}://{server}/"


def verify_url(app: Flask, base_url: str | None, code: str) -> str:
    """The absolute /verify/<code> address under the site's base URL (the
    request's, or SMAS_PUBLIC_URL for jobs picked up outside a request)."""
    parts = urlsplit(base_url or public_url(app))
    adapter = app.url_map.bind(
        parts.netloc or "localhost",
        script_name=parts.path or "/",
        url_scheme=parts.scheme or "https",
    )
    return adapter.build("verify.show", {"code": code}, force_external=True)


def issue(
    *,
    code: str,
    report_code: str,
    unit: Unit,
    period: ReportPeriod | None,
    level: str,
    checksum: str,
    number_text: str,
    issued_by_id: int | None,
    document_number: str | None = None,
) -> IssuedDocument:
    """Record an official document under its verification code (flushed), with the
    number it was issued under (None: not recorded, blank on the paper)."""
    doc = IssuedDocument(
        code=code,
        report_code=report_code,
        unit_id=unit.id,
        period_id=period.id if period else None,
        level=level,
        kind="pdf",
        number=number_text.strip("\u00a0 ")[:60],
        document_number=document_number,
        checksum=checksum,
        issued_by_id=issued_by_id,
    )
    db.session.add(doc)
    db.session.flush()
    return doc


# How a report's files are named (ASCII words a user reads), by report code.
FILE_WORDS = {"after_opening": "bao-cao-dau-nam"}
LEVEL_WORDS = {
    "01": "mam-non",
    "02": "tieu-hoc",
    "03": "thcs",
    "04": "thpt",
    "05": "gdtx",
}


def _slug(text: str) -> str:
    return "-".join(re.findall(r"[a-z0-9]+", fold(text)))


def file_name(
    code: str, unit: Unit, level: str, year: int, is_official: bool, ext: str
) -> str:
    """bao-cao-dau-nam-86857001-tieu-hoc-2026-2027[-ban-nhap].<ext>: the report, the
    unit's code, the level, the school year; ASCII, no spaces."""
    words = FILE_WORDS.get(code) or _slug(code)
    level_words = LEVEL_WORDS.get(level) or _slug(f"cap {level}")
    draft = "" if is_official else "-ban-nhap"
    return f"{words}-{unit.code}-{level_words}-{year}-{year + 1}{draft}.{ext}"


def job_file_name(job: RenderJob) -> str:
    unit = db.session.get(Unit, job.unit_id)
    period = db.session.get(ReportPeriod, job.period_id) if job.period_id else None
    year = period.year if period else school_years.period_year(clock.today())
    return file_name(job.report_code, unit, job.level, year, job.official, "pdf")
