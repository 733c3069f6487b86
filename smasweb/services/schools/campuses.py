"""Campuses (điểm trường): exactly one main campus per school."""

from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy import func, select

from smasweb.extensions import db
from smasweb.models import Campus, ClassGroup, Room, Unit, User
from smasweb.services import checks, school_data
from smasweb.services.errors import ValidationFailed
from smasweb.services.schools import validation as check

FIELD = Campus.__field__


@dataclass
class CampusData:
    code: str = ""
    name: str = ""
    is_main: bool = False
    address: str | None = None
    province_code: str | None = None
    district_code: str | None = None
    commune_code: str | None = None
    distance_km: Decimal | None = None
    travel_means: str | None = None
    area_m2: Decimal | None = None
    phone: str | None = None


def list_campuses(actor: User, school: Unit) -> list[Campus]:
    """The school's campuses, the main one first."""
    school_data.get_school(actor, school.id, FIELD)
    return list(
        db.session.scalars(
            select(Campus)
            .where(Campus.school_id == school.id)
            .order_by(Campus.is_main.desc(), Campus.code, Campus.id)
        )
    )


def get_campus(actor: User, campus_id: int) -> Campus:
    return school_data.get_row(actor, Campus, campus_id)


def _clean(school: Unit, data: CampusData, campus: Campus | None) -> dict:
    code = checks.required(data.code, "code")
    name = checks.required(checks.text(data.name), "name")
    taken = select(Campus.id).where(
        Campus.school_id == school.id, func.lower(Campus.code) == code.lower()
    )
    if campus is not None:
        taken = taken.where(Campus.id != campus.id)
    if db.session.scalar(taken) is not None:
        raise ValidationFailed("Mã điểm trường này đã được dùng trong trường.", "code")
    province, district, commune = check.address(
        data.province_code, data.district_code, data.commune_code
    )
    return {
        "code": code,
        "name": name,
        "address": checks.text(data.address),
        "province_code": province,
        "district_code": district,
        "commune_code": commune,
        "distance_km": checks.not_negative(data.distance_km, "distance_km", 10_000),
        "travel_means": checks.code("travel_means", data.travel_means, "travel_means"),
        "area_m2": checks.not_negative(data.area_m2, "area_m2"),
        "phone": checks.phone(data.phone, "phone"),
    }


def _others(school: Unit, campus: Campus | None) -> list[Campus]:
    stmt = select(Campus).where(Campus.school_id == school.id)
    if campus is not None:
        stmt = stmt.where(Campus.id != campus.id)
    return list(db.session.scalars(stmt))


def _make_main(school: Unit, campus: Campus) -> None:
    """Marking one campus main unmarks the school's others."""
    for other in _others(school, campus):
        if other.is_main:
            other.is_main = False
    campus.is_main = True


def create_campus(actor: User, school: Unit, data: CampusData) -> Campus:
    school_data.require_write(actor, school, FIELD)
    values = _clean(school, data, None)
    first = not _others(school, None)
    campus = Campus(school_id=school.id, is_main=False, **values)
    db.session.add(campus)
    db.session.flush()
    if first or data.is_main:
        _make_main(school, campus)
    db.session.flush()
    return campus


def update_campus(
    actor: User, campus: Campus, data: CampusData, version: int | None
) -> Campus:
    school = campus.school
    school_data.require_write(actor, school, FIELD)
    school_data.check_version(campus, version)
    values = _clean(school, data, campus)
    if campus.is_main and not data.is_main:
        raise ValidationFailed(
            "Trường phải có một điểm trường chính: hãy đánh dấu điểm trường khác "
            "là điểm trường chính thay vì bỏ chọn ở đây.",
            "is_main",
        )
    for key, value in values.items():
        setattr(campus, key, value)
    if data.is_main:
        _make_main(school, campus)
    db.session.flush()
    return campus


def _in_use(campus: Campus) -> bool:
    for model in (ClassGroup, Room):
        stmt = select(func.count()).where(model.campus_id == campus.id)
        if db.session.scalar(stmt):
            return True
    return False


def delete_campus(actor: User, campus: Campus) -> None:
    """The main campus stays while others exist; a campus in use stays too."""
    school = campus.school
    school_data.require_write(actor, school, FIELD)
    if campus.is_main and _others(school, campus):
        raise ValidationFailed(
            "Không xóa được điểm trường chính khi trường còn điểm trường khác. "
            "Hãy chọn điểm trường chính khác trước."
        )
    if _in_use(campus):
        raise ValidationFailed(
            "Không xóa được điểm trường đang có lớp học hoặc phòng học."
        )
    db.session.delete(campus)
    db.session.flush()


def campus_for_edit(actor: User, campus_id: int) -> Campus:
    """A campus the actor may change (404 outside the scope, then 403)."""
    campus = get_campus(actor, campus_id)
    school_data.require_write(actor, campus.school, FIELD)
    return campus
