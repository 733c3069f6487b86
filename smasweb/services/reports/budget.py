"""The state budget table (VI) of the start-of-year report, from the schools'
budget lines: as the official form's Ngân sách sheet where the level's form is
shipped, otherwise the planned and executed totals per category in đồng."""

from smasweb.services.finance import records as finance
from smasweb.services.reports.forms import OfficialForm, layout
from smasweb.services.reports.tables import Row, Table

TITLE = "VI. Ngân sách nhà nước"
LEGACY_COLUMNS = [("Kế hoạch",), ("Thực hiện",)]
_SPENT = "Chi NSNN (năm tài chính n)"
FORM_COLUMNS = [
    ("Quyết toán chi NSNN (năm tài chính n-1)",),
    (_SPENT, "Dự toán"),
    (_SPENT, "Ước thực hiện"),
]
RECURRENT = "01"  # budget_categories: Chi thường xuyên (mục II of the sheet)
RECURRENT_ROW = "15"
MILLION = 1_000_000


def millions(dong: int) -> int:
    """Đồng to whole triệu đồng, halves up (amounts are never negative)."""
    return (dong + MILLION // 2) // MILLION


def form_table(form: OfficialForm, school_ids: list[int], year: int) -> Table:
    """The form's Ngân sách sheet: recurrent spending of the school year before
    (Quyết toán) and of this one (Dự toán, Ước thực hiện) in mục II and in the
    level's own block; rows the lines cannot split (sources, spending groups,
    training) stay blank. Each school is rounded to triệu đồng before adding, so a
    district's report is the sum of its schools' ones."""
    cells = [0, 0, 0]
    for _, y, category, planned, executed in finance.school_category_totals(
        school_ids, (year - 1, year)
    ):
        if category != RECURRENT:
            continue
        if y == year:
            cells[1] += millions(planned)
            cells[2] += millions(executed)
        else:
            cells[0] += millions(executed)
    # the sheet's first block after mục II is the level's own (Tiểu học: 24)
    level_row = form.codes("budget")[1]
    values = {RECURRENT_ROW: cells, level_row: list(cells)}
    return Table("budget", TITLE, FORM_COLUMNS, layout(form, "budget", values))


def legacy_table(school_ids: list[int], year: int) -> Table:
    """Planned and executed amounts per budget category, in đồng (no Mã số)."""
    labels = finance.category_labels()
    sums = finance.category_totals(school_ids, year)
    rows = [Row("", "", "Tổng số", "đồng", 0, "", [0, 0])]
    for i, (code, label) in enumerate(labels.items()):
        planned, executed = sums.get(code, (0, 0))
        heading = "Chia ra:" if i == 0 else ""
        rows.append(Row("", "", label, "đồng", 1, heading, [planned, executed]))
        rows[0].cells[0] += planned
        rows[0].cells[1] += executed
    return Table("budget", TITLE, LEGACY_COLUMNS, rows)
