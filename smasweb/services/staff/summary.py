"""Section IV (Cán bộ quản lý, giáo viên, nhân viên) of the start-of-year form.

Rows 78–119 of Biểu 02-TH-ĐN (the THCS and THPT forms share the shape), for one
school or summed over every school the actor reads, from one grouped SQL query.

Who counts: staff with a working status (01 đang làm việc, 04 chờ nghỉ hưu,
06 biệt phái, 07 chuyển đến) of open schools. The record holds the person's current
state; the school year only sets the age reference date and the duties read.

Mappings (the form names categories, our records hold LstCanBo codes):
- Hiệu trưởng = position 01 (or 05 Giám đốc of a GDNN-GDTX centre); Phó hiệu
  trưởng = 02 (or 06 Phó giám đốc). CBQL (4.1) is group 01; GV (4.2) group 03;
  NV (4.4) group 02.
- Qualification rows (the rule written next to rows 99 and 102 of the form's CSV):
  Trung cấp sư phạm = 18, 15 (trung cấp + BDNVSP), 09 and 10 (the old 12+2 and 9+3
  trung học sư phạm); Cao đẳng sư phạm = 17, 14; Đại học sư phạm = 16, 13 (a degree
  with the pedagogy certificate qualifies to teach at its level); Thạc sĩ = 02;
  Tiến sĩ = 01; Khác = everything else (degrees without pedagogy 03/04/05,
  physicians' specialist degrees 07/08, below trung cấp 11, 06).
- Age bands (rules.AGE_BANDS): age on 31/12 of the school year's first
  calendar year, i.e. that year minus the birth year.
- 4.3 GV Tổng phụ trách Đội: concurrent duty 07 (Tổng phụ trách Đội) or 09 (Tổng
  phụ trách Đoàn - Đội) in the StaffYear of the year, whatever the group.
- 4.4 employee rows (the rule written next to rows 115 and 119 of the form's CSV):
  an employee's jobs are the row of their position (thư viện–thiết bị 09/10/13,
  CNTT 32, kế toán 15, thủ quỹ 25, văn thư 16, y tế 11, hỗ trợ GD khuyết tật 33,
  giáo vụ 34) plus the rows of their concurrent duties of the year that are such
  jobs (08 thư viện and 11 thiết bị → 111, 12 → 112, 13 → 113, 14 → 114, 15 → 115,
  16 → 116, 18 → 117, 17 → 118). One job: that row; two or more: 119 (kiêm nhiều
  việc) only, so 111–119 never count a person twice. Party, union, youth and
  homeroom duties are not jobs. Other employees (bảo vệ, nấu ăn…) are only in 110.
- Dân tộc thiểu số: ethnicity other than 01 Kinh and 55 người nước ngoài.
  Công lập: the school's ownership 01; every other ownership is ngoài công lập.
  Viên chức: contract 07 (HĐLV không xác định thời hạn) or 08 (xác định thời
  hạn); every other contract is hợp đồng lao động.
- 88/89 (deputies by region): the school profile's region of the year, 01 biên
  giới, hải đảo and 04 miền núi, vùng sâu → 89; otherwise (or no profile) → 88.
"""

from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import and_, case, extract, func, select

from smasweb import clock
from smasweb.extensions import db
from smasweb.models import StaffMember, StaffYear, Unit, User
from smasweb.models.schools import SchoolProfile
from smasweb.models.units import split_codes
from smasweb.services import policy
from smasweb.services.staff.as_of import working_on
from smasweb.services.staff.rules import AGE_BAND_LABELS, AGE_BANDS
from smasweb.services.summaries import (
    MOUNTAIN_REGIONS,
    NOT_MINORITY,
    PUBLIC,
    add_cells,
    flag,
    join_profile,
    limit_schools,
)

FIELD = "staff"
WORKING = ("01", "04", "06", "07")
CIVIL_SERVANT_OPEN, CIVIL_SERVANT_FIXED = "07", "08"
MANAGER, EMPLOYEE, TEACHER = "01", "02", "03"
PRINCIPAL = ("01", "05")
DEPUTY = ("02", "06")
YOUTH_LEADER_DUTIES = ("07", "09")
QUALIFICATION_LABELS = (
    "Trung cấp sư phạm",
    "Cao đẳng sư phạm",
    "Đại học sư phạm",
    "Thạc sĩ",
    "Tiến sĩ, Tiến sĩ khoa học",
    "Khác",
)
QUALIFICATION_ROW = {"18": 0, "15": 0, "09": 0, "10": 0, "17": 1, "14": 1}
QUALIFICATION_ROW |= {"16": 2, "13": 2, "02": 3, "01": 4}  # the rest: 5 (Khác)
EMPLOYEE_ROLES = (
    ("111", "Nhân viên thư viện, thiết bị", ("09", "10", "13")),
    ("112", "Nhân viên công nghệ thông tin", ("32",)),
    ("113", "Nhân viên kế toán", ("15",)),
    ("114", "Nhân viên thủ quỹ", ("25",)),
    ("115", "Nhân viên văn thư", ("16",)),
    ("116", "Nhân viên y tế", ("11",)),
    ("117", "Nhân viên hỗ trợ giáo dục người khuyết tật", ("33",)),
    ("118", "Nhân viên giáo vụ", ("34",)),
)
MULTI_ROLE = "119"
ROLE_ROW = {code: ind for ind, _, codes in EMPLOYEE_ROLES for code in codes}
DUTY_ROW = {"08": "111", "11": "111", "12": "112", "13": "113", "14": "114",
            "15": "115", "16": "116", "18": "117", "17": "118"}  # fmt: skip
COLUMNS = [
    "Tổng số",
    "Nữ",
    "Dân tộc thiểu số",
    "Dân tộc thiểu số – Nữ",
    "Công lập – Tổng số",
    "Công lập – Viên chức HĐLV không xác định thời hạn",
    "Công lập – Viên chức HĐLV xác định thời hạn",
    "Công lập – Hợp đồng lao động",
    "Công lập – Nữ",
    "Công lập – Dân tộc thiểu số",
    "Công lập – Dân tộc thiểu số – Nữ",
    "Ngoài công lập – Tổng số",
    "Ngoài công lập – Nữ",
    "Ngoài công lập – Dân tộc thiểu số",
    "Ngoài công lập – Dân tộc thiểu số – Nữ",
]


@dataclass
class SummaryRow:
    """One row of section IV; `number` is the form's 4.x. label, `indent` its level."""

    indicator: str
    number: str
    label: str
    indent: int = 0
    heading: str = ""  # a caption shown above the row (Chia theo trình độ đào tạo)
    cells: list[int] = field(default_factory=lambda: [0] * len(COLUMNS))

    @property
    def total(self) -> int:
        return self.cells[0]


@dataclass(frozen=True)
class Group:
    """One GROUP BY row: a kind of person and how many there are."""

    group: str
    position: str
    qualification: str
    band: int
    female: bool
    minority: bool
    public: bool
    contract: str
    mountain: bool
    duties: str | None
    n: int

    def cells(self) -> list[int]:
        """The 15 numbers this group adds to every row it counts in."""
        f, m, p = self.female, self.minority, self.public
        vc_open = p and self.contract == CIVIL_SERVANT_OPEN
        vc_fixed = p and self.contract == CIVIL_SERVANT_FIXED
        labour = p and not (vc_open or vc_fixed)
        flags = (True, f, m, m and f, p, vc_open, vc_fixed, labour, p and f)
        flags += (p and m, p and m and f, not p, not p and f)
        flags += (not p and m, not p and m and f)
        return [self.n if flag else 0 for flag in flags]


def _by_qualification(first: int) -> list[SummaryRow]:
    return [
        SummaryRow(
            str(first + i),
            "",
            label,
            indent=1,
            heading="Chia theo trình độ đào tạo" if i == 0 else "",
        )
        for i, label in enumerate(QUALIFICATION_LABELS)
    ]


def empty_rows() -> list[SummaryRow]:
    """Rows 78–119 in the form's order, all zero."""
    rows = [
        SummaryRow("78", "", "Tổng số"),
        SummaryRow("79", "4.1.", "Cán bộ quản lý"),
        SummaryRow("80", "4.1.1.", "Hiệu trưởng", indent=1),
        *_by_qualification(81),
        SummaryRow("87", "4.1.2.", "Phó hiệu trưởng", indent=1),
        SummaryRow("88", "", "Trung du, đồng bằng, thành phố", 1, "Chia ra theo vùng"),
        SummaryRow("89", "", "Miền núi, vùng sâu, hải đảo", indent=1),
        *_by_qualification(90),
        SummaryRow("96", "4.2.", "Giáo viên"),
        *_by_qualification(97),
    ]
    rows += [
        SummaryRow(str(103 + i), "", label, 1, "Chia theo độ tuổi" if i == 0 else "")
        for i, label in enumerate(AGE_BAND_LABELS)
    ]
    rows += [
        SummaryRow("109", "4.3.", "GV Tổng phụ trách Đội TNTP Hồ Chí Minh"),
        SummaryRow("110", "4.4.", "Nhân viên"),
    ]
    rows += [
        SummaryRow(ind, "", label, 1, "Chia ra" if ind == "111" else "")
        for ind, label, _ in EMPLOYEE_ROLES
    ]
    rows.append(SummaryRow(MULTI_ROLE, "", "Nhân viên kiêm nhiều việc", indent=1))
    return rows


def indicators(g: Group) -> list[str]:
    """The rows (Mã số) one group counts in."""
    out = ["78"]
    qual = str(QUALIFICATION_ROW.get(g.qualification, 5))
    duties = split_codes(g.duties)
    if g.group == MANAGER:
        out.append("79")
        if g.position in PRINCIPAL:
            out += ["80", str(81 + int(qual))]
        elif g.position in DEPUTY:
            out += ["87", "89" if g.mountain else "88", str(90 + int(qual))]
    elif g.group == TEACHER:
        out += ["96", str(97 + int(qual))]
        if g.band >= 0:
            out.append(str(103 + g.band))
    elif g.group == EMPLOYEE:
        out.append("110")
        jobs = {ROLE_ROW.get(g.position)} | {DUTY_ROW.get(d) for d in duties}
        jobs.discard(None)
        out += [MULTI_ROLE] if len(jobs) >= 2 else list(jobs)
    if set(duties) & set(YOUTH_LEADER_DUTIES):
        out.append("109")
    return out


def _age_band(year: int):
    """SQL: index into AGE_BANDS of the age on 31/12 of `year`, or -1."""
    born = extract("year", StaffMember.birth_date)
    whens = [
        (born.between(year - hi, year - lo), i) for i, (lo, hi) in enumerate(AGE_BANDS)
    ]
    return case(*whens, else_=-1)


def _groups(
    actor: User, school_ids: list[int] | None, year: int, day: date
) -> list[Group]:
    """Every kind of working staff member with its count, in one grouped query."""
    keys = (
        StaffMember.group,
        StaffMember.position,
        StaffMember.qualification,
        _age_band(year),
        flag(StaffMember.gender == "02"),
        flag(StaffMember.ethnicity.not_in(NOT_MINORITY)),
        flag(Unit.ownership == PUBLIC),
        StaffMember.contract,
        flag(SchoolProfile.region.in_(MOUNTAIN_REGIONS)),
        StaffYear.duties,
    )
    stmt = (
        select(*keys, func.count())
        .join(Unit, Unit.id == StaffMember.school_id)
        .outerjoin(
            StaffYear,
            and_(StaffYear.staff_id == StaffMember.id, StaffYear.year == year),
        )
    )
    stmt = join_profile(stmt, StaffMember, year).where(
        working_on(day), Unit.kind == "school"
    )
    stmt = limit_schools(actor, stmt.group_by(*keys), StaffMember, school_ids)
    return [
        Group(g, p, q, int(b), bool(f), bool(m), bool(pub), c, bool(mt), d, int(n))
        for g, p, q, b, f, m, pub, c, mt, d, n in db.session.execute(stmt)
    ]


def build(
    actor: User,
    school_ids: list[int] | None,
    year: int,
    *,
    day: date | None = None,
) -> list[SummaryRow]:
    """Section IV for these schools (None: every open school the actor reads), as
    of the end of `day` (default today: staff_as_of.working_on).

    Raises:
        NotFound: the actor reads no school's staff.
    """
    policy.require_reads(actor, FIELD)
    rows = empty_rows()
    by_code = {r.indicator: r for r in rows}
    for g in _groups(actor, school_ids, year, day or clock.today()):
        add = g.cells()
        for code in indicators(g):
            add_cells(by_code[code].cells, add)
    return rows
