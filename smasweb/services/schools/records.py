"""Schools: the list officers read, the school's yearly profile and copying it forward."""

from dataclasses import dataclass, field, fields
from datetime import date
from decimal import Decimal

from sqlalchemy import func, select

from smasweb import clock
from smasweb.codelists import LEVEL_GROUPS
from smasweb.extensions import db
from smasweb.models import ClassGroup, SchoolProfile, Unit, User
from smasweb.models.schools import PROFILE_FLAGS, year_label
from smasweb.services import checks, policy, school_data
from smasweb.services import years as school_years
from smasweb.services.errors import ValidationFailed
from smasweb.services.schools import validation as check
from smasweb.text import fold, person_name


@dataclass
class SchoolRow:
    school: Unit
    has_profile: bool
    class_count: int


def search_schools(
    actor: User,
    q: str = "",
    level_group: str | None = None,
    year: int | None = None,
    page: int = 1,
    per_page: int = 25,
) -> tuple[list[SchoolRow], int]:
    """One page of the schools whose profile the actor may read, and the total."""
    year = year or school_years.current_year()
    stmt = school_data.schools_in_scope(actor, "schools")
    for word in fold(q).split():
        stmt = stmt.where(Unit.name_folded.contains(word, autoescape=True))
    if level_group:
        stmt = stmt.where(Unit.level_group == level_group)
    total = db.session.scalar(select(func.count()).select_from(stmt.subquery()))
    if per_page:
        stmt = stmt.limit(per_page).offset((max(page, 1) - 1) * per_page)
    schools = list(db.session.scalars(stmt.order_by(Unit.sort_key, Unit.id)))
    ids = [s.id for s in schools]
    profiled = set(
        db.session.scalars(
            select(SchoolProfile.school_id).where(
                SchoolProfile.school_id.in_(ids), SchoolProfile.year == year
            )
        )
    )
    counts_stmt = policy.scope_school_data(
        actor,
        select(ClassGroup.school_id, func.count())
        .where(ClassGroup.school_id.in_(ids), ClassGroup.year == year)
        .group_by(ClassGroup.school_id),
        ClassGroup,
    )
    counts = dict(db.session.execute(counts_stmt).all())
    rows = [SchoolRow(s, s.id in profiled, counts.get(s.id, 0)) for s in schools]
    return rows, total or 0


def profiles_for_export(actor: User, year: int, q: str = "", level_group=None):
    """(school, profile or None, class count) for every school in the list."""
    rows, _ = search_schools(actor, q, level_group, year, per_page=0)
    profiles = {
        p.school_id: p
        for p in db.session.scalars(
            select(SchoolProfile).where(
                SchoolProfile.year == year,
                SchoolProfile.school_id.in_([r.school.id for r in rows]),
            )
        )
    }
    return [(r.school, profiles.get(r.school.id), r.class_count) for r in rows]


def find_profile(actor: User, school: Unit, year: int) -> SchoolProfile | None:
    school_data.get_school(actor, school.id, "schools")
    return db.session.scalar(
        select(SchoolProfile).where(
            SchoolProfile.school_id == school.id, SchoolProfile.year == year
        )
    )


@dataclass
class ProfileData:
    name: str = ""
    level_group: str | None = None
    ownership: str | None = None
    school_type: str | None = None
    standard_level: str | None = None
    province_code: str | None = None
    district_code: str | None = None
    commune_code: str | None = None
    address: str | None = None
    region: str | None = None
    zone: str | None = None
    difficult_area: str | None = None
    special_difficulty: bool = False
    phone: str | None = None
    email: str | None = None
    website: str | None = None
    principal_name: str | None = None
    principal_phone: str | None = None
    data_officer_name: str | None = None
    data_officer_phone: str | None = None
    founded_on: date | None = None
    land_area: Decimal | None = None
    flags: frozenset[str] = field(default_factory=frozenset)


def profile_defaults(school: Unit) -> ProfileData:
    """A new profile starts from what the unit tree knows about the school."""
    commune = school.commune_code
    district = check.district_of(commune)
    return ProfileData(
        name=school.name,
        level_group=school.level_group,
        ownership=school.ownership,
        province_code=check.PROVINCE_CODE,
        district_code=district,
        commune_code=commune if district else None,
        founded_on=school.opened_on,
    )


def profile_data(profile: SchoolProfile) -> ProfileData:
    values = {
        f.name: getattr(profile, f.name)
        for f in fields(ProfileData)
        if f.name != "flags"
    }
    flags = frozenset(k for k in PROFILE_FLAGS if getattr(profile, k))
    return ProfileData(**values, flags=flags)


def _clean_profile(data: ProfileData) -> dict:
    name = checks.required(checks.text(data.name), "name")
    if data.level_group not in LEVEL_GROUPS:
        raise ValidationFailed("Giá trị không có trong danh mục.", "level_group")
    province, district, commune = check.address(
        data.province_code, data.district_code, data.commune_code
    )
    if data.founded_on and data.founded_on > clock.today():
        raise ValidationFailed("Ngày thành lập không được sau hôm nay.", "founded_on")
    values = {
        "name": name,
        "level_group": data.level_group,
        "ownership": checks.code(
            "ownerships", data.ownership, "ownership", required=True
        ),
        "school_type": checks.code("school_types", data.school_type, "school_type"),
        "standard_level": checks.code(
            "standard_levels", data.standard_level, "standard_level"
        ),
        "province_code": province,
        "district_code": district,
        "commune_code": commune,
        "address": checks.text(data.address),
        "region": checks.code("regions", data.region, "region"),
        "zone": checks.code("zones", data.zone, "zone"),
        "difficult_area": checks.code(
            "difficult_areas", data.difficult_area, "difficult_area"
        ),
        "special_difficulty": bool(data.special_difficulty),
        "email": checks.email(data.email),
        "website": checks.text(data.website),
        "principal_name": person_name(data.principal_name),
        "data_officer_name": person_name(data.data_officer_name),
        "founded_on": data.founded_on,
        "land_area": checks.not_negative(data.land_area, "land_area"),
    }
    for name in ("phone", "principal_phone", "data_officer_phone"):
        values[name] = checks.phone(getattr(data, name), name)
    for flag in PROFILE_FLAGS:
        values[flag] = flag in data.flags
    return values


def save_profile(
    actor: User, school: Unit, year: int, data: ProfileData, version: int | None
) -> SchoolProfile:
    """Create or update the school's profile for the year. Raises 403/409/422."""
    school_data.require_write(actor, school, SchoolProfile.__field__)
    profile = find_profile(actor, school, year)
    if profile is not None:
        school_data.check_version(profile, version)
    values = _clean_profile(data)
    if profile is None:
        school_years.ensure_year(year)
        profile = SchoolProfile(school_id=school.id, year=year)
        db.session.add(profile)
    for key, value in values.items():
        setattr(profile, key, value)
    db.session.flush()
    return profile


COPY_SKIP = {"id", "year", "version", "created_at", "updated_at", "school_id"}


def copy_profile(actor: User, school: Unit, year: int) -> SchoolProfile:
    """This year's profile, copied from last year's in one action."""
    school_data.require_write(actor, school, SchoolProfile.__field__)
    if find_profile(actor, school, year) is not None:
        raise ValidationFailed(
            f"Năm học {year_label(year)} đã có hồ sơ, không sao chép đè lên được."
        )
    previous = find_profile(actor, school, year - 1)
    if previous is None:
        raise ValidationFailed(
            f"Năm học {year_label(year - 1)} chưa có hồ sơ để sao chép."
        )
    school_years.ensure_year(year)
    profile = SchoolProfile(school_id=school.id, year=year)
    for column in SchoolProfile.__table__.columns:
        if column.key not in COPY_SKIP:
            setattr(profile, column.key, getattr(previous, column.key))
    db.session.add(profile)
    db.session.flush()
    return profile


def profile_for_edit(
    actor: User, school_id: int, year: int
) -> tuple[Unit, SchoolProfile | None, ProfileData]:
    """What the profile form starts from: this year's profile or the unit's defaults."""
    school = school_data.writable_school(actor, SchoolProfile.__field__, school_id)
    profile = find_profile(actor, school, year)
    data = profile_data(profile) if profile else profile_defaults(school)
    return school, profile, data
