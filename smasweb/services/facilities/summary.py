"""Section V (Phòng học) of the Ministry's start-of-year form (Biểu 02-TH-ĐN and the like).

Rows 120–132 by construction (kiên cố / bán kiên cố / tạm), for all schools, public
(công lập) and non-public (tư thục: every ownership other than 01) schools. Quantities
are summed; borrowed classrooms count in 121, not 120; 122 is 123–130 plus labs; the
`indicator` column of room_kinds.csv maps kinds to rows (admin rooms are not in V).
One grouped SQL query serves one school or every school the actor may read.
"""

from dataclasses import dataclass, field

from sqlalchemy import case, func, select

from smasweb import codelists
from smasweb.extensions import db
from smasweb.models import Unit, User
from smasweb.models.facilities import EquipmentItem, Room
from smasweb.services import policy, school_data
from smasweb.services.facilities.records import FIELD
from smasweb.text import fold

CONSTRUCTIONS = ("kien_co", "ban_kien_co", "tam")
PUBLIC = "01"
CLASSROOM, BORROWED, STUDY, LAB = "120", "121", "122", "lab"
STUDY_PARTS = tuple(str(n) for n in range(123, 131))


@dataclass
class Split:
    """Rooms by construction."""

    kien_co: int = 0
    ban_kien_co: int = 0
    tam: int = 0

    @property
    def total(self) -> int:
        return self.kien_co + self.ban_kien_co + self.tam

    def cells(self) -> list[int]:
        return [self.total, self.kien_co, self.ban_kien_co, self.tam]

    def add(self, other: "Split") -> None:
        for name in CONSTRUCTIONS:
            setattr(self, name, getattr(self, name) + getattr(other, name))


@dataclass
class SummaryRow:
    """One row of section V; `number` is the form's 5.x. label, `indent` its level."""

    indicator: str
    number: str
    label: str
    indent: int = 0
    public: Split = field(default_factory=Split)
    private: Split = field(default_factory=Split)
    heading: str = ""  # a section title shown above the row (5.4. Phòng khác)

    @property
    def total(self) -> Split:
        out = Split()
        out.add(self.public)
        out.add(self.private)
        return out

    def cells(self) -> list[int]:
        """The 12 numbers of the form: Tổng số, Công lập, Tư thục × (total + 3)."""
        return self.total.cells() + self.public.cells() + self.private.cells()


COLUMNS = [
    f"{group} – {part}"
    for group in ("Tổng số", "Công lập", "Tư thục")
    for part in ("Tổng số", "Kiên cố", "Bán kiên cố", "Tạm")
]


def _kind_label(indicator: str) -> str:
    return next(
        r["label"] for r in codelists.rows("room_kinds") if r["indicator"] == indicator
    )


def empty_rows() -> list[SummaryRow]:
    rows = [
        SummaryRow(CLASSROOM, "5.1.", "Phòng học"),
        SummaryRow(BORROWED, "5.2.", "Phòng học nhờ, mượn"),
        SummaryRow(STUDY, "5.3.", "Phòng phục vụ học tập"),
    ]
    rows += [SummaryRow(i, "", _kind_label(i), indent=1) for i in STUDY_PARTS]
    rows += [
        SummaryRow("131", "", _kind_label("131"), indent=1, heading="5.4. Phòng khác"),
        SummaryRow("132", "", _kind_label("132"), indent=1),
    ]
    return rows


def _indicator(kind: str, borrowed: bool) -> str | None:
    """The row a kind counts in (labs: only in the 122 total; admin: none)."""
    code = (codelists.row("room_kinds", kind) or {}).get("indicator") or None
    if code == CLASSROOM and borrowed:
        return BORROWED
    if code == STUDY:
        return LAB
    return code


def _counts(actor: User, school: Unit | None, school_ids: list[int] | None = None):
    """(kind, borrowed, construction, public?, rooms) groups, in one query."""
    public = case((Unit.ownership == PUBLIC, True), else_=False).label("public")
    stmt = (
        select(
            Room.kind, Room.borrowed, Room.construction, public, func.sum(Room.quantity)
        )
        .join(Unit, Unit.id == Room.school_id)
        .group_by(Room.kind, Room.borrowed, Room.construction, public)
    )
    stmt = policy.scope_school_data(actor, stmt, Room)
    stmt = stmt.where(Unit.closed_on.is_(None)) if school is None else stmt
    if school is not None:
        stmt = stmt.where(Room.school_id == school.id)
    if school_ids is not None:
        stmt = stmt.where(Room.school_id.in_(school_ids))
    return db.session.execute(stmt).all()


def room_summary(
    actor: User, school: Unit | None = None, school_ids: list[int] | None = None
) -> list[SummaryRow]:
    """Section V for one school, or summed over these schools (None: every open
    school the actor may read)."""
    policy.require_reads(actor, FIELD)
    rows = empty_rows()
    by_code = {r.indicator: r for r in rows}
    labs = SummaryRow(LAB, "", "")
    by_code[LAB] = labs
    for kind, borrowed, construction, is_public, n in _counts(
        actor, school, school_ids
    ):
        code = _indicator(kind, bool(borrowed))
        if code is None or construction not in CONSTRUCTIONS:
            continue
        split = by_code[code].public if is_public else by_code[code].private
        setattr(split, construction, getattr(split, construction) + int(n or 0))
    study = by_code[STUDY]
    for code in (*STUDY_PARTS, LAB):
        study.public.add(by_code[code].public)
        study.private.add(by_code[code].private)
    return rows


def summary_table(rows: list[SummaryRow]) -> list[list]:
    """Rows for the Excel export: Mã số, Chỉ tiêu, then the 12 numbers."""
    return [[r.indicator, f"{r.number} {r.label}".strip(), *r.cells()] for r in rows]


def school_totals(
    actor: User, q: str = "", page: int = 1, per_page: int = 25
) -> tuple[list[tuple[Unit, int, int, int]], int]:
    """One page of (school, rooms, classrooms, equipment rows) for the schools the
    actor may read, in Vietnamese name order, and the total count of schools."""
    policy.require_reads(actor, FIELD)
    schools = school_data.schools_in_scope(actor, FIELD)
    for word in fold(q).split():
        schools = schools.where(Unit.name_folded.contains(word, autoescape=True))
    total = db.session.scalar(select(func.count()).select_from(schools.subquery()))
    page_schools = list(
        db.session.scalars(
            schools.order_by(Unit.sort_key, Unit.id)
            .limit(per_page)
            .offset((max(page, 1) - 1) * per_page)
        )
    )
    ids = [s.id for s in page_schools]
    classroom = case((Room.kind == "classroom", Room.quantity), else_=0)
    rooms = dict.fromkeys(ids, (0, 0))
    for sid, n, c in db.session.execute(
        select(Room.school_id, func.sum(Room.quantity), func.sum(classroom))
        .where(Room.school_id.in_(ids))
        .group_by(Room.school_id)
    ):
        rooms[sid] = (int(n or 0), int(c or 0))
    items = dict(
        db.session.execute(
            select(EquipmentItem.school_id, func.count())
            .where(EquipmentItem.school_id.in_(ids))
            .group_by(EquipmentItem.school_id)
        ).all()
    )
    out = [(s, *rooms[s.id], int(items.get(s.id, 0))) for s in page_schools]
    return out, total or 0
