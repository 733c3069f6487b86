"""Báo cáo sau khai giảng of preschool: form 01-MN-ĐN row for row.

Every row of the form, with its Mã số, label and unit, comes from the form's data
file (reports.forms); each section's module counts the rows it can from the records
as of the report's data date, and forms.layout prints the others blank (the CSV's
note says why: the app keeps no such data). Columns: columns.py (Tổng số, Công lập,
Tư thục, Dân lập). As in the other levels' reports, the schools, staff, rooms and
budget of a multi-level school count in the report of its highest level; its
groups, classes and children in this one.
"""

from smasweb.services.reports import forms, parallel, query_settings
from smasweb.services.reports.preschool import columns as cols
from smasweb.services.reports.preschool.pupils import health_values, pupils_values
from smasweb.services.reports.preschool.rooms import budget_values, rooms_values
from smasweb.services.reports.preschool.schools import (
    classes_values,
    school_types,
    schools_values,
)
from smasweb.services.reports.preschool.staff import staff_values
from smasweb.services.reports.scope import ReportScope
from smasweb.services.reports.tables import Table

LEVEL = "01"
TITLES = {
    "schools": "I. Trường",
    "classes": "II. Nhóm, lớp",
    "pupils": "III. Trẻ em",
    "staff": "IV. Cán bộ quản lý, giáo viên và nhân viên",
    "rooms": "V. Phòng học",
    "budget": "VI. Ngân sách nhà nước",
}
COLUMNS = {
    "schools": cols.SCHOOL_COLUMNS,
    "classes": cols.SCHOOL_COLUMNS,
    "pupils": cols.PUPIL_COLUMNS,
    "staff": cols.STAFF_COLUMNS,
    "rooms": cols.ROOM_COLUMNS,
    "budget": cols.BUDGET_COLUMNS,
}
WIDE = ("pupils", "staff", "rooms")


def tables(scope: ReportScope) -> list[Table]:
    """The six tables of the form for the scope, as of scope.day."""
    form = forms.for_level(LEVEL, scope.year)
    home, all_ids, year, day = (
        scope.home_school_ids,
        scope.school_ids,
        scope.year,
        scope.day,
    )
    types = school_types(home, year)  # nhà trẻ / mẫu giáo / mầm non, read once
    # the sections side by side in one snapshot (parallel.py); the children's
    # queries first, the longest
    values = parallel.run(
        {
            "pupils": lambda: pupils_values(all_ids, year, day),
            "health": lambda: health_values(all_ids, day),
            "classes": lambda: classes_values(all_ids, year, day),
            "staff": lambda: staff_values(home, types, year, day),
            "schools": lambda: schools_values(home, types, year, day),
            "rooms": lambda: rooms_values(home, types),
            "budget": lambda: budget_values(home, year),
        },
        # a province's 130,000 children group in memory, a query per core
        prepare=query_settings.for_side_by_side,
        schools=len(all_ids),
    )
    values["pupils"] |= values.pop("health")  # rows 107–116 of section III
    return [
        Table(key, TITLES[key], COLUMNS[key], forms.layout(form, key, v), key in WIDE)
        for key, v in ((k, values[k]) for k in TITLES)
    ]
