"""The Ministry's code lists (danh mục) as project data: smasweb/data/codelists/<name>.csv.

Each file has `code,label` and maybe more columns. Forms offer them as choices,
imports accept the code or the label (resolve), exports and reports use the codes.
"""

import csv
from functools import cache
from importlib import resources

from smasweb.text import fold


@cache
def rows(name: str) -> tuple[dict[str, str], ...]:
    """Every row of a code list, in file order."""
    folder = resources.files("smasweb.data").joinpath("codelists")
    text = folder.joinpath(f"{name}.csv").read_text("utf-8")
    return tuple(csv.DictReader(text.splitlines()))


@cache
def labels(name: str) -> dict[str, str]:
    """{code: label} of a code list."""
    return {row["code"]: row["label"] for row in rows(name)}


def label(name: str, code: str | None, default: str = "") -> str:
    return labels(name).get(code or "", default)


class _Labels(dict):
    def __missing__(self, code) -> str:
        return ""


@cache
def label_map(name: str) -> dict[str, str]:
    """labels(name) where an unknown or empty code reads "" as with label(): a table
    looks each row's code up with `map[code]`, not one label() call per cell."""
    return _Labels(labels(name))


def row(name: str, code: str | None) -> dict[str, str] | None:
    return next((r for r in rows(name) if r["code"] == code), None)


@cache
def _by_folded_label(name: str) -> dict[str, str]:
    return {fold(r["label"]): r["code"] for r in rows(name)}


def resolve(name: str, value: object) -> str | None:
    """The code for an import cell holding a code or a label (diacritics ignored)."""
    text = str(value or "").strip()
    if not text:
        return None
    if text in labels(name):
        return text
    if text.isdigit() and text.zfill(2) in labels(name):  # Excel drops leading zeros
        return text.zfill(2)
    return _by_folded_label(name).get(fold(text))


LEVELS = labels("levels")
OWNERSHIPS = labels("ownerships")
# nhóm cấp học → (label, cấp học codes taught)
LEVEL_GROUPS = {
    r["code"]: (r["label"], tuple(r["levels"].split())) for r in rows("level_groups")
}

# Fields of responsibility (lĩnh vực): the data domains a division may own.
FIELDS = {
    "schools": "Hồ sơ trường, điểm trường",
    "classes": "Lớp học",
    "students": "Hồ sơ học sinh",
    "health": "Cân đo, theo dõi sức khỏe trẻ mầm non",
    "staff": "Đội ngũ cán bộ, giáo viên, nhân viên",
    "facilities": "Cơ sở vật chất, thiết bị, đồ dùng đồ chơi",
    "budget": "Ngân sách nhà nước",
    "attendance": "Chuyên cần, thôi học",
    "grades": "Điểm, kết quả học tập",
    "graduation": "Tốt nghiệp",
}

# Calendar fields: what an entry window opens (finer than FIELDS), with the FIELDS
# code whose access rules apply to them.
CALENDAR_FIELDS = {
    "profile": ("Hồ sơ trường", "schools"),
    "campuses": ("Điểm trường", "schools"),
    "classes": ("Lớp học", "classes"),
    "students": ("Hồ sơ học sinh", "students"),
    "movements": ("Biến động học sinh (chuyển trường, thôi học)", "students"),
    "health": ("Cân đo, theo dõi sức khỏe trẻ mầm non", "health"),
    "staff": ("Đội ngũ cán bộ, giáo viên, nhân viên", "staff"),
    "facilities": ("Cơ sở vật chất, thiết bị, đồ dùng đồ chơi", "facilities"),
    "budget": ("Ngân sách nhà nước", "budget"),
    "attendance": ("Chuyên cần", "attendance"),
    "grades": ("Điểm", "grades"),
    "results": ("Kết quả học kỳ, năm học", "grades"),
    "graduation_thcs": ("Xét công nhận tốt nghiệp THCS", "graduation"),
    "graduation_thpt": ("Tốt nghiệp THPT", "graduation"),
}


def calendar_field_label(code: str) -> str:
    entry = CALENDAR_FIELDS.get(code)
    return entry[0] if entry else code


def levels_of(level_group: str | None) -> tuple[str, ...]:
    """The cấp học codes a school of this nhóm cấp học teaches."""
    return LEVEL_GROUPS.get(level_group or "", ("", ()))[1]
