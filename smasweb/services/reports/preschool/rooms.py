"""Section V (Phòng học) and the Ngân sách sheet of form 01-MN-ĐN.

Rooms have no nhà trẻ / mẫu giáo mark: a nhà trẻ school's rooms print under 5.1
Nhà trẻ, those of mẫu giáo and mầm non schools under 5.2 Mẫu giáo. Room kinds
(codelist room_kinds): phòng học = classroom (borrowed ones: nhờ, mượn); phòng phục
vụ học tập = every study room (library, equipment, computer, language, arts, music,
gym, inclusive, lab), of which thể chất = gym, nghệ thuật = arts and music, hỗ trợ
giáo dục hòa nhập = inclusive; phòng khác = tradition, medical and admin rooms, of
which y tế = medical. Quantities by construction (kiên cố, bán kiên cố, tạm).

Budget: BudgetLine holds a school year's lines by category in đồng; category 01 Chi
thường xuyên of the preschool schools fills 15 and 16 (Giáo dục Mầm non): quyết
toán = last school year's executed, dự toán = this year's planned, ước thực hiện =
this year's executed, each school's sum in triệu đồng rounded (so a unit's report is
the sum of its schools').
"""

from collections import defaultdict

from sqlalchemy import func, select

from smasweb.extensions import db
from smasweb.models import BudgetLine, Room, Unit
from smasweb.services.reports.preschool.columns import CONSTRUCTIONS, Counter, group_of
from smasweb.services.reports.preschool.schools import NHA_TRE_SCHOOL

STUDY = ("library", "equipment", "computer", "language", "arts", "music", "gym",
         "inclusive", "lab")  # fmt: skip
OTHER = ("tradition", "medical", "admin")
# nhà trẻ? → (phòng học, nhờ mượn, phục vụ học tập, thể chất, nghệ thuật,
# hỗ trợ hòa nhập, phòng khác, y tế)
ROOM_ROWS = {
    True: ("194", "195", "196", "197", "198", None, "200", "202"),
    False: ("203", "204", "205", "206", "207", "209", "210", "212"),
}
RECURRENT = "01"  # budget category Chi thường xuyên


def room_rows(kind: str, borrowed: bool, nursery: bool) -> list[str]:
    classroom, lent, study, gym, arts, inclusive, other, medical = ROOM_ROWS[nursery]
    if kind == "classroom":
        return [lent if borrowed else classroom]
    out = []
    if kind in STUDY:
        out.append(study)
        part = {"gym": gym, "arts": arts, "music": arts, "inclusive": inclusive}
        out += [part[kind]] if part.get(kind) else []
    elif kind in OTHER:
        out += [other, medical] if kind == "medical" else [other]
    return out


def rooms_values(school_ids: list[int], types: dict[int, str]) -> dict[str, list[int]]:
    """Section V cells by Mã số for these (home) schools of these types."""
    out = Counter(4)
    out.zero(*(c for rows in ROOM_ROWS.values() for c in rows if c))
    if not school_ids:
        return out.values
    stmt = (
        select(
            Room.school_id,
            Unit.ownership,
            Room.kind,
            Room.borrowed,
            Room.construction,
            func.sum(Room.quantity),
        )
        .join(Unit, Unit.id == Room.school_id)
        .where(Room.school_id.in_(school_ids))
        .group_by(
            Room.school_id, Unit.ownership, Room.kind, Room.borrowed, Room.construction
        )
    )
    for sid, ownership, kind, borrowed, construction, n in db.session.execute(stmt):
        if construction not in CONSTRUCTIONS:
            continue
        codes = room_rows(kind, bool(borrowed), types[sid] == NHA_TRE_SCHOOL)
        flags = (True, *(c == construction for c in CONSTRUCTIONS))
        out.add(codes, group_of(ownership), flags, int(n or 0))
    return out.values


def _millions(amount: int) -> int:
    return (amount + 500_000) // 1_000_000


def budget_values(school_ids: list[int], year: int) -> dict[str, list[int]]:
    """The Ngân sách sheet's cells: 15 and 16 (see the module doc)."""
    sums = defaultdict(lambda: [0, 0, 0])
    if school_ids:
        stmt = (
            select(
                BudgetLine.school_id,
                BudgetLine.year,
                func.sum(BudgetLine.planned),
                func.sum(BudgetLine.executed),
            )
            .where(
                BudgetLine.school_id.in_(school_ids),
                BudgetLine.category == RECURRENT,
                BudgetLine.year.in_((year - 1, year)),
            )
            .group_by(BudgetLine.school_id, BudgetLine.year)
        )
        for sid, y, planned, executed in db.session.execute(stmt):
            if y == year:
                sums[sid][1], sums[sid][2] = int(planned or 0), int(executed or 0)
            else:
                sums[sid][0] = int(executed or 0)
    cells = [sum(_millions(s[i]) for s in sums.values()) for i in range(3)]
    return {"15": cells, "16": list(cells)}
