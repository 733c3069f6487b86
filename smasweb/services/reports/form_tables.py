"""Sections I–V of the start-of-year report laid out as a shipped official form
(Biểu 02-TH-ĐN …): each domain summary gives its counts by Mã số, and
forms.layout prints the form's rows, labels, TT, units and captions in its order,
leaving blank the rows no summary counts (their note in the form's CSV says why).

Special schools (profile school type 04, chuyên biệt dành cho người khuyết tật)
are where pupils học chuyên biệt: their disabled pupils leave 61–66 for 67–72,
from a second run of the students summary over those schools only (none in most
scopes, then no second query).
"""

from sqlalchemy import select

from smasweb.extensions import db
from smasweb.models.schools import SchoolProfile
from smasweb.services.reports.forms import OfficialForm, layout
from smasweb.services.reports.school_sections import SPECIAL_TYPE
from smasweb.services.reports.tables import Table

INCLUSIVE = ("61", "62", "63", "64", "65", "66")  # tổng, then by disability type
SPECIAL = ("67", "68", "69", "70", "71", "72")
PEOPLE = (("Tổng",), ("Nữ",), ("Dân tộc thiểu số", "Tổng"), ("Dân tộc thiểu số", "Nữ"))


def columns(form: OfficialForm) -> dict[str, list[tuple[str, ...]]]:
    """Column headers per section: Tổng số then the form's ownership groups."""
    total, public, private = ("Tổng số", *form.ownerships)
    groups = (total, public, private)
    return {
        "schools": [(g,) for g in groups],
        "classes": [(g,) for g in groups],
        "pupils": [(g, *p) for g in groups for p in PEOPLE],
        "staff": [
            *((total, *p) for p in PEOPLE),
            (public, "Tổng"),
            (public, "Viên chức", "HĐLV không xác định thời hạn"),
            (public, "Viên chức", "HĐLV xác định thời hạn"),
            (public, "Hợp đồng lao động"),
            *((public, *p) for p in PEOPLE[1:]),
            *((private, *p) for p in PEOPLE),
        ],
        "rooms": [
            (g, p) for g in groups for p in ("Tổng", "Kiên cố", "Bán kiên cố", "Tạm")
        ],
    }


def special_school_ids(school_ids: list[int], year: int) -> list[int]:
    if not school_ids:
        return []
    return list(
        db.session.scalars(
            select(SchoolProfile.school_id).where(
                SchoolProfile.year == year,
                SchoolProfile.school_id.in_(school_ids),
                SchoolProfile.school_type == SPECIAL_TYPE,
            )
        )
    )


def move_special(values: dict[str, list[int]], special: dict[str, list[int]]) -> None:
    """Rows 61–66 of the special schools' pupils become 67–72 (zero without any)."""
    width = len(values["61"])
    for inclusive, own in zip(INCLUSIVE, SPECIAL, strict=True):
        moved = special.get(inclusive, [0] * width)
        values[own] = list(moved)
        values[inclusive] = [
            a - b for a, b in zip(values[inclusive], moved, strict=True)
        ]


def by_code(rows, cells=lambda r: list(r.cells)) -> dict[str, list[int]]:
    return {r.indicator: cells(r) for r in rows if r.indicator}


TITLES = {
    "schools": "I. Trường",
    "classes": "II. Lớp",
    "pupils": "III. Học sinh",
    "staff": "IV. Cán bộ quản lý, giáo viên, nhân viên",
    "rooms": "V. Phòng học",
}
WIDE = ("pupils", "staff", "rooms")


def tables(form: OfficialForm, values: dict[str, dict[str, list[int]]]) -> list[Table]:
    """The form's sections I–V with these counts ({section: {Mã số: cells}})."""
    heads = columns(form)
    return [
        Table(
            key,
            title,
            heads[key],
            layout(form, key, values.get(key, {})),
            wide=key in WIDE,
        )
        for key, title in TITLES.items()
    ]
