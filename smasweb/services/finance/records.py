"""State budget (ngân sách nhà nước): budget lines of a school per school year, in đồng.

Reads go through the access scope (field "budget"); writes through require_write and
check_version. Amounts are whole đồng, never negative; executed above planned is
allowed (the pages show it as a warning).
"""

import re
from dataclasses import dataclass, field

from sqlalchemy import func, select

from smasweb import codelists, excel
from smasweb.extensions import db
from smasweb.models import Unit, User
from smasweb.models.finance import BudgetLine
from smasweb.models.schools import year_label
from smasweb.services import policy, school_data
from smasweb.services import years as school_years
from smasweb.services.errors import ValidationFailed
from smasweb.text import fold

FIELD = BudgetLine.__field__
CATEGORIES = "budget_categories"
MAX_AMOUNT = 10**15 - 1  # a thousand trillion đồng: far above any school budget
_AMOUNT_RE = re.compile(r"^\d{1,3}(?:([.\s])\d{3})?(?:\1\d{3})*$|^\d+$")
AMOUNT_ERROR = "Số tiền không hợp lệ, hãy nhập số đồng (ví dụ 1.500.000)."


def parse_amount(text: str | int | None) -> int | None:
    """'1.500.000', '1500000' or '1 500 000' → 1500000; '' → None. Raises ValueError."""
    if isinstance(text, int):
        return text
    value = (text or "").replace("\u00a0", " ").replace("\u202f", " ").strip()
    value = re.sub(r"\s*(đồng|đ|VNĐ|VND)$", "", value, flags=re.IGNORECASE)
    if not value:
        return None
    if not _AMOUNT_RE.match(value):
        raise ValueError(AMOUNT_ERROR)
    return int(re.sub(r"\D", "", value))


@dataclass
class BudgetLineData:
    category: str
    description: str
    planned: int
    executed: int
    note: str | None = None


@dataclass
class Totals:
    planned: int = 0
    executed: int = 0

    def add(self, planned: int, executed: int) -> None:
        self.planned += planned or 0
        self.executed += executed or 0

    @property
    def percent(self) -> float | None:
        """Execution rate in %, None when nothing is planned."""
        return self.executed * 100 / self.planned if self.planned else None

    over = property(lambda self: self.executed > self.planned)


@dataclass
class CategoryGroup:
    code: str
    label: str
    lines: list[BudgetLine] = field(default_factory=list)
    totals: Totals = field(default_factory=Totals)


def home_school(actor: User, school_id: int | None) -> Unit | None:
    """The school a page is about: ?school= if given, else a school user's own school,
    else None (officers' province-wide pages)."""
    if school_id is None and policy.own_school(actor) is None:
        return None
    return school_data.readable_school(actor, FIELD, school_id)


def get_line(actor: User, line_id: int) -> BudgetLine:
    return school_data.get_row(actor, BudgetLine, line_id)


def list_lines(
    actor: User, school: Unit, year: int, category: str | None = None, q: str = ""
) -> list[BudgetLine]:
    """A school's lines of a year (category, then description), diacritics-free search."""
    school_data.get_school(actor, school.id, FIELD)
    stmt = select(BudgetLine).where(
        BudgetLine.school_id == school.id, BudgetLine.year == year
    )
    if category:
        stmt = stmt.where(BudgetLine.category == category)
    stmt = policy.scope_school_data(actor, stmt, BudgetLine)
    rows = db.session.scalars(stmt.order_by(BudgetLine.category, BudgetLine.id))
    words = fold(q).split()
    return [r for r in rows if all(w in fold(r.description) for w in words)]


def group_lines(lines: list[BudgetLine]) -> tuple[list[CategoryGroup], Totals]:
    """Lines by category in code-list order, with subtotals, and the grand total."""
    groups = {code: CategoryGroup(code, lb) for code, lb in category_labels().items()}
    grand = Totals()
    for line in lines:
        group = groups.setdefault(line.category, CategoryGroup(*[line.category] * 2))
        group.lines.append(line)
        group.totals.add(line.planned, line.executed)
        grand.add(line.planned, line.executed)
    return [g for g in groups.values() if g.lines], grand


def category_labels() -> dict[str, str]:
    return codelists.labels(CATEGORIES)


@dataclass
class BudgetPage:
    """One page of a school's lines, grouped; subtotals and total cover every match."""

    groups: list[CategoryGroup]
    grand: Totals
    total: int
    page: int
    pages: int


def budget_page(
    actor: User, school: Unit, year: int, category=None, q="", page=1, per_page=25
) -> BudgetPage:
    lines = list_lines(actor, school, year, category, q)
    pages = max(1, -(-len(lines) // per_page))
    page = min(max(page, 1), pages)
    full, grand = group_lines(lines)
    shown, _ = group_lines(lines[(page - 1) * per_page : page * per_page])
    subtotals = {g.code: g.totals for g in full}
    for group in shown:
        group.totals = subtotals[group.code]
    return BudgetPage(shown, grand, len(lines), page, pages)


def require_edit(actor: User, target: Unit | BudgetLine) -> Unit:
    """The school of a form page the actor may write to. Raises PermissionDenied."""
    school = target if isinstance(target, Unit) else _school(target)
    school_data.require_write(actor, school, FIELD)
    return school


@dataclass
class SchoolTotals:
    school_id: int
    code: str
    name: str
    lines: int
    totals: Totals


def school_totals(
    actor: User, year: int, q: str = "", page: int = 1, per_page: int = 25
) -> tuple[list[SchoolTotals], int, Totals]:
    """The schools the actor may read with their totals for the year (one grouped query).

    Returns one page of rows, the number of schools and the grand total over all of them.
    """
    policy.require_reads(actor, FIELD)
    schools = school_data.schools_in_scope(actor, FIELD)
    for word in fold(q).split():
        schools = schools.where(Unit.name_folded.contains(word, autoescape=True))
    sums = (  # the year's lines summed per school first: one pass over budget_lines
        select(
            BudgetLine.school_id,
            func.count().label("lines"),
            func.sum(BudgetLine.planned).label("planned"),
            func.sum(BudgetLine.executed).label("executed"),
        )
        .where(BudgetLine.year == year)
        .group_by(BudgetLine.school_id)
        .subquery()
    )
    joined = schools.outerjoin(sums, sums.c.school_id == Unit.id)
    amounts = [func.coalesce(sums.c[name], 0) for name in ("planned", "executed")]
    grand = [func.count().over(), *(func.sum(a).over() for a in amounts)]
    rows = db.session.execute(  # window sums: the grand total rides on the page query
        joined.with_only_columns(
            Unit.id,
            Unit.code,
            Unit.name,
            func.coalesce(sums.c.lines, 0),
            *amounts,
            *grand,
        )
        .order_by(Unit.sort_key, Unit.id)
        .limit(per_page)
        .offset((max(page, 1) - 1) * per_page)
    ).all()
    if rows:
        count, planned, executed = rows[0][6:]
    else:  # a page past the end: the totals alone
        count, planned, executed = db.session.execute(
            joined.with_only_columns(func.count(Unit.id), *map(func.sum, amounts))
        ).one()
    out = [
        SchoolTotals(r[0], r[1], r[2], r[3], Totals(int(r[4]), int(r[5]))) for r in rows
    ]
    return out, count or 0, Totals(int(planned or 0), int(executed or 0))


def category_totals(school_ids: list[int], year: int) -> dict[str, tuple[int, int]]:
    """Planned and executed amounts per category over these schools (reports)."""
    if not school_ids:
        return {}
    stmt = (
        select(
            BudgetLine.category,
            func.sum(BudgetLine.planned),
            func.sum(BudgetLine.executed),
        )
        .where(BudgetLine.year == year, BudgetLine.school_id.in_(school_ids))
        .group_by(BudgetLine.category)
    )
    return {c: (int(p or 0), int(e or 0)) for c, p, e in db.session.execute(stmt)}


def school_category_totals(
    school_ids: list[int], years: tuple[int, ...]
) -> list[tuple[int, int, str, int, int]]:
    """(school, year, category, planned, executed) over these schools and years
    (reports that round each school's amounts before adding them up)."""
    if not school_ids:
        return []
    keys = (BudgetLine.school_id, BudgetLine.year, BudgetLine.category)
    stmt = (
        select(*keys, func.sum(BudgetLine.planned), func.sum(BudgetLine.executed))
        .where(BudgetLine.year.in_(years), BudgetLine.school_id.in_(school_ids))
        .group_by(*keys)
    )
    return [
        (s, y, c, int(p or 0), int(e or 0))
        for s, y, c, p, e in db.session.execute(stmt)
    ]


def _validate(data: BudgetLineData) -> BudgetLineData:
    if data.category not in codelists.labels(CATEGORIES):
        raise ValidationFailed("Hãy chọn loại ngân sách trong danh mục.", "category")
    description = " ".join((data.description or "").split())
    if not description:
        raise ValidationFailed("Bắt buộc nhập.", "description")
    if len(description) > 255:
        raise ValidationFailed("Nội dung dài quá 255 ký tự.", "description")
    for name in ("planned", "executed"):
        value = getattr(data, name)
        if value is None or not 0 <= value <= MAX_AMOUNT:
            raise ValidationFailed("Số tiền phải từ 0 đến dưới 1 triệu tỷ đồng.", name)
    note = (data.note or "").strip() or None
    if note and len(note) > 255:
        raise ValidationFailed("Ghi chú dài quá 255 ký tự.", "note")
    return BudgetLineData(data.category, description, data.planned, data.executed, note)


def create_line(
    actor: User, school: Unit, year: int, data: BudgetLineData
) -> BudgetLine:
    """Add a budget line. Raises PermissionDenied, ValidationFailed."""
    school_data.require_write(actor, school, FIELD)
    clean = _validate(data)
    school_years.ensure_year(year)
    line = BudgetLine(school_id=school.id, year=year, **clean.__dict__)
    db.session.add(line)
    db.session.flush()
    return line


def update_line(
    actor: User, line: BudgetLine, data: BudgetLineData, version: int | None
) -> BudgetLine:
    """Change a line. Raises PermissionDenied, Conflict, ValidationFailed."""
    school_data.require_write(actor, _school(line), FIELD)
    school_data.check_version(line, version)
    clean = _validate(data)
    for name, value in clean.__dict__.items():
        setattr(line, name, value)
    db.session.flush()
    return line


def delete_line(actor: User, line: BudgetLine, version: int | None = None) -> None:
    """Remove a line. Raises PermissionDenied, Conflict."""
    school_data.require_write(actor, _school(line), FIELD)
    school_data.check_version(line, version)
    db.session.delete(line)
    db.session.flush()


def _school(line: BudgetLine) -> Unit:
    return db.session.get_one(Unit, line.school_id)


# fmt: off
LINE_HEADERS = ["Mã trường", "Tên trường", "Năm học", "Mã loại", "Loại ngân sách",
                "Nội dung", "Kế hoạch (đồng)", "Thực hiện (đồng)", "Tỷ lệ thực hiện (%)",
                "Ghi chú"]
SCHOOL_HEADERS = ["Mã trường", "Tên trường", "Năm học", "Số dòng", "Kế hoạch (đồng)",
                  "Thực hiện (đồng)", "Tỷ lệ thực hiện (%)"]
# fmt: on


def _pct(totals: Totals) -> float | None:
    return None if totals.percent is None else round(totals.percent, 1)


def export_lines(actor: User, school: Unit, year: int) -> bytes:
    """The school's lines of the year as .xlsx: codes, labels, amounts as numbers."""
    head = (school.code, school.name, year_label(year))
    rows = [
        (
            *head,
            ln.category,
            codelists.label(CATEGORIES, ln.category),
            ln.description,
            ln.planned,
            ln.executed,
            _pct(Totals(ln.planned, ln.executed)),
            ln.note or "",
        )
        for ln in list_lines(actor, school, year)
    ]
    code_sheets = {"DM loai ngan sach": codelists.labels(CATEGORIES)}
    return excel.workbook("Ngan sach", LINE_HEADERS, rows, code_sheets)


def export_school_totals(actor: User, year: int, q: str = "") -> bytes:
    """Every school in scope with its totals for the year, as .xlsx."""
    rows, _, _ = school_totals(actor, year, q, 1, 10**6)
    data = [
        (
            r.code,
            r.name,
            year_label(year),
            r.lines,
            r.totals.planned,
            r.totals.executed,
            _pct(r.totals),
        )
        for r in rows
    ]
    return excel.workbook("Ngan sach theo truong", SCHOOL_HEADERS, data)
