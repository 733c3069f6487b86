"""An uploaded import file kept between "Kiểm tra", "Tải danh sách lỗi" and "Nhập dữ
liệu", so that the user chooses it once: one user's, for one school and one kind of
import, for a short while (SMAS_IMPORT_UPLOAD_MINUTES)."""

from datetime import datetime

from sqlalchemy import DateTime, ForeignKey, Integer, LargeBinary, String
from sqlalchemy.orm import Mapped, mapped_column

from smasweb.models.base import Base


class ImportUpload(Base):
    __tablename__ = "import_uploads"

    id: Mapped[str] = mapped_column(String(43), primary_key=True)  # a random token
    user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[str] = mapped_column(String(30))  # students, staff, rooms, equipment
    school_id: Mapped[int] = mapped_column(ForeignKey("units.id", ondelete="CASCADE"))
    filename: Mapped[str] = mapped_column(String(255))
    size: Mapped[int] = mapped_column(Integer)
    sha256: Mapped[str] = mapped_column(String(64))
    content: Mapped[bytes] = mapped_column(LargeBinary)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    expires_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), index=True)
