"""The access policy: who may do what, to which unit and field, and what they may see.

can() answers, require() raises, scope_units() limits every unit-bound query.
Objects outside an actor's scope are reported as NotFound (404), never 403.

This is the only module that knows role names (tests/unit/test_policy_home.py checks
it): everything else asks for a named action of ROLE_PERMISSIONS or one of the
questions below. models/accounts.py keeps the data that defines a role (its label,
the unit kinds it binds to); the decisions are here.
"""

from sqlalchemy import Select, false, or_, select

from smasweb.codelists import FIELDS
from smasweb.extensions import db
from smasweb.models import Unit, User
from smasweb.models.accounts import ROLE_LABELS, ROLE_UNIT_KINDS
from smasweb.services import tree
from smasweb.services.errors import NotFound, PermissionDenied

ROLE_PERMISSIONS: dict[str, frozenset[str]] = {
    "admin": frozenset(
        {
            "units.view",
            "units.manage",
            "accounts.view",
            "accounts.manage",
            "accounts.reset_password",
            "data.read",
            "calendar.manage",
            "unlock.decide",
            "reports.review",
            "audit.search",
            "audit.exports",
            "accounts.assign_fields",  # the fields (lĩnh vực) of a division officer
            "security.alerts",  # notices of repeated failed logins
            "staff.transfer",
        }
    ),
    # reports.review: the progress board, and approving the reports of the schools
    # one answers for (approves_report says which)
    "division": frozenset({"units.view", "data.read", "reports.review"}),
    "district": frozenset(
        {
            "units.view",
            "accounts.view",
            "accounts.reset_password",
            "data.read",
            "unlock.decide",
            "reports.review",
            "staff.transfer",  # the staff of the schools under the office
        }
    ),
    "school_leader": frozenset(
        {
            "units.view",
            "accounts.view",
            "accounts.manage",
            "accounts.manage_school_staff",  # accounts made from the staff records
            "accounts.reset_password",
            "data.read",
            "data.write",
            "reports.submit",
            "unlock.request",
            "staff.transfer",
        }
    ),
    "school_clerk": frozenset(
        {"units.view", "data.read", "data.write", "unlock.request", "staff.transfer"}
    ),
    "teacher": frozenset({"units.view", "data.read", "data.write"}),
}

# Roles bound to one school.
SCHOOL_ROLES = ("school_leader", "school_clerk", "teacher")
# Roles a school leader may create and manage inside its own school.
LEADER_MANAGED_ROLES = ("school_clerk", "teacher")
# Roles an account made from a staff record may take, by staff group: managers (01)
# choose teacher or school leader, teachers (03) get teacher, employees none.
STAFF_ACCOUNT_ROLES = {"01": ("teacher", "school_leader"), "03": ("teacher",)}
# Roles that answer for chosen fields (lĩnh vực) rather than all of them.
FIELD_ROLES = ("division",)
# Fields a teacher may write (for its own classes; the class check comes later).
TEACHER_FIELDS = ("attendance", "grades", "health")
# Roles whose unit is seen as a subtree (district offices and communes).
SUBTREE_ROLES = ("district",)


def has_permission(actor: User, action: str) -> bool:
    return actor.is_active and action in ROLE_PERMISSIONS.get(actor.role, ())


def sees_all_units(actor: User) -> bool:
    return actor.role in ("admin", "division")


def roles_with(action: str) -> tuple[str, ...]:
    """The roles holding a right (queries of the accounts that hold it)."""
    return tuple(r for r, rights in ROLE_PERMISSIONS.items() if action in rights)


def own_school(actor: User) -> Unit | None:
    """The school a school role works in; None for officers."""
    unit = actor.unit
    return unit if unit is not None and unit.is_school else None


def subtree_root(actor: User) -> Unit | None:
    """The office whose subtree bounds the actor's view (district officers); None
    for the others, who start from the province."""
    return actor.unit if actor.role in SUBTREE_ROLES else None


def in_scope(actor: User, unit: Unit) -> bool:
    """May the actor see this unit at all?"""
    if not has_permission(actor, "units.view"):
        return False
    if sees_all_units(actor):
        return True
    if actor.role in SUBTREE_ROLES:
        return tree.is_under(unit, actor.unit_id)
    return unit.id == actor.unit_id


def scope_units(actor: User, stmt: Select, unit_id_column=Unit.id) -> Select:
    """Limit a query to the units the actor may see (by a column holding a unit id)."""
    if not has_permission(actor, "units.view"):
        return stmt.where(false())
    if sees_all_units(actor):
        return stmt
    if actor.role in SUBTREE_ROLES:
        return stmt.where(unit_id_column.in_(tree.subtree_ids(actor.unit_id)))
    return stmt.where(unit_id_column == actor.unit_id)


def division_fields(actor: User) -> tuple[str, ...]:
    return actor.field_codes or actor.unit.field_codes


def _division_covers(actor: User, unit: Unit, field: str | None) -> bool:
    fields = division_fields(actor)
    if field is not None and field not in fields:
        return False
    levels = actor.unit.level_codes
    return not levels or not unit.is_school or bool(set(levels) & set(unit.level_codes))


def _account_rule(actor: User, action: str, account: User) -> bool:
    if actor.role == "admin":
        return True
    if actor.role == "district":
        in_tree = tree.is_under(account.unit, actor.unit_id)
        if action == "accounts.view":
            return in_tree
        return in_tree and account.role in SCHOOL_ROLES  # reset its schools' accounts
    if actor.role == "school_leader":
        same_school = account.unit_id == actor.unit_id
        if action == "accounts.view":
            return same_school
        return same_school and account.role in LEADER_MANAGED_ROLES
    return False


def can(
    actor: User,
    action: str,
    *,
    unit: Unit | None = None,
    field: str | None = None,
    account: User | None = None,
) -> bool:
    """Answer whether the actor may do `action` (optionally on a unit, field or account)."""
    if not has_permission(actor, action):
        return False
    if account is not None:
        return _account_rule(actor, action, account)
    if unit is None:
        return True
    if not in_scope(actor, unit):
        return False
    if action == "data.read" and actor.role == "division":
        return _division_covers(actor, unit, field)
    if action == "data.write":
        if actor.role == "teacher" and field not in TEACHER_FIELDS:
            return False
        return unit.is_school and unit.id == actor.unit_id
    if action.startswith("accounts.manage") and actor.role == "school_leader":
        return unit.id == actor.unit_id
    if action == "staff.transfer" and actor.role in SCHOOL_ROLES:
        return can(actor, "data.write", unit=unit, field="staff")
    return True


def reads_field(actor: User, field: str) -> bool:
    """Does the actor read this field anywhere? (Navigation shows only what it may open.)"""
    if not has_permission(actor, "data.read"):
        return False
    return actor.role != "division" or field in division_fields(actor)


def require_reads(actor: User, field: str) -> None:
    """NotFound on every page of a field the actor reads nowhere."""
    if not reads_field(actor, field):
        raise NotFound()


def reads_level(actor: User, level: str) -> bool:
    """Does the actor read this education level (cấp học)? Divisions bound to some
    levels read only those."""
    if actor.role != "division":
        return True
    levels = actor.unit.level_codes
    return not levels or level in levels


def approves_report(actor: User, school: Unit, level: str) -> bool:
    """Is the actor this school's approver for this level? Admins approve any; a
    district office the schools under it; a division the schools directly under the
    Department at its levels."""
    if not has_permission(actor, "reports.review"):
        return False
    if actor.role == "admin":
        return True
    if actor.role in SUBTREE_ROLES:
        return tree.is_under(school, actor.unit_id)
    if actor.role == "division":
        direct = school.parent is not None and school.parent.kind == "department"
        return direct and level in actor.unit.level_codes
    return False


def readable_school_ids(actor: User, field: str) -> Select | None:
    """SELECT of the unit ids whose `field` the actor may read; None means every unit.

    Divisions read only their fields at their levels; everyone else reads the units in
    their scope.
    """
    if not has_permission(actor, "data.read"):
        return select(Unit.id).where(false())
    if actor.role == "admin":
        return None
    if actor.role == "division":
        if field not in division_fields(actor):
            return select(Unit.id).where(false())
        levels = actor.unit.level_codes
        if not levels:
            return None
        return select(Unit.id).where(or_(*(Unit.levels.contains(c) for c in levels)))
    if actor.role in SUBTREE_ROLES:
        return tree.subtree_ids(actor.unit_id)
    return select(Unit.id).where(Unit.id == actor.unit_id)


def readable_school_list(actor: User, field: str) -> list[int] | None:
    """readable_school_ids as a list of ids (None: every unit); a school role's own
    unit without asking the database."""
    if actor.role not in (*SUBTREE_ROLES, "admin", "division") and has_permission(
        actor, "data.read"
    ):
        return [actor.unit_id]
    ids = readable_school_ids(actor, field)
    return None if ids is None else list(db.session.scalars(ids))


def scope_school_data(actor: User, stmt: Select, model) -> Select:
    """Limit a query of a school-data model (it names `__field__`, holds `school_id`)."""
    ids = readable_school_ids(actor, model.__field__)
    return stmt if ids is None else stmt.where(model.school_id.in_(ids))


def require(actor: User, action: str, **target) -> None:
    """Raise PermissionDenied unless can(); callers load objects through the scope first."""
    if not can(actor, action, **target):
        raise PermissionDenied()


def require_visible(actor: User, unit: Unit | None) -> Unit:
    """Return the unit if the actor may see it, else NotFound (never reveal it exists)."""
    if unit is None or not in_scope(actor, unit):
        raise NotFound()
    return unit


def responsible_fields(actor: User) -> tuple[str, ...]:
    """The fields (lĩnh vực) an actor answers for: what its home page lists."""
    if actor.role == "division":
        return actor.field_codes or actor.unit.field_codes
    if actor.role == "teacher":
        return TEACHER_FIELDS
    return tuple(FIELDS)


OWN_CLASS_ROLES = ("teacher",)  # roles that work on their own classes only


def works_on_own_classes(actor: User) -> bool:
    """Does the actor work on its own classes only (a teacher: its homeroom class and
    those the leader gave it), not on every class of its school?"""
    return actor.role in OWN_CLASS_ROLES


def own_class_accounts():
    """SQL on User: the accounts works_on_own_classes answers yes for."""
    return User.role.in_(OWN_CLASS_ROLES)


def can_see_personal(actor: User, unit: Unit | None) -> bool:
    """Personal data is shown in full to admins and the unit's own school roles only."""
    if actor.role == "admin":
        return True
    return unit is not None and actor.role in SCHOOL_ROLES and actor.unit_id == unit.id


# --- accounts: which roles one may give ---------------------------------------------


def creatable_roles(actor: User) -> list[str]:
    """The roles the actor may give an account (in the order of their labels)."""
    if actor.role == "admin":
        return list(ROLE_LABELS)
    if actor.role == "school_leader":
        return list(LEADER_MANAGED_ROLES)
    return []


def role_fits_unit(role: str, unit: Unit) -> bool:
    """May an account of this role belong to this kind of unit?"""
    return unit.kind in ROLE_UNIT_KINDS.get(role, ())


def takes_fields(role: str) -> bool:
    """Does an account of this role answer for chosen fields (division officers)?"""
    return role in FIELD_ROLES


def staff_account_roles(group: str | None = None) -> tuple[str, ...]:
    """Roles an account made from a staff record of this group may take; without a
    group, every role such an account may take (teacher first)."""
    if group is None:
        return STAFF_ACCOUNT_ROLES["01"]
    return STAFF_ACCOUNT_ROLES.get(group, ())


def mask(value: str | None) -> str:
    """Hide a personal value but keep a hint for the owner to recognise it."""
    if not value:
        return ""
    keep = 2 if len(value) > 6 else 0
    return "•" * (len(value) - keep) + value[len(value) - keep :]


def personal(actor: User, value: str | None, unit: Unit) -> str:
    """The value as this actor may see it."""
    return (value or "") if can_see_personal(actor, unit) else mask(value)
