"""Uploaded import files kept server-side between "Kiểm tra", "Tải danh sách lỗi" and
"Nhập dữ liệu": the user chooses the file once, the later steps carry its token.

A kept file belongs to one user, one school and one kind of import: any other
user (of the same school too), school or kind gets NotFound (404), as does a token
past its expiry (SMAS_IMPORT_UPLOAD_MINUTES). Its size is capped by the upload
limit (SMAS_MAX_UPLOAD_MB). A successful import deletes it; the scheduler's purge
deletes the expired ones, and a newly chosen file replaces the user's earlier one
of the same import.
"""

import hashlib
import secrets
from datetime import UTC, datetime, timedelta
from io import BytesIO

from flask import current_app
from sqlalchemy import delete

from smasweb.extensions import db
from smasweb.models import ImportUpload, Unit, User
from smasweb.services.errors import NotFound, ValidationFailed

GONE = "Tệp đã chọn không còn trên máy chủ (quá hạn hoặc đã nhập); hãy chọn lại tệp."
MAX_NAME = 255


def _now() -> datetime:
    return datetime.now(UTC)


def _aware(moment: datetime) -> datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)  # SQLite


def keep_minutes() -> int:
    return int(current_app.config["IMPORT_UPLOAD_MINUTES"])


def max_bytes() -> int:
    return int(current_app.config["MAX_UPLOAD_MB"]) * 1024 * 1024


def keep(
    actor: User, kind: str, school: Unit, filename: str, data: bytes
) -> ImportUpload:
    """Store an uploaded file for `actor`; the new row (its id is the token).

    Raises ValidationFailed (field "file"): empty, or larger than the upload limit.
    """
    if not data:
        raise ValidationFailed("Tệp rỗng; hãy chọn tệp Excel (.xlsx).", "file")
    if len(data) > max_bytes():
        mb = current_app.config["MAX_UPLOAD_MB"]
        raise ValidationFailed(f"Tệp quá lớn: tối đa {mb} MB.", "file")
    # A newly chosen file replaces the user's earlier one of this import: at most
    # one file per user, school and kind is kept.
    db.session.execute(
        delete(ImportUpload).where(
            ImportUpload.user_id == actor.id,
            ImportUpload.kind == kind,
            ImportUpload.school_id == school.id,
        )
    )
    now = _now()
    upload = ImportUpload(
        id=secrets.token_urlsafe(32),
        user_id=actor.id,
        kind=kind,
        school_id=school.id,
        filename=(filename or "tep.xlsx")[-MAX_NAME:],
        size=len(data),
        sha256=hashlib.sha256(data).hexdigest(),
        content=data,
        created_at=now,
        expires_at=now + timedelta(minutes=keep_minutes()),
    )
    db.session.add(upload)
    db.session.flush()
    return upload


def find(actor: User, kind: str, school: Unit, token: str | None) -> ImportUpload:
    """The actor's kept file of this kind and school. Raises NotFound (a message
    asking to choose the file again) for any other, or once it has expired."""
    upload = db.session.get(ImportUpload, token) if token and len(token) <= 43 else None
    if (
        upload is None
        or upload.user_id != actor.id
        or upload.kind != kind
        or upload.school_id != school.id
        or _aware(upload.expires_at) <= _now()
    ):
        raise NotFound(GONE, "file")
    return upload


def stream(upload: ImportUpload) -> BytesIO:
    return BytesIO(upload.content)


def discard(upload: ImportUpload) -> None:
    """Forget a file once it is imported (gone already, replaced by the user's next
    file in another tab meanwhile: nothing to do)."""
    db.session.execute(delete(ImportUpload).where(ImportUpload.id == upload.id))
    if upload in db.session:
        db.session.expunge(upload)


def purge(moment: datetime | None = None) -> int:
    """Delete every expired file; the count."""
    result = db.session.execute(
        delete(ImportUpload).where(ImportUpload.expires_at <= (moment or _now()))
    )
    return result.rowcount
