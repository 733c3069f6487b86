"""Section IV (Cán bộ quản lý, giáo viên và nhân viên) of form 01-MN-ĐN.

Who counts: staff working in the (home) schools at the end of the data date
(staff.as_of.working_on). Nhà trẻ or mẫu giáo: managers and employees by their
school's type (a nhà trẻ school: nhà trẻ; mẫu giáo and mầm non schools: "mẫu giáo,
mầm non", as the form's captions say); a teacher is a nhà trẻ teacher when they are
the homeroom teacher of a nhóm trẻ of the year (ClassGroup.homeroom_staff_id or
StaffYear.homeroom_class_id), else by the school's type.

Mappings (codes of LstCanBo, as staff.summary for the other forms):
- Hiệu trưởng: position 01 (05 Giám đốc); Phó hiệu trưởng: 02 (06).
- Qualification rows: staff.summary.QUALIFICATION_ROW (trung cấp, cao đẳng, đại
  học sư phạm, thạc sĩ, tiến sĩ; managers' "Khác": every other code). Teachers'
  "Chưa qua đào tạo": 11 dưới trung học sư phạm and 06 khác; a degree without
  pedagogy (03, 04, 05) counts in no teacher qualification row.
- Employees: kế toán 15, văn thư 16; y tế 11, thủ quỹ 25; nấu ăn 31, cấp dưỡng 20;
  bảo vệ 17 (others only in the 157 / 162 totals).
- Ages: the school year's first year minus the birth year (staff.rules.AGE_BANDS).
- Columns: columns.staff_cells (viên chức: contracts 07, 08; others HĐLĐ).
"""

from datetime import date

from sqlalchemy import Integer, cast, extract, func, select, union

from smasweb.extensions import db
from smasweb.models import StaffMember, StaffYear, Unit
from smasweb.models.schools import ClassGroup, SchoolProfile
from smasweb.services.reports.preschool.children import NHA_TRE
from smasweb.services.reports.preschool.columns import (
    STAFF_COLUMNS,
    Counter,
    group_of,
    staff_cells,
)
from smasweb.services.reports.preschool.schools import NHA_TRE_SCHOOL
from smasweb.services.staff.as_of import working_on
from smasweb.services.staff.rules import AGE_BANDS
from smasweb.services.staff.summary import DEPUTY, PRINCIPAL, QUALIFICATION_ROW
from smasweb.services.summaries import MOUNTAIN_REGIONS, NOT_MINORITY, flag

MANAGER, EMPLOYEE, TEACHER = "01", "02", "03"
UNTRAINED = ("11", "06")
# nhà trẻ? → (total, principal, its 6 qualifications from, deputy, from)
MANAGER_ROWS = {
    True: ("124", "125", 126, "132", 133),
    False: ("139", "140", 141, "147", 150),
}
EMPLOYEE_ROWS = {True: 157, False: 162}  # total, then the four roles
ROLES = {"15": 1, "16": 1, "11": 2, "25": 2, "31": 3, "20": 3, "17": 4}
TEACHER_ROWS = {True: 168, False: 181}  # total, 6 qualifications, 6 age bands


def _band(age: int) -> int | None:
    return next((i for i, (lo, hi) in enumerate(AGE_BANDS) if lo <= age <= hi), None)


def rows_of(m, nursery: bool, mountain: bool, year: int) -> list[str]:
    """The rows (Mã số) one kind of staff member counts in (m: group, position,
    qualification, born: the birth year)."""
    qual = QUALIFICATION_ROW.get(m.qualification, 5)
    if m.group == MANAGER:
        total, head, head_q, deputy, deputy_q = MANAGER_ROWS[nursery]
        out = ["123", total]
        if m.position in PRINCIPAL:
            out += [head, str(head_q + qual)]
        elif m.position in DEPUTY:
            out += [deputy, str(deputy_q + qual)]
            out += [] if nursery else ["149" if mountain else "148"]
        return out
    if m.group == EMPLOYEE:
        first = EMPLOYEE_ROWS[nursery]
        role = ROLES.get(m.position)
        return ["156", str(first)] + ([str(first + role)] if role else [])
    if m.group == TEACHER:
        first = TEACHER_ROWS[nursery]
        out = ["167", str(first)]
        if m.qualification in UNTRAINED:
            out.append(str(first + 6))
        elif qual < 5:
            out.append(str(first + 1 + qual))
        band = _band(year - m.born)
        return out + ([str(first + 7 + band)] if band is not None else [])
    return []


def _nursery_teachers(school_ids: list[int], year: int):
    """SQL: the homeroom teachers of a nhóm trẻ of the year (by class or by year)."""
    nursery = select(ClassGroup.id).where(
        ClassGroup.year == year,
        ClassGroup.grade == NHA_TRE,
        ClassGroup.school_id.in_(school_ids),
    )
    by_class = select(ClassGroup.homeroom_staff_id).where(
        ClassGroup.id.in_(nursery), ClassGroup.homeroom_staff_id.is_not(None)
    )
    by_year = select(StaffYear.staff_id).where(
        StaffYear.year == year, StaffYear.homeroom_class_id.in_(nursery)
    )
    return union(by_class, by_year)


def staff_values(
    school_ids: list[int], types: dict[int, str], year: int, day: date
) -> dict[str, list[int]]:
    """Section IV cells by Mã số for these (home) schools of these types."""
    out = Counter(4, len(STAFF_COLUMNS))
    out.zero(*map(str, range(123, 194)))
    if not school_ids:
        return out.values
    m = StaffMember
    # Counted by kind in SQL, with no school key (a province's 16,000 people in
    # ~2,000 rows): the school's type and region are flags of the row
    nha_tre_schools = [sid for sid in school_ids if types[sid] == NHA_TRE_SCHOOL]
    keys = (
        m.group,
        m.position,
        m.qualification,
        cast(extract("year", m.birth_date), Integer).label("born"),
        flag(m.gender == "02").label("female"),
        flag(func.coalesce(m.ethnicity, "01").not_in(NOT_MINORITY)).label("minority"),
        m.contract,
        Unit.ownership,
        flag(SchoolProfile.region.in_(MOUNTAIN_REGIONS)).label("mountain"),
        flag(m.school_id.in_(nha_tre_schools)).label("nha_tre_school"),
        flag(m.id.in_(_nursery_teachers(school_ids, year))).label("nursery_class"),
    )
    stmt = (
        select(*keys, func.count().label("n"))
        .join(Unit, Unit.id == m.school_id)
        .outerjoin(
            SchoolProfile,
            (SchoolProfile.school_id == m.school_id) & (SchoolProfile.year == year),
        )
        .where(m.school_id.in_(school_ids), working_on(day))
        .group_by(*keys)
    )
    for kind in db.session.execute(stmt):
        nursery = bool(kind.nha_tre_school) or (
            kind.group == TEACHER and bool(kind.nursery_class)
        )
        codes = rows_of(kind, nursery, bool(kind.mountain), year)
        cells = staff_cells(
            group_of(kind.ownership),
            bool(kind.female),
            bool(kind.minority),
            kind.contract,
        )
        out.add_cells(codes, [n * kind.n for n in cells])
    return out.values
