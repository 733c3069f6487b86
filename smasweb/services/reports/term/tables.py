"""The term reports' tables from the counts of results.py and scores.py, and
derive(): their rates and averages, recomputed from the counts (also after a
district's report adds up its schools' frozen ones: a rate is never summed).

A results table is blocks of rows, one per category: the block's total row
(numbered) and a row per grade. Columns: Tổng số, Nữ, Dân tộc thiểu số, each as
Số học sinh and Tỷ lệ (%). Block "1." counts the pupils, "2." those with a stored
result: the base of every category's rate; the pupils without one are the last
block, "chưa chốt kết quả", rated against block "1.".
"""

from smasweb import codelists
from smasweb.services.assessment import curriculum
from smasweb.services.reports.tables import Row, Table
from smasweb.services.reports.term import scores
from smasweb.services.reports.term.results import PEOPLE, total

PUPILS = "học sinh"
COLUMNS = [
    (label, what) for _, label in PEOPLE for what in ("Số học sinh", "Tỷ lệ (%)")
]
PRESENT, RATED = "1.", "2."
MISSING_NOTE = (
    "Học sinh có mặt ngày chốt số liệu mà trường chưa chốt kết quả (Chốt kết quả ở "
    "trang Kết quả của lớp): không tính vào các dòng kết quả."
)
SCORE_COLUMNS = [
    ("Số học sinh có điểm",),
    ("Tổng điểm",),
    ("Điểm trung bình",),
    *(("Phân bố điểm (số học sinh)", label) for label, _, _ in scores.BANDS),
]
COUNT, SUM, MEAN, FIRST_BAND = 0, 1, 2, 3


def grade_label(grade: str) -> str:
    return codelists.label("grades", grade, grade)


def _block(number, label, grades, found, note="", **match) -> list[Row]:
    def cells(chosen) -> list:
        out: list = []
        for people, _ in PEOPLE:
            out += [total(found, chosen, people, **match), 0.0]
        return out

    rows = [Row("", number, label, PUPILS, cells=cells(grades), note=note)]
    return rows + [
        Row("", "", grade_label(g), PUPILS, 1, cells=cells([g])) for g in grades
    ]


def results_table(key, title, grades, found, categories) -> Table:
    """Blocks 1. pupils, 2. with a result, then `categories` [(label, match)]
    and the pupils without a result."""
    has = {"missing_school": None}
    rows = _block(PRESENT, "Số học sinh", grades, found)
    rows += _block(RATED, "Số học sinh đã chốt kết quả", grades, found, **has)
    for i, (label, match) in enumerate(categories, 3):
        rows += _block(f"{i}.", label, grades, found, **has, **match)
    missing = {"missing_school": lambda s: s is not None}
    number = f"{len(categories) + 3}."
    rows += _block(number, "Chưa chốt kết quả", grades, found, MISSING_NOTE, **missing)
    return Table(key, title, COLUMNS, rows)


def status_table(schools: int, found) -> Table:
    """How many schools have confirmed the term's results: a school with a pupil
    without one has not ("chưa chốt kết quả")."""
    missing = {k.missing_school for k in found if k.missing_school is not None}
    rows = [
        Row("", "1.", "Số trường", "trường", cells=[schools]),
        Row("", "2.", "Số trường đã chốt kết quả", "trường",
            cells=[schools - len(missing)]),
        Row("", "3.", "Số trường chưa chốt kết quả", "trường", cells=[len(missing)],
            note="Trường còn học sinh chưa có kết quả được chốt."),
    ]  # fmt: skip
    return Table("status", "Tình hình chốt kết quả", [("Số lượng",)], rows)


def score_table(key, title, grades, subjects, found: dict) -> Table:
    """A row per subject (its grades under it): pupils with an average, their sum
    and mean, and how many in each band."""

    def cells(code, chosen) -> list:
        parts = [
            [found.get((g, code, b), (0, 0)) for g in chosen]
            for b in range(len(scores.BANDS))
        ]
        bands = [sum(n for n, _ in band) for band in parts]
        tenths = sum(t for band in parts for _, t in band)
        return [sum(bands), round(tenths / 10, 1), 0.0, *bands]

    rows = []
    for i, subject in enumerate(subjects, 1):
        mine = [g for g in grades if curriculum.subject(g, subject.code)]
        rows.append(
            Row("", f"{i}.", subject.name, "điểm", cells=cells(subject.code, mine))
        )
        rows += [
            Row("", "", grade_label(g), "điểm", 1, cells=cells(subject.code, [g]))
            for g in mine
        ]
    return Table(key, title, SCORE_COLUMNS, rows, wide=True)


def derive_results(table: Table) -> None:
    """Each block's rates: over block 2 (with a result), blocks 1–2 and the
    last over block 1 (the pupils)."""
    blocks: list[list[Row]] = []
    for row in table.rows:
        if row.number:
            blocks.append([])
        blocks[-1].append(row)
    present, rated = blocks[0], blocks[1]
    for index, block in enumerate(blocks):
        base = rated if 1 < index < len(blocks) - 1 else present
        for row, under in zip(block, base, strict=True):
            for i in range(0, len(row.cells), 2):
                d = under.cells[i]
                row.cells[i + 1] = round(100 * row.cells[i] / d, 2) if d else 0.0


def derive_scores(table: Table) -> None:
    for row in table.rows:
        n = row.cells[COUNT]
        row.cells[SUM] = round(row.cells[SUM], 1)
        row.cells[MEAN] = round(row.cells[SUM] / n, 2) if n else 0.0
