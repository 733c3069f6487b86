"""Staff records (hồ sơ đội ngũ): the list over the actor's scope, one record, create
and edit. Yearly assignments live in years.py, transfers in transfers.py, the
field rules in validation.py (and the shared ones in checks). Every function takes the
actor and only flushes.
"""

import secrets
from dataclasses import dataclass

from sqlalchemy import Select, func, or_, select
from sqlalchemy.orm import load_only

from smasweb.extensions import db
from smasweb.models import StaffMember, StaffTransfer, StaffYear, Unit, User
from smasweb.services import checks, policy, school_data
from smasweb.services.staff import validation as check
from smasweb.services.staff.record_data import StaffData, clean
from smasweb.text import fold

FIELD = StaffMember.__field__  # "staff"
WORKING = ("01", "04", "06", "07")  # đang làm việc, chờ hưu, biệt phái, chuyển đến
PER_PAGE = 25


def may_write(actor: User, school: Unit | None) -> bool:
    return school is not None and policy.can(
        actor, "data.write", unit=school, field=FIELD
    )


@dataclass
class StaffFilters:
    q: str = ""
    group: str = ""
    position: str = ""
    qualification: str = ""
    contract: str = ""
    status: str = ""  # "" working, "all" everyone, or one status code
    school: str = ""  # a school's code or part of its name (officers)


_AT_SCHOOL = Unit.id == StaffMember.school_id


def _statement(actor: User, f: StaffFilters) -> Select:
    stmt = select(StaffMember, Unit).join(Unit, _AT_SCHOOL)
    stmt = policy.scope_school_data(actor, stmt, StaffMember)
    for word in fold(f.q).split():
        stmt = stmt.where(StaffMember.name_folded.contains(word, autoescape=True))
    for column, value in (
        (StaffMember.group, f.group),
        (StaffMember.position, f.position),
        (StaffMember.qualification, f.qualification),
        (StaffMember.contract, f.contract),
    ):
        if value:
            stmt = stmt.where(column == value)
    if f.status == "":
        stmt = stmt.where(StaffMember.status.in_(WORKING))
    elif f.status != "all":
        stmt = stmt.where(StaffMember.status == f.status)
    school = f.school.strip()
    if school:
        folded = fold(school)
        stmt = stmt.where(
            or_(Unit.code == school.upper(), Unit.name_folded.contains(folded))
        )
    return stmt


# the columns a list row shows (and the key): not the record's other ones
LISTED = load_only(
    *(getattr(StaffMember, c) for c in ("code", "full_name", "sort_key", "gender")),
    *(getattr(StaffMember, c) for c in ("birth_date", "group", "position")),
    *(getattr(StaffMember, c) for c in ("qualification", "contract")),
    StaffMember.training_standard,  # `standard`: the override, else this
    StaffMember.standard_override,
    StaffMember.status,
    StaffMember.school_id,
)


def search_staff(
    actor: User,
    f: StaffFilters,
    page: int = 1,
    per_page: int = PER_PAGE,
    listed: bool = False,
) -> tuple[list[tuple[StaffMember, Unit]], int]:
    """One page of (staff, school) rows in Vietnamese name order, and the total.
    `listed`: only the columns the list page shows are loaded (the others would
    then be read one query per person)."""
    policy.require_reads(actor, FIELD)
    stmt = _statement(actor, f)
    # the same conditions counted, without a subquery of every column to build
    count = select(func.count()).select_from(StaffMember).join(Unit, _AT_SCHOOL)
    if stmt.whereclause is not None:
        count = count.where(stmt.whereclause)
    total = db.session.scalar(count)
    if listed:
        stmt = stmt.options(LISTED)
    rows = db.session.execute(
        stmt.order_by(StaffMember.sort_key, StaffMember.id)
        .limit(per_page)
        .offset((max(page, 1) - 1) * per_page)
    ).all()
    return [tuple(r) for r in rows], total or 0


def get_staff(actor: User, staff_id: int) -> StaffMember:
    """A record in the actor's scope (its current school's). Raises NotFound."""
    policy.require_reads(actor, FIELD)
    return school_data.get_row(actor, StaffMember, staff_id)


def staff_for_edit(actor: User, staff_id: int) -> StaffMember:
    """A record the actor may change: 404 outside the scope, then 403."""
    staff = get_staff(actor, staff_id)
    school_data.require_write(actor, staff.school, FIELD)
    return staff


def years_of(actor: User, staff: StaffMember) -> list[StaffYear]:
    stmt = (
        select(StaffYear)
        .where(StaffYear.staff_id == staff.id)
        .order_by(StaffYear.year.desc())
    )
    return list(db.session.scalars(stmt))


def transfers_of(actor: User, staff: StaffMember) -> list[StaffTransfer]:
    stmt = (
        select(StaffTransfer)
        .where(StaffTransfer.staff_id == staff.id)
        .order_by(StaffTransfer.moved_on.desc(), StaffTransfer.id.desc())
    )
    return list(db.session.scalars(stmt))


def linked_account(staff: StaffMember) -> User | None:
    return db.session.scalar(select(User).where(User.staff_id == staff.id))


def new_code(school: Unit) -> str:
    """A free "CB" + 4 digits code in the school."""
    taken = set(
        db.session.scalars(
            select(StaffMember.code).where(
                StaffMember.school_id == school.id, StaffMember.code.like("CB%")
            )
        )
    )
    for n in range(1, 10000):
        candidate = f"CB{n:04d}"
        if candidate not in taken:
            return candidate
    return f"CB{secrets.randbelow(10**8):08d}"


def _apply(staff: StaffMember, school: Unit, values: dict) -> None:
    values = {**values, "code": values["code"] or staff.code or new_code(school)}
    for attr, value in values.items():
        setattr(staff, attr, value)
    for column, value in StaffMember.search_keys(staff.full_name, staff.code).items():
        setattr(staff, column, value)


def create_staff(actor: User, school: Unit, data: StaffData) -> StaffMember:
    """Raises PermissionDenied, ValidationFailed (PeriodLocked at the flush)."""
    school_data.require_write(actor, school, FIELD)
    values = clean(actor, school, data, None)
    staff = StaffMember(school_id=school.id)
    _apply(staff, school, values)
    db.session.add(staff)
    db.session.flush()
    return staff


def update_staff(
    actor: User, staff: StaffMember, data: StaffData, version: int | None
) -> StaffMember:
    """Raises PermissionDenied, Conflict (stale form), ValidationFailed."""
    school = staff.school
    school_data.require_write(actor, school, FIELD)
    school_data.check_version(staff, version)
    _apply(staff, school, clean(actor, school, data, staff))
    db.session.flush()
    return staff


INLINE_FIELDS = ("personal_id", "phone", "email", "code", "birth_date")


def check_one(
    actor: User, school: Unit, name: str, data: StaffData, staff: StaffMember | None
) -> None:
    """The rule of one field, for inline validation. Raises ValidationFailed."""
    if name == "personal_id":
        check.personal_id(actor, data.personal_id, data.gender, data.birth_date, staff)
    elif name == "phone":
        checks.phone(data.phone)
    elif name == "email":
        checks.email(data.email)
    elif name == "code":
        check.staff_code(school, data.code, staff)
    elif name == "birth_date":
        check.birth_date(data.birth_date)


def may_read(actor: User, school: Unit) -> bool:
    return policy.can(actor, "data.read", unit=school, field=FIELD)


def homeroom_choices(school: Unit) -> dict[str, str]:
    """{id: "name (code)"} of the school's working teachers and managers (class form)."""
    stmt = (
        select(StaffMember.id, StaffMember.full_name, StaffMember.code)
        .where(
            StaffMember.school_id == school.id,
            StaffMember.group.in_(("01", "03")),
            StaffMember.status.in_(WORKING),
        )
        .order_by(StaffMember.sort_key, StaffMember.id)
    )
    return {str(i): f"{name} ({code})" for i, name, code in db.session.execute(stmt)}
