"""The gradebook as Excel: Toán 6A's template carries its pupils and saved marks; a
filled template imports through the grid's save and the grid shows the marks; one
bad cell, an unknown pupil, a missing column or another grid's file refuses the
whole file; empty cells keep the saved marks; access is the grid's."""

from io import BytesIO

import pytest
from openpyxl import load_workbook
from sqlalchemy import select

from smasweb import excel
from smasweb.extensions import db
from smasweb.models.assessment import Mark
from smasweb.services.calendar import rules as calendar_rules
from tests.factories import make_staff, make_student, make_user
from tests.web.test_gradebook_views import (
    NAMES,
    SETUP,
    TODAY,
    assign,
    at,
    make_class,
)

pytestmark = pytest.mark.real_calendar

XLSX = "/grades/{}/toan/1.xlsx"
IMPORT = "/grades/{}/toan/1/import"
GRID = "/grades/{}/toan/1"
HEADERS = ["STT", "Mã học sinh", "Họ và tên", "ĐĐGtx1", "ĐĐGtx2", "ĐĐGtx3"]
HEADERS += ["ĐĐGtx4", "ĐĐGgk", "ĐĐGck", "ĐTBmhk"]


@pytest.fixture
def school(world):
    """THCS Long Phước: 6A (three pupils) with Toán semester I taught by `gv`;
    6B with one pupil of its own."""
    with at(SETUP):
        calendar_rules.ensure_year(2026)
        s = world.s1b
        staff = make_staff(s, full_name="Đỗ Thị Ánh")
        world.gv = make_user("teacher", s, staff_id=staff.id)
        world.gv2 = make_user("teacher", s, staff_id=make_staff(s).id)
        world.bgh = make_user("school_leader", s)
        cls = make_class(s, "6A")
        cls.pupils = [make_student(s, cls, full_name=n) for n in NAMES]
        assign(cls, staff)
        world.cls = cls
        world.cls_b = make_class(s, "6B")
        world.other = make_student(s, world.cls_b, full_name="Phan Thị Diệu")
        db.session.commit()
    return world


def sheet(data: bytes):
    return load_workbook(BytesIO(data)).worksheets[0]


def rows_of(ws) -> list[list]:
    return [list(r) for r in ws.iter_rows(values_only=True)]


def pupil(school, name):
    return next(p for p in school.cls.pupils if p.full_name == name)


def saved() -> list[tuple]:
    marks = db.session.scalars(select(Mark).order_by(Mark.student_id, Mark.kind))
    return [(m.student_id, f"{m.kind}{m.position}", float(m.score)) for m in marks]


def filled(client, cls, values: dict) -> bytes:
    """The class's downloaded template with {(name, header): value} typed in."""
    wb = load_workbook(BytesIO(client.get(XLSX.format(cls.id)).data))
    ws = wb.worksheets[0]
    header = [c.value for c in ws[6]]
    for line in ws.iter_rows(min_row=7):
        for (name, col), value in values.items():
            if line[2].value == name:
                line[header.index(col)].value = value
    out = BytesIO()
    wb.save(out)
    return out.getvalue()


def post(client, cls, data: bytes, url=IMPORT):
    upload = {"file": (BytesIO(data), "so-diem.xlsx")}
    return client.post(url.format(cls.id), data=upload)


def test_the_template_has_the_class_its_pupils_and_saved_marks(school, login):
    an = pupil(school, "Lê Thị An")
    with at(TODAY):
        client = login(school.gv)
        client.post(
            GRID.format(school.cls.id),
            data={f"m{an.id}_{k}": "8,5" for k in ("tx1", "tx2", "tx3", "tx4")}
            | {f"m{an.id}_gk1": "7", f"m{an.id}_ck1": "9"},
        )
        resp = client.get(XLSX.format(school.cls.id))
        page = client.get(GRID.format(school.cls.id))
    assert resp.status_code == 200 and resp.mimetype == excel.XLSX_MIMETYPE
    assert XLSX.format(school.cls.id) in page.text  # the grid links to it
    ws = sheet(resp.data)
    rows = rows_of(ws)
    assert rows[0][0] == "Trường THCS Long Phước"
    assert "TOÁN – LỚP 6A – HỌC KỲ I" in rows[1][0]
    assert rows[5][: len(HEADERS)] == HEADERS
    pupils = [r[:10] for r in rows[6:]]
    assert [r[2] for r in pupils] == ["Lê Thị An", "Trần Văn Bảo", "Nguyễn Văn Cường"]
    # (4·8.5 + 2·7 + 3·9) / 9 = 75 / 9 = 8.3
    assert pupils[0] == [1, an.school_code, "Lê Thị An", 8.5, 8.5, 8.5, 8.5, 7, 9, 8.3]
    assert pupils[1][3:] == [None] * 7
    assert ws.cell(7, 4).number_format == "0.0"
    assert ws.protection.sheet and not ws.cell(7, 4).protection.locked
    assert ws.cell(7, 10).protection.locked  # ĐTBmhk: read only


def test_a_filled_template_imports_and_the_grid_shows_the_marks(school, login):
    cls = school.cls
    with at(TODAY):
        client = login(school.gv)
        values = {
            ("Lê Thị An", "ĐĐGtx1"): 8.5,
            ("Lê Thị An", "ĐĐGtx2"): "7,5",
            ("Lê Thị An", "ĐĐGtx3"): "9",
            ("Lê Thị An", "ĐĐGtx4"): 10,
            ("Lê Thị An", "ĐĐGgk"): 8,
            ("Lê Thị An", "ĐĐGck"): 9.5,
            ("Trần Văn Bảo", "ĐĐGtx1"): 6,
        }
        resp = post(client, cls, filled(client, cls, values))
        assert resp.status_code == 303
        page = client.get(resp.headers["Location"])
    assert "Đã nhập sổ điểm từ tệp: 7 ô thay đổi." in page.text
    assert 'value="7,5"' in page.text and 'value="9,5"' in page.text
    # (8.5 + 7.5 + 9 + 10 + 2·8 + 3·9.5) / 9 = 79.5 / 9 = 8.8
    assert '<td class="average">8,8</td>' in page.text
    assert len(saved()) == 7


def test_empty_cells_keep_the_saved_marks(school, login):
    cls, an = school.cls, pupil(school, "Lê Thị An")
    with at(TODAY):
        client = login(school.gv)
        client.post(GRID.format(cls.id), data={f"m{an.id}_gk1": "7"})
        blank = filled(client, cls, {("Lê Thị An", "ĐĐGgk"): None})
        resp = post(client, cls, filled(client, cls, {("Lê Thị An", "ĐĐGck"): 9}))
        again = post(client, cls, blank)
    assert resp.status_code == 303 and again.status_code == 303
    assert saved() == [(an.id, "ck1", 9.0), (an.id, "gk1", 7.0)]


def test_one_bad_cell_refuses_the_whole_file(school, login):
    cls = school.cls
    values = {("Lê Thị An", "ĐĐGtx1"): 8, ("Trần Văn Bảo", "ĐĐGtx2"): 11}
    with at(TODAY):
        client = login(school.gv)
        resp = post(client, cls, filled(client, cls, values))
    assert resp.status_code == 422
    # Bảo is the second pupil by given name: row 8 of the sheet
    assert "Dòng 8, cột ĐĐGtx2: Điểm phải từ 0 đến 10." in resp.text
    assert "chưa có điểm nào được lưu" in resp.text
    assert saved() == []


def test_a_file_of_another_classs_pupils_is_refused(school, login):
    rows = [[1, school.other.school_code, "Phan Thị Diệu", 8, 8, 8, 8, 8, 8]]
    data = excel.workbook("Nhap", HEADERS[:-1], rows)  # no title block: accepted
    with at(TODAY):
        resp = post(login(school.gv), school.cls, data)
    assert resp.status_code == 422
    code = school.other.school_code
    assert f"Dòng 2, cột Mã học sinh: Lớp 6A không có học sinh mã {code}." in resp.text
    assert saved() == []


def test_a_missing_column_or_another_grids_file_is_refused(school, login):
    cls = school.cls
    code = pupil(school, "Lê Thị An").school_code
    data = excel.workbook("Nhap", ["Mã học sinh", "ĐĐGtx1"], [[code, 8]])
    with at(SETUP):
        assign(cls, make_staff(school.s1b), code="ngu_van")
        db.session.commit()
    with at(TODAY):
        client = login(school.gv)
        missing = post(client, cls, data)
        wrong = filled(client, cls, {("Lê Thị An", "ĐĐGtx1"): 8})
        van = post(client, cls, wrong, url="/grades/{}/ngu_van/1/import")
    assert missing.status_code == 422
    assert "Tệp thiếu cột: ĐĐGtx2, ĐĐGtx3, ĐĐGtx4, ĐĐGgk, ĐĐGck." in missing.text
    assert van.status_code == 403  # gv teaches Toán only
    with at(TODAY):
        van = post(login(school.bgh), cls, wrong, "/grades/{}/ngu_van/1/import")
    assert van.status_code == 422
    assert "Tệp là sổ điểm môn học Toán" in van.text
    assert saved() == []


def test_access_is_the_grids(school, login):
    cls = school.cls
    with at(TODAY):
        data = filled(login(school.gv), cls, {("Lê Thị An", "ĐĐGtx1"): 8})
        colleague = login(school.gv2)
        refused = [colleague.get(XLSX.format(cls.id)), post(colleague, cls, data)]
        district = login(school.district)
        officer = district.get(XLSX.format(cls.id))
        officer_post = post(district, cls, data)
        other = login(school.district2).get(XLSX.format(cls.id))
        missing = login(school.gv).get("/grades/999999/toan/1.xlsx")
    assert [r.status_code for r in refused] == [403, 403]
    assert officer.status_code == 200 and officer_post.status_code == 403
    names = [r[2] for r in rows_of(sheet(officer.data))[6:]]
    assert names == ["Học sinh 1", "Học sinh 2", "Học sinh 3"]
    texts = {v for r in rows_of(sheet(officer.data)) for v in r}
    assert not texts & {*NAMES, *(p.school_code for p in cls.pupils)}
    assert other.status_code == 404 and missing.status_code == 404
    assert saved() == []
