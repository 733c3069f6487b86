"""The preschool report is form 01-MN-ĐN row for row, and its numbers equal a count
by hand.

Four preschool schools (mầm non công lập, nhà trẻ dân lập in the mountains, mẫu
giáo tư thục whose profile says mầm non, mẫu giáo dân lập) and a closed one, with
random children, health checks, supports, staff, rooms and budget and traps dated
around the data date (preschool_form_data.py). Every counted cell of every section
is re-derived here in plain Python from the raw values written, at school, district
and province level, following the mappings the preschool modules document.
"""

from collections import defaultdict
from datetime import date
from io import BytesIO

import pytest
from flask import render_template
from openpyxl import load_workbook

from smasweb.services.reports import after_opening, forms, workbook
from smasweb.services.reports.scope import reader, resolve
from smasweb.services.reports.tables import ReportData, sum_reports
from tests.services.preschool_form_data import (
    DAY,
    LIMITS,
    PROFILE_FLAGS,
    STUDY,
    YEAR,
    months,
    province,
)
from tests.unit.test_official_forms import FILES, ITEM, REFERENCE


def _group(ownership: str) -> int:
    return {"01": 1, "03": 3}.get(ownership, 2)


class Want:
    """Expected cells: Tổng số block then the ownership's block."""

    def __init__(self, width: int):
        self.width, self.cells = width, defaultdict(lambda: [0] * width * 4)

    def add(self, code, ownership: str, flags, n: int = 1) -> None:
        g = _group(ownership)
        for i, on in enumerate(flags):
            if on:
                self.cells[str(code)][i] += n
                self.cells[str(code)][g * self.width + i] += n


@pytest.fixture
def prov(app, monkeypatch):
    monkeypatch.setitem(app.config, "TODAY", DAY)  # the session's app: undone after
    return province()


def _kind(s) -> str:
    """03 nhà trẻ / 02 mẫu giáo / 01 mầm non: the profile's group, else the unit's."""
    return (s["profile"] or {}).get("level_group") or s["group"]


def _mountain(s) -> bool:
    return (s["profile"] or {}).get("region") in ("01", "04")


def _standard(s) -> str | None:
    """The national standard on DAY: the valid decision's, else (none on record)
    the profile's."""
    if not s["standards"]:
        return (s["profile"] or {}).get("standard_level")
    valid = [lv for lv, since, until in s["standards"] if since <= DAY < until]
    return {1: "02", 2: "03"}[max(valid)] if valid else None


def want_schools(schools) -> dict:
    w = Want(1)
    first = {"03": 2, "02": 15, "01": 33}
    for s in schools:
        k, p, o = first[_kind(s)], s["profile"] or {}, s["owner"]
        n = len(s["classes"])
        marks = [1, k]
        marks += (
            [k + 4, k + (6 if n >= 6 else 5)]
            if _mountain(s)
            else [k + 1, k + (3 if n >= 9 else 2)]
        )
        among = k + 7  # nhà trẻ: 9 = campuses, then the five flags
        if k != 2:
            marks += [among] if _standard(s) == "02" else []
            marks += [among + 1] if _standard(s) == "03" else []
            among += 2
        marks += [among] if s["campuses"] >= 5 else []
        flags = PROFILE_FLAGS if k != 2 else PROFILE_FLAGS[:5]
        marks += [among + 1 + i for i, f in enumerate(flags) if p.get(f)]
        for m in marks:
            w.add(m, o, (True,))
        w.add(54, o, (True,), s["campuses"])
    return w.cells


def _band(grade: str, birth: date) -> str:
    if grade == "16":
        m = months(birth, DAY)
        return "01" if m <= 12 else "02" if m <= 24 else "03"
    y = YEAR - birth.year
    return "04" if y <= 3 else "05" if y == 4 else "06"


def want_classes(schools) -> dict:
    w = Want(1)
    for s in schools:
        for c in s["classes"]:
            kids = [p for p, cl in s["children"] if cl is c and p["present"]]
            nt = c["grade"] == "16"
            base = 56 if nt else 69
            marks = [55, base]
            marks += (
                [base + (1 if nt else 2)] if c["session_pattern"] in ("4", "7") else []
            )
            marks += [base + (2 if nt else 3)] if c["semi_boarding"] else []
            disabled = sum(1 for p in kids if p["disability"])
            if disabled in (1, 2):
                marks.append(base + (2 if nt else 3) + disabled)
            marks += [70] if c["age_group"] == "06" else []
            if c["mixed"]:
                spans = {_band(c["grade"], p["birth_date"]) for p in kids}
                marks.append((67 if nt else 81) + (len(spans) >= 3))
            else:
                first = {"01": 61, "02": 63, "03": 65, "04": 75, "05": 77, "06": 79}
                big = len(kids) >= LIMITS[c["age_group"]]
                marks.append(first[c["age_group"]] + big)
            for m in marks:
                w.add(m, s["owner"], (True,))
    return w.cells


def _people(p) -> tuple:
    f, m = p["gender"] == "02", p["ethnicity"] not in ("01", "55")
    return (True, f, m, f and m)


def want_pupils(schools) -> dict:
    w = Want(4)
    for s in schools:
        o = s["owner"]
        for p, c in s["children"]:
            if not p["present"]:
                continue
            nt = c["grade"] == "16"
            base = 84 if nt else 90
            marks = [83, base, base + (2 if _mountain(s) else 1)]
            two = p["two_sessions"] or c["session_pattern"] in ("4", "7")
            marks += [base + 3] if two else []
            marks += [base + 4] if p["semi_boarding"] else []
            marks += [base + 5] if p["disability"] else []
            y, m = YEAR - p["birth_date"].year, months(p["birth_date"], DAY)
            if nt:
                marks.append(96)
                if m >= 3:
                    marks.append(97 + min((m - 1) // 12, 3))
            else:
                marks += [101, 102 + min(max(y - 2, 0), 4)]
            sup = {  # the codes whose grant holds on the data date
                c for c, a, b in p["grants"] if a <= DAY and (b is None or b >= DAY)
            }
            marks += [120] if "11" in (p["policy_categories"] or "").split(",") else []
            if not nt:
                marks += [
                    117 + i for i, code in enumerate(("01", "02", "03")) if code in sup
                ]
                if "04" in sup and y == 5:
                    marks.append(121)
                if "04" in sup and y in (3, 4):
                    marks.append(122)
            for m in marks:
                w.add(m, o, _people(p))
            checks = [
                h for h in p["checks"] if date(YEAR, 8, 1) <= h["checked_on"] <= DAY
            ]
            if not checks:
                continue
            h = max(checks, key=lambda h: h["checked_on"])
            ag = h["age_group"]
            nursery = ag in ("01", "02", "03") if ag else h["age_months"] < 36
            first = 107 if nursery else 112
            z = (h["waz"], h["haz"], h["whz"])
            found = [True, *(v is not None and v < -2 for v in z)]
            found.append(z[2] is not None and z[2] > 2)
            for i, on in enumerate(found):
                if on:
                    w.add(first + i, o, _people(p))
    return w.cells


QUAL_ROW = {
    "18": 0,
    "15": 0,
    "09": 0,
    "10": 0,
    "17": 1,
    "14": 1,
    "16": 2,
    "13": 2,
    "02": 3,
    "01": 4,
}


def want_staff(schools) -> dict:
    w = defaultdict(lambda: [0] * 19)
    for s in schools:
        g = _group(s["owner"])
        for v in s["staff"]:
            if not v["present"]:
                continue
            nursery = _kind(s) == "03" or v["nursery_class"]
            q = QUAL_ROW.get(v["qualification"], 5)
            if v["group"] == "01":
                marks = [123, 124 if _kind(s) == "03" else 139]
                head, deputy = (125, 132) if _kind(s) == "03" else (140, 147)
                if v["position"] == "01":
                    marks += [head, head + 1 + q]
                elif v["position"] == "02" and _kind(s) == "03":
                    marks += [deputy, deputy + 1 + q]
                elif v["position"] == "02":
                    marks += [deputy, 149 if _mountain(s) else 148, deputy + 3 + q]
            elif v["group"] == "02":
                base = 157 if _kind(s) == "03" else 162
                role = {"15": 1, "16": 1, "11": 2, "25": 2, "31": 3, "20": 3, "17": 4}
                marks = [156, base] + (
                    [base + role[v["position"]]] if v["position"] in role else []
                )
            else:
                base = 168 if nursery else 181
                marks = [167, base]
                if v["qualification"] in ("11", "06"):
                    marks.append(base + 6)
                elif q < 5:
                    marks.append(base + 1 + q)
                age = YEAR - v["birth_date"].year
                bands = ((20, 29), (30, 39), (40, 49), (50, 54), (55, 59), (60, 99))
                marks += [
                    base + 7 + i for i, (lo, hi) in enumerate(bands) if lo <= age <= hi
                ]
            f, m = v["gender"] == "02", v["ethnicity"] not in ("01", "55")
            people = [1, int(f), int(m), int(f and m)]
            if g == 1:
                kinds = [v["contract"] == "07", v["contract"] == "08"]
                kinds.append(not any(kinds))
                block = [1, *map(int, kinds), *people[1:]]
                cells = people + block + [0] * 8
            else:
                cells = (
                    people
                    + [0] * 7
                    + (people + [0] * 4 if g == 2 else [0] * 4 + people)
                )
            for mark in marks:
                for i, n in enumerate(cells):
                    w[str(mark)][i] += n
    return w


def want_rooms(schools) -> dict:
    w = Want(4)
    for s in schools:
        nt = _kind(s) == "03"
        for r in s["rooms"]:
            k = r["kind"]
            first = 194 if nt else 203
            if k == "classroom":
                marks = [first + r["borrowed"]]
            elif k in STUDY:
                part = {"gym": 3, "arts": 4, "music": 4}.get(k)
                part = 6 if k == "inclusive" and not nt else part
                marks = [first + 2] + ([first + part] if part else [])
            else:
                other = 200 if nt else 210
                marks = [other] + ([other + 2] if k == "medical" else [])
            parts = ("kien_co", "ban_kien_co", "tam")
            flags = (True, *(r["construction"] == c for c in parts))
            for m in marks:
                w.add(m, s["owner"], flags, r["quantity"])
    return w.cells


def want_budget(schools) -> dict:
    cells = [0, 0, 0]
    for s in schools:
        sums = [0, 0, 0]
        for b in s["budget"]:
            if b["category"] != "01":
                continue
            if b["year"] == YEAR:
                sums[1] += b["planned"]
                sums[2] += b["executed"]
            else:
                sums[0] += b["executed"]
        for i in range(3):
            cells[i] += round(sums[i] / 10**6)
    return {"15": cells, "16": list(cells)}


WANT = {
    "schools": want_schools,
    "classes": want_classes,
    "pupils": want_pupils,
    "staff": want_staff,
    "rooms": want_rooms,
    "budget": want_budget,
}


def _under(schools, key) -> list:
    return [s for s in schools if key in ("dept", s["parent"], s["key"])]


def _build(units, schools, key) -> ReportData:
    unit = units.get(key) or next(s["unit"] for s in schools if s["key"] == key)
    return after_opening.build(resolve(reader(), unit.id, "01", YEAR, None))


def _blank(form, section) -> set[str]:
    return {r.code for r in form.section(section) if r.note.startswith("Để trống")}


def _assert_recounted(data: ReportData, schools) -> None:
    form = forms.for_level("01", YEAR)
    assert data.data_date == DAY.isoformat()
    for table in data.tables:
        want = WANT[table.key](schools)
        assert forms.misprinted(form, table.key, table.rows) == []
        rows = [(r.indicator, r.label) for r in table.rows]
        assert rows == [(r.code, r.label) for r in form.section(table.key)]
        blank = set()
        for row in table.rows:
            if not row.indicator or not row.cells:
                blank.add(row.indicator)
                continue
            assert len(row.cells) == len(table.columns), (table.key, row.indicator)
            expected = list(want.get(row.indicator, [0] * len(row.cells)))
            assert row.cells == expected, (table.key, row.indicator)
        assert blank - {""} == _blank(form, table.key), table.key


def test_every_cell_equals_a_count_by_hand_at_every_level(prov):
    units, schools = prov
    for key in ("mn", "nt", "mg", "dl", "d1", "d2", "dept"):
        _assert_recounted(_build(units, schools, key), _under(schools, key))


def test_the_data_reaches_the_new_rows_and_the_dan_lap_column(prov):
    """Guard for the test itself: the random data fills the rows it is about."""
    units, schools = prov
    data = _build(units, schools, "dept")
    form = forms.for_level("01", YEAR)
    for table in data.tables:
        empty = {r.indicator for r in table.rows if r.cells and not r.cells[0]}
        allowed = {"budget": {str(c) for c in range(17, 72)}}.get(table.key, set())
        assert table.key == "schools" or empty <= allowed, (table.key, sorted(empty))
        if table.key != "budget":
            dan_lap = [r.cells[-1] for r in table.rows if r.cells]
            assert any(dan_lap), table.key
    assert form.ownerships[-1] == "Dân lập"
    pupils = data.table("pupils")
    assert [c[0] for c in pupils.columns[::4]] == list(
        ("Tổng số", "Công lập", "Tư thục", "Dân lập")
    )


def test_schools_sum_to_the_district_and_province_report(prov):
    units, schools = prov
    for key in ("d1", "d2", "dept"):
        whole = _build(units, schools, key)
        parts = [_build(units, schools, s["key"]) for s in _under(schools, key)]
        zero = ReportData.from_json(whole.to_json())
        for t in zero.tables:
            for r in t.rows:
                r.cells = [0] * len(r.cells)
        summed = sum_reports(parts, zero)
        assert summed.checksum() == whole.checksum(), key


def test_excel_prints_uncounted_rows_blank_and_counted_rows_as_numbers(prov):
    units, schools = prov
    data = _build(units, schools, "d1")
    wb = load_workbook(BytesIO(workbook.excel(data)), read_only=True)
    *sheets, notes = wb.worksheets  # the last sheet lists the form's notes
    assert notes.title == "Ghi chú"
    for ws, table in zip(sheets, data.tables, strict=True):
        lines = {
            r[3]: list(r[4:])
            for r in ws.iter_rows(min_row=5, values_only=True)
            if r[3] is not None
        }
        for row in table.rows:
            if not row.indicator:
                continue
            printed = [v for v in lines[row.indicator] if v is not None]
            assert printed == row.cells, (table.key, row.indicator)
    schools_sheet = wb.worksheets[0]
    independent = next(
        r for r in schools_sheet.iter_rows(min_row=5, values_only=True) if r[3] == "51"
    )
    assert all(v is None for v in independent[4:])


def test_the_printed_rows_are_the_ministrys_workbook(prov):
    """Mã số and labels as in the Ministry's own 01-MN-ĐN workbook (where present)."""
    source = REFERENCE / FILES["01"]
    if not source.exists():
        pytest.skip(f"the Ministry's workbooks are not on this machine ({source})")
    expected, sheet = [], ""
    for line in source.read_text(encoding="utf-8").splitlines():
        sheet = line if line.startswith("=== SHEET") else sheet
        m = ITEM.match(line.strip())
        if m and "Ngân sách" not in sheet:
            expected.append((m["code"], forms._plain(m["label"].lstrip("-+ "))))
    units, schools = prov
    data = _build(units, schools, "mn")
    got = [
        (r.indicator, forms._plain(r.label))
        for t in data.tables
        if t.key != "budget"
        for r in t.rows
        if r.indicator
    ]
    assert got == expected


def test_the_preview_prints_uncounted_rows_blank_under_every_column(prov, app):
    units, schools = prov
    table = _build(units, schools, "mn").table("rooms")
    with app.test_request_context():
        html = render_template("reports/_table.html", table=table)
    body = html.split("<tbody>")[1]
    lines = [line for line in body.splitlines() if line.startswith("<tr><td>")]
    kitchen = next(line for line in lines if "<td>201</td>" in line)
    classrooms = next(line for line in lines if "<td>203</td>" in line)
    cells = len(table.columns)
    assert kitchen.endswith(f'<td colspan="{cells}"></td></tr>')  # one blank span
    assert classrooms.count("<td>") == 3 + cells and "<td></td></tr>" not in classrooms
