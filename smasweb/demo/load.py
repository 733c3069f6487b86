"""A realistic demo Vĩnh Long (2019 shape): Department, divisions, districts, schools, accounts.

Writes as the system, inside services.system.system_override: an explicit, recorded
override that the rules added later (calendar guard, audit trail) honour.
"""

from dataclasses import dataclass
from datetime import date
from random import Random

from sqlalchemy import func, insert, select, text

from smasweb.codelists import levels_of
from smasweb.codelists.admin_units import AdminUnit, communes_of, districts
from smasweb.demo.accreditation import load_accreditation
from smasweb.demo.assessment import Written, load_assessment
from smasweb.demo.attendance import load_attendance
from smasweb.demo.calendar import load_calendar
from smasweb.demo.graduation import load_graduation
from smasweb.demo.graduation_thpt import load_exam_results
from smasweb.demo.health import load_health_checks
from smasweb.demo.names import FLOWERS, NOTABLES, person_name
from smasweb.demo.reports import load_reports
from smasweb.demo.school_data import load_school_data
from smasweb.demo.staff import load_staff
from smasweb.demo.students import load_students
from smasweb.extensions import db
from smasweb.models import Unit, UnitLink, User
from smasweb.services.accounts import passwords
from smasweb.services.errors import Conflict
from smasweb.services.operations import planner_stats
from smasweb.services.system import system_override

TREE_FROM = date(2019, 8, 1)  # the 2019-2020 school year starts from this tree
ALL_FIELDS = (
    "schools",
    "classes",
    "students",
    "health",
    "staff",
    "facilities",
    "budget",
    "attendance",
    "grades",
    "graduation",
)
STUDENT_FIELDS = ("schools", "classes", "students", "health", "attendance", "grades")
DEPARTMENT = ("SGD86", "Sở Giáo dục và Đào tạo Vĩnh Long")
# code suffix, name, fields, levels, demo username
DIVISIONS = (
    ("VP", "Văn phòng Sở", ALL_FIELDS, (), None),
    ("MNTH", "Phòng Giáo dục Mầm non – Tiểu học", STUDENT_FIELDS, ("01", "02"), "mnth"),
    (
        "TRH",
        "Phòng Giáo dục Trung học – Giáo dục thường xuyên",
        STUDENT_FIELDS,
        ("03", "04", "05"),
        "trh",
    ),
    ("TCCB", "Phòng Tổ chức – Cán bộ", ("staff",), (), "tccb"),
    ("KHTC", "Phòng Kế hoạch – Tài chính", ("facilities", "budget"), (), "khtc"),
    (
        "KTKD",
        "Phòng Khảo thí – Kiểm định chất lượng giáo dục",
        ("graduation", "schools"),
        ("03", "04", "05"),
        "ktkd",
    ),
)
UPPER_SECONDARY = (  # name, level group, district of its address
    ("Trường THPT chuyên Nguyễn Bỉnh Khiêm", "08", "855"),
    ("Trường THPT Lưu Văn Liệt", "08", "855"),
    ("Trường THPT Vĩnh Long", "08", "855"),
    ("Trường THPT Phạm Hùng", "08", "857"),
    ("Trường THCS và THPT Mỹ Phước", "10", "858"),
    ("Trường THPT Võ Văn Kiệt", "08", "859"),
    ("Trường THPT Hiếu Phụng", "08", "859"),
    ("Trường THPT Tam Bình", "08", "860"),
    ("Trường THPT Bình Minh", "08", "861"),
    ("Trường THPT Trà Ôn", "08", "862"),
    ("Trường THPT Hựu Thành", "08", "862"),
    ("Trường THPT Tân Quới", "08", "863"),
    ("Trường Phổ thông Dân tộc nội trú tỉnh Vĩnh Long", "10", "855"),
    ("Trung tâm GDNN-GDTX tỉnh Vĩnh Long", "12", "855"),
)


@dataclass
class DemoResult:
    accounts: list[dict]
    schools: int
    assessment: Written | None = None


def _unit_row(code, name, kind, parent_id, **extra) -> dict:
    row = {
        "code": code,
        "name": name,
        "kind": kind,
        "parent_id": parent_id,
        "opened_on": TREE_FROM,
        **Unit.search_keys(name),
    }
    if kind == "school":
        row.update(levels=",".join(levels_of(extra["level_group"])), ownership="01")
    row.update(extra)
    return row


def _district_schools(d: AdminUnit, scale: str, rng: Random) -> list[tuple]:
    """(name, level group, commune code) for the schools a district office directs."""
    communes = communes_of(d.code)
    if scale == "small":
        c0, c1 = communes[0], communes[1]
        out = [
            (f"Trường Mầm non {c0.short_name}", "01", c0.code),
            (f"Trường Tiểu học {c0.short_name}", "06", c0.code),
            (f"Trường Tiểu học {c1.short_name}", "06", c1.code),
            (f"Trường THCS {c0.short_name}", "07", c0.code),
        ]
        if d.code == "855":
            out.append(("Trường Tiểu học và THCS Trường An", "09", communes[-1].code))
        return out
    out = []
    for c in communes:
        n = c.short_name
        out += [
            (f"Trường Mầm non {n}", "01", c.code),
            (f"Trường Mẫu giáo {n}", "02", c.code),
            (f"Trường Mầm non {rng.choice(FLOWERS)} {n}", "01", c.code),
            (f"Trường Mầm non {n} B", "01", c.code),
        ]
        out += [(f"Trường Tiểu học {n} {s}", "06", c.code) for s in "ABCDE"]
        out += [
            (f"Trường THCS {n}", "07", c.code),
            (f"Trường THCS {rng.choice(NOTABLES)} ({n})", "07", c.code),
            (f"Trường Tiểu học và THCS {n}", "09", c.code),
        ]
    return out


def _get_or_create(code: str, **values) -> Unit:
    unit = db.session.scalar(select(Unit).where(Unit.code == code))
    if unit is None:
        unit = Unit(
            **_unit_row(
                code,
                values.pop("name"),
                values.pop("kind"),
                values.pop("parent_id", None),
                **values,
            )
        )
        db.session.add(unit)
        db.session.flush()
        if unit.parent_id:
            db.session.add(
                UnitLink(
                    unit_id=unit.id, parent_id=unit.parent_id, valid_from=TREE_FROM
                )
            )
    return unit


def ensure_department() -> tuple[Unit, Unit]:
    """The Department and its office (Văn phòng Sở): the least any install has."""
    dept = _get_or_create(
        DEPARTMENT[0], name=DEPARTMENT[1], kind="department", admin_code="86"
    )
    suffix, name, fields, _, _ = DIVISIONS[0]
    office = _get_or_create(
        f"{dept.code}-{suffix}",
        name=name,
        kind="division",
        parent_id=dept.id,
        fields=",".join(fields),
    )
    return dept, office


def load_demo(password: str, scale: str = "small") -> DemoResult:
    """Build the demo tree and accounts. Raises Conflict if schools already exist."""
    with system_override("demo data loaded by `flask smas demo`"):
        result = _load_demo(password, scale)
    if db.session.get_bind().dialect.name == "postgresql":
        # fresh planner statistics for every freshly filled table: without them
        # PostgreSQL plans joins over them as if they were empty (minutes, not ms).
        # Named tables: a bare ANALYZE also locks catalogs shared by every database.
        tables = ", ".join(t.name for t in db.metadata.sorted_tables)
        db.session.execute(text(f"ANALYZE {tables}"))
    else:
        planner_stats.refresh()  # SQLite: the same reason, indexes by their shape
    return result


def _load_demo(password: str, scale: str) -> DemoResult:
    if db.session.scalar(select(func.count()).where(Unit.kind == "school")):
        raise Conflict(
            "Cơ sở dữ liệu đã có trường học; dữ liệu mẫu chỉ nạp vào CSDL trống."
        )
    rng = Random(86)  # noqa: S311 - seeded: the demo is the same on every load
    dept, office = ensure_department()
    accounts: list[dict] = [
        _account("admin", "Quản trị Văn phòng Sở", "admin", office, rng)
    ]
    for suffix, name, fields, levels, username in DIVISIONS[1:]:
        div = _get_or_create(
            f"{dept.code}-{suffix}",
            name=name,
            kind="division",
            parent_id=dept.id,
            fields=",".join(fields),
            levels=",".join(levels) or None,
        )
        accounts.append(_account(username, person_name(rng), "division", div, rng))
    school_rows, offices = [], []
    for d in districts():
        name = f"Phòng Giáo dục và Đào tạo {d.kind.lower()} {d.short_name}"
        office_d = _get_or_create(
            f"PGD{d.code}",
            name=name,
            kind="district",
            parent_id=dept.id,
            admin_code=d.code,
        )
        offices.append(office_d)
        accounts.append(
            _account(f"pgd{d.code}", person_name(rng), "district", office_d, rng)
        )
        for seq, (name, group, commune) in enumerate(
            _district_schools(d, scale, rng), 1
        ):
            school_rows.append(
                _unit_row(
                    f"86{d.code}{seq:03d}",
                    name,
                    "school",
                    office_d.id,
                    level_group=group,
                    commune_code=commune,
                    admin_code=None,
                )
            )
    for seq, (name, group, _district) in enumerate(UPPER_SECONDARY, 1):
        school_rows.append(
            _unit_row(f"86000{seq:03d}", name, "school", dept.id, level_group=group)
        )
    db.session.execute(insert(Unit), school_rows)
    schools = list(
        db.session.scalars(
            select(Unit).where(Unit.kind == "school").order_by(Unit.code)
        )
    )
    db.session.execute(
        insert(UnitLink),
        [
            {"unit_id": s.id, "parent_id": s.parent_id, "valid_from": TREE_FROM}
            for s in schools
        ],
    )
    load_school_data(
        schools,
        {f"86000{seq:03d}": d for seq, (_, _, d) in enumerate(UPPER_SECONDARY, 1)},
        scale,
    )
    for i, s in enumerate(schools):
        accounts.append(
            _account(f"bgh.{s.code}", person_name(rng), "school_leader", s, rng)
        )
        accounts.append(
            _account(f"cb.{s.code}", person_name(rng), "school_clerk", s, rng)
        )
        if scale == "small" or i % 50 == 0:
            accounts.append(
                _account(f"gv.{s.code}", person_name(rng), "teacher", s, rng)
            )
    _insert_accounts(accounts, passwords.hash_password(password))
    # Its own stream: every other demo name stays as it was.
    heads = Random(30)  # noqa: S311 - seeded: the demo is the same on every load
    for unit in (dept, *offices):
        unit.head_name = person_name(heads)  # signs the unit's reports
    load_accreditation(schools)
    load_staff(schools, scale)
    load_students(schools, scale)
    load_health_checks()
    if scale == "small":  # the province scale's term of roll calls comes later
        load_attendance()
    load_calendar(schools)
    load_reports(scale)
    assessment = load_assessment(scale)
    load_graduation(scale)  # last year's lớp 9, from the results just written
    load_exam_results(scale)
    return DemoResult(
        accounts=[_manifest_row(a) for a in accounts],
        schools=len(schools),
        assessment=assessment,
    )


def _account(username: str, full_name: str, role: str, unit: Unit, rng: Random) -> dict:
    return {
        "username": username,
        "full_name": full_name,
        "role": role,
        "unit": unit,
        "phone": f"09{rng.randrange(10**8):08d}",
    }


def _insert_accounts(accounts: list[dict], password_hash: str) -> None:
    # One hash for every demo account: they share the password, and argon2 is slow by design.
    db.session.execute(
        insert(User),
        [
            {
                "username": a["username"],
                "full_name": a["full_name"],
                "role": a["role"],
                "unit_id": a["unit"].id,
                "phone": a["phone"],
                **User.search_keys(a["full_name"], a["username"]),
                "password_hash": password_hash,
                "must_change_password": False,
                "active": True,
                "failed_logins": 0,
                "fields": a["unit"].fields if a["role"] == "division" else None,
            }
            for a in accounts
        ],
    )


def _manifest_row(a: dict) -> dict:
    return {
        "username": a["username"],
        "role": a["role"],
        "unit_id": a["unit"].id,
        "unit_name": a["unit"].name,
    }
