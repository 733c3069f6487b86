"""The column groups of form 01-MN-ĐN and how one counted thing adds to them.

Every section has Tổng số, then Công lập, Tư thục, Dân lập (the school's ownership
in the unit tree, Unit.ownership, as the other sections of the reports: 01 công lập,
03 dân lập; 09 tư thục and the generic 02 ngoài công lập print under Tư thục).
Inside each group the form's own columns: pupils Tổng số / Nữ / Dân tộc thiểu số
(tổng, nữ); staff adds, for công lập only, viên chức (HĐLV không xác định / xác
định thời hạn) and hợp đồng lao động; rooms Tổng số / Kiên cố / Bán kiên cố / Tạm.
"""

GROUPS = ("Tổng số", "Công lập", "Tư thục", "Dân lập")
PUBLIC, DAN_LAP = "01", "03"
CIVIL_SERVANT_OPEN, CIVIL_SERVANT_FIXED = "07", "08"
MINORITY = "Dân tộc thiểu số"
PEOPLE = (("Tổng số",), ("Nữ",), (MINORITY, "Tổng số"), (MINORITY, "Nữ"))
CONSTRUCTIONS = ("kien_co", "ban_kien_co", "tam")

SCHOOL_COLUMNS = [(g,) for g in GROUPS]
PUPIL_COLUMNS = [(g, *p) for g in GROUPS for p in PEOPLE]
_KINDS = "Phân loại"
STAFF_COLUMNS = [
    *((GROUPS[0], *p) for p in PEOPLE),
    (GROUPS[1], "Tổng số"),
    (GROUPS[1], _KINDS, "Viên chức", "HĐLV không xác định thời hạn"),
    (GROUPS[1], _KINDS, "Viên chức", "HĐLV xác định thời hạn"),
    (GROUPS[1], _KINDS, "Hợp đồng lao động"),
    *((GROUPS[1], *p) for p in PEOPLE[1:]),
    *((g, *p) for g in GROUPS[2:] for p in PEOPLE),
]
ROOM_COLUMNS = [
    (g, p) for g in GROUPS for p in ("Tổng số", "Kiên cố", "Bán kiên cố", "Tạm")
]
BUDGET_COLUMNS = [
    ("Quyết toán chi NSNN (năm tài chính n-1)",),
    ("Chi NSNN (năm tài chính n)", "Dự toán"),
    ("Chi NSNN (năm tài chính n)", "Ước thực hiện"),
]


def group_of(ownership: str | None) -> int:
    """1 Công lập, 2 Tư thục, 3 Dân lập: the column group of a school."""
    if ownership == PUBLIC:
        return 1
    return 3 if ownership == DAN_LAP else 2


class Counter:
    """Cells by Mã số for one section: `add` puts a count under Tổng số and under
    the school's ownership group, in the columns whose flag holds."""

    def __init__(self, width: int, total: int | None = None):
        self.width = width
        self.total = total or width * len(GROUPS)
        self.values: dict[str, list[int]] = {}

    def row(self, code: str) -> list[int]:
        return self.values.setdefault(code, [0] * self.total)

    def add_cells(self, codes, cells: list[int]) -> None:
        for code in codes:
            row = self.row(code)
            for i, n in enumerate(cells):
                row[i] += n

    def zero(self, *codes: str) -> None:
        """Rows the app counts, printed 0 when nothing falls in them."""
        for code in codes:
            self.row(code)

    def add(self, codes, group: int, flags: tuple[bool, ...], n: int = 1) -> None:
        for code in codes:
            cells = self.row(code)
            for i, on in enumerate(flags):
                if on:
                    cells[i] += n
                    cells[group * self.width + i] += n


def people_flags(female: bool, is_minority: bool) -> tuple[bool, ...]:
    """Tổng số, Nữ, DTTS, DTTS nữ."""
    return (True, female, is_minority, is_minority and female)


def staff_cells(group: int, female: bool, is_minority: bool, contract: str) -> list:
    """The 19 staff numbers of one person (see STAFF_COLUMNS)."""
    people = [int(f) for f in people_flags(female, is_minority)]
    blocks = {g: [0] * (7 if g == 1 else 4) for g in (1, 2, 3)}
    if group == 1:
        vc_open = contract == CIVIL_SERVANT_OPEN
        vc_fixed = contract == CIVIL_SERVANT_FIXED
        kinds = [int(vc_open), int(vc_fixed), int(not (vc_open or vc_fixed))]
        blocks[1] = [people[0], *kinds, *people[1:]]
    else:
        blocks[group] = people
    return people + blocks[1] + blocks[2] + blocks[3]
