"""The rows and columns of section III (Học sinh), Biểu 02-TH-ĐN rows 37–77: what
summary.py fills. The grade, age and right-age rows follow the grades present, so a
primary scope gets exactly the form's rows and a secondary or mixed scope the rows
of its own grades (Mã số only where the primary form has the row)."""

from dataclasses import dataclass, field

from smasweb import codelists
from smasweb.services.students.rules import grade_number

PRESCHOOL_GRADES = {"16": "Trẻ em nhà trẻ", "17": "Trẻ em mẫu giáo"}
DISABILITY_ROWS = (  # (Mã số, label, disability code)
    ("62", "Khuyết tật về nhìn", "03"),
    ("63", "Khuyết tật về nghe, nói", "02"),
    ("64", "Khuyết tật về trí tuệ", "05"),
    ("65", "Khuyết tật về vận động", "01"),
    ("66", "Khuyết tật thần kinh, tâm thần", "04"),
)
DISABILITY_ROW = {code: ind for ind, _, code in DISABILITY_ROWS}
COLUMNS = [
    "Tổng số",
    "Nữ",
    "Dân tộc thiểu số",
    "Dân tộc thiểu số – Nữ",
    "Công lập – Tổng số",
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
    """One row of section III; `key` identifies it, `indicator` is the form's Mã số."""

    key: str
    indicator: str
    number: str
    label: str
    indent: int = 0
    heading: str = ""
    cells: list[int] = field(default_factory=lambda: [0] * len(COLUMNS))

    @property
    def total(self) -> int:
        return self.cells[0]


def _grade_label(grade: str) -> str:
    if grade in PRESCHOOL_GRADES:
        return PRESCHOOL_GRADES[grade]
    label = codelists.label("grades", grade, f"Lớp {grade}")
    return f"Học sinh {label[0].lower()}{label[1:]}"


def empty_rows(grades: list[str]) -> list[SummaryRow]:
    """Rows 37–77 for these grade codes (DM_KHOI), all zero, in the form's order."""
    R = SummaryRow
    rows = [
        R("total", "37", "3.1.", "Tổng quy mô"),
        R("plain", "38", "", "Trung du, đồng bằng, thành phố", 1, "3.2. Quy mô chia theo vùng"),
        R("mountain", "39", "", "Miền núi, vùng sâu, hải đảo", 1),
    ]  # fmt: skip
    for i, g in enumerate(sorted(grades, key=lambda g: (g not in PRESCHOOL_GRADES, g))):
        n = grade_number(g)
        code = str(39 + n) if n and n <= 5 else ""
        head = "3.3. Quy mô chia ra theo lớp" if i == 0 else ""
        rows.append(R(f"grade{g}", code, "", _grade_label(g), 1, head))
    numbers = sorted(n for g in grades if (n := grade_number(g)))
    if numbers:
        lo, hi = numbers[0] + 5, numbers[-1] + 5
        head = "3.4. Quy mô chia ra theo độ tuổi"
        rows.append(
            R("age_below", "45" if lo == 6 else "", "", f"Dưới {lo} tuổi", 1, head)
        )
        for age in range(lo, hi + 1):
            code = str(40 + age) if 6 <= age <= 10 else ""
            rows.append(R(f"age{age}", code, "", f"{age} tuổi", 1))
        rows.append(R("age_above", "51" if hi == 10 else "", "", f"Trên {hi} tuổi", 1))
        for i, n in enumerate(numbers):
            head = "Trong đó học sinh đi học đúng tuổi" if i == 0 else ""
            code = str(51 + n) if n <= 5 else ""
            label = f"Học sinh {n + 5} tuổi học lớp {n}"
            rows.append(R(f"right{n}", code, "", label, 1, head))
    rows += [
        R("new", "57", "", "Học sinh mới tuyển đầu cấp", 1, "3.5. Trong tổng quy mô có"),
        R("repeat", "58", "", "Học sinh lưu ban năm học trước đang học lại trong năm học này", 1),
        R("two", "59", "", "Học sinh học 2 buổi/ngày", 1),
        R("semi", "60", "", "Học sinh dân tộc bán trú", 1),
        R("disabled", "61", "", "Học sinh khuyết tật học hòa nhập", 1),
    ]  # fmt: skip
    rows += [
        R(f"disability{c}", ind, "", label, 2) for ind, label, c in DISABILITY_ROWS
    ]
    rows += [
        R("policy", "74", "3.6.", "Học sinh thuộc đối tượng chính sách"),
        R("cost", "75", "3.6.1.", "Học sinh được hỗ trợ chi phí học tập", 1),
        R("tiny", "76", "3.6.2.", "Học sinh dân tộc thiểu số rất ít người được hỗ trợ học tập", 1),
        R("food", "77", "3.6.3.", "Học sinh được hỗ trợ tiền ăn, tiền nhà ở và gạo", 1),
    ]  # fmt: skip
    return rows


def cells(n: int, female: bool, minority: bool, public: bool) -> list[int]:
    """`n` pupils of one kind in the columns (COLUMNS) they count in."""
    f, m, p = female, minority, public
    flags = (True, f, m, m and f, p, p and f, p and m, p and m and f)
    flags += (not p, not p and f, not p and m, not p and m and f)
    return [n if on else 0 for on in flags]
