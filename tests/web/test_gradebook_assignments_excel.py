"""Phân công giảng dạy in Excel: the leader downloads the school's template (a row
per class and subject, today's teachers, the electives ticked), changes a teacher
and imports it back: the class form shows the new teacher and the gradebook
follows. A bad row is listed with its row and column and nothing is saved; a
teacher and an officer are refused; another school's leader only reaches its own
classes."""

from datetime import datetime
from io import BytesIO

import pytest
import time_machine
from openpyxl import load_workbook
from sqlalchemy import select

from smasweb import clock, excel
from smasweb.extensions import db
from smasweb.models import AuditEntry, ClassGroup
from smasweb.models.assessment import ClassSubject, TeachingAssignment
from smasweb.services import years as school_years
from smasweb.services.assessment import curriculum
from smasweb.services.assessment.teaching_rows import COLUMNS
from smasweb.services.calendar import rules as calendar_rules
from tests.factories import make_staff, make_user

XLSX = "/grades/assignments.xlsx"
IMPORT = "/grades/assignments/import"


def add_class(school, name: str, grade: str) -> ClassGroup:
    cls = ClassGroup(
        school_id=school.id, year=school_years.current_year(), grade=grade, name=name
    )
    db.session.add(cls)
    db.session.flush()
    return cls


@pytest.fixture
def thpt(world):
    """THPT Trà Ôn: 10A1 (Vật lí and Hóa học chosen; Toán taught by Toán in
    semester I) and 11A1; two teachers named Nguyễn Thị Hoa, a retired one, and a
    teacher of THCS Long Phước."""
    school = world.thpt
    world.a1 = add_class(school, "10A1", "10")
    world.b1 = add_class(school, "11A1", "11")
    world.toan = make_staff(school, full_name="Phan Văn Toán")
    world.van = make_staff(school, full_name="Lê Thị Văn")
    world.hoa1 = make_staff(school, full_name="Nguyễn Thị Hoa")
    world.hoa2 = make_staff(school, full_name="Nguyễn Thị Hoa")
    world.retired = make_staff(school, full_name="Trần Văn Hưu", status="03")
    world.elsewhere = make_staff(world.s1b, full_name="Võ Văn Khác")
    world.gv_toan = make_user("teacher", school, staff_id=world.toan.id)
    world.gv_van = make_user("teacher", school, staff_id=world.van.id)
    for code in ("vat_li", "hoa_hoc"):
        db.session.add(
            ClassSubject(
                school_id=school.id,
                class_id=world.a1.id,
                subject_code=code,
                kind="elective",
            )
        )
    db.session.add(
        TeachingAssignment(
            school_id=school.id,
            year=world.a1.year,
            class_id=world.a1.id,
            subject_code="toan",
            semester=1,
            staff_id=world.toan.id,
        )
    )
    db.session.commit()
    return world


def table(data: bytes, sheet: int = 0) -> list[list]:
    """A sheet's rows, empty cells as ""."""
    ws = load_workbook(BytesIO(data)).worksheets[sheet]
    return [[v or "" for v in r] for r in ws.iter_rows(values_only=True)]


def saved() -> list[tuple]:
    stmt = select(TeachingAssignment).order_by(
        TeachingAssignment.class_id,
        TeachingAssignment.subject_code,
        TeachingAssignment.semester,
    )
    return [
        (r.class_id, r.subject_code, r.semester, r.staff_id)
        for r in db.session.scalars(stmt)
    ]


def upload(client, data: bytes):
    return client.post(IMPORT, data={"file": (BytesIO(data), "phan-cong.xlsx")})


def sheet_of(lines: list[list]) -> bytes:
    return excel.workbook("Phân công", COLUMNS, lines)


def test_the_template_has_a_row_per_class_and_subject_with_todays_teachers(thpt, login):
    resp = login(thpt.leader_thpt).get(XLSX)
    year = school_years.current_year()
    assert resp.status_code == 200
    assert resp.mimetype == excel.XLSX_MIMETYPE
    name = f"phan-cong-giang-day-{year}-{year + 1}.xlsx"
    assert resp.headers["Content-Disposition"].startswith(
        f'attachment; filename="{name}"'
    )
    lines = table(resp.data)
    assert lines[0] == COLUMNS
    tenth = [r for r in lines[1:] if r[0] == "10A1"]
    eleventh = [r for r in lines[1:] if r[0] == "11A1"]
    assert len(lines) == 1 + len(tenth) + len(eleventh)
    assert [r[2] for r in tenth] == [s.code for s in curriculum.subjects("10")]
    assert len(tenth) == 17 and len(eleventh) == len(curriculum.subjects("11"))
    by_code = {r[2]: r for r in tenth}
    assert by_code["toan"] == ["10A1", "10", "toan", "Toán", thpt.toan.code, "", ""]
    assert by_code["vat_li"][6] == "x" and by_code["hoa_hoc"][6] == "x"
    assert by_code["tin_hoc"][6] == "" and by_code["ngu_van"][4:] == ["", "", ""]
    teachers = table(resp.data, 1)
    assert teachers[0] == ["Mã CB", "Họ và tên"]
    listed = {code for code, _ in teachers[1:]}
    assert {thpt.toan.code, thpt.van.code, thpt.hoa1.code} <= listed
    assert thpt.retired.code not in listed and thpt.elsewhere.code not in listed
    notes = " ".join(r[0] for r in table(resp.data, 2))
    assert "Mã CB" in notes and "họ và tên" in notes


def test_the_assignments_page_links_the_template_and_the_import(thpt, login):
    page = login(thpt.leader_thpt).get("/grades/assignments")
    assert f'href="{XLSX}"' in page.text and f'href="{IMPORT}"' in page.text


def test_a_changed_teacher_round_trips_and_the_gradebook_follows(thpt, login):
    client = login(thpt.leader_thpt)
    wb = load_workbook(BytesIO(client.get(XLSX).data))
    ws = wb.worksheets[0]
    for line in ws.iter_rows(min_row=2):
        if line[0].value == "10A1" and line[2].value == "toan":
            line[4].value = "Lê Thị Văn"  # by name: the only teacher so named
            line[5].value = f"Phan Văn Toán ({thpt.toan.code})"  # as the form shows
    out = BytesIO()
    wb.save(out)
    form = client.get(IMPORT)
    assert form.status_code == 200 and 'type="file"' in form.text
    resp = upload(client, out.getvalue())
    assert resp.status_code == 303
    assert resp.headers["Location"].endswith("/grades/assignments")
    listing = client.get(resp.headers["Location"])
    assert "Đã nhập phân công giảng dạy từ tệp: 2 lớp, 2 phân công thay đổi." in (
        listing.text
    )
    a1 = thpt.a1.id
    assert saved() == [(a1, "toan", 1, thpt.van.id), (a1, "toan", 2, thpt.toan.id)]
    assert {c.subject_code for c in db.session.scalars(select(ClassSubject))} == {
        "vat_li",
        "hoa_hoc",
    }
    page = client.get(f"/grades/assignments/{a1}").text
    van = f'<option value="{thpt.van.id}" selected>'
    toan = f'<option value="{thpt.toan.id}" selected>'
    assert page.count("selected") == 2
    assert van in page.split('id="t_toan_1"')[1].split("</select>")[0]
    assert toan in page.split('id="t_toan_2"')[1].split("</select>")[0]
    index = login(thpt.gv_van).get("/grades/").text
    assert f"/grades/{a1}/toan/1" in index and f"/grades/{a1}/toan/2" not in index
    assert login(thpt.gv_van).get(f"/grades/{a1}/toan/1").status_code == 200
    assert login(thpt.gv_toan).get(f"/grades/{a1}/toan/1").status_code == 403
    audited = db.session.scalars(
        select(AuditEntry.action).where(
            AuditEntry.table_name == "teaching_assignments",
            AuditEntry.user_id == thpt.leader_thpt.id,
        )
    ).all()
    assert sorted(audited) == ["insert", "update"]


def test_an_untouched_template_imports_when_a_teacher_has_since_left(thpt, login):
    """A teacher who stopped working comes blank, so the clerk's file is not
    refused for a cell they never touched; that assignment is dropped, as the
    class form drops it on save."""
    db.session.add(
        TeachingAssignment(
            school_id=thpt.thpt.id,
            year=thpt.a1.year,
            class_id=thpt.a1.id,
            subject_code="toan",
            semester=2,
            staff_id=thpt.retired.id,
        )
    )
    db.session.commit()
    client = login(thpt.leader_thpt)
    lines = table(client.get(XLSX).data)
    toan = next(r for r in lines if r[0] == "10A1" and r[2] == "toan")
    assert toan[4:6] == [thpt.toan.code, ""]
    resp = upload(client, sheet_of(lines[1:]))
    assert resp.status_code == 303
    assert saved() == [(thpt.a1.id, "toan", 1, thpt.toan.id)]


def test_an_elective_is_chosen_by_its_tick_and_a_class_left_out_is_kept(thpt, login):
    a1, b1 = thpt.a1.id, thpt.b1.id
    lines = [
        ["11A1", "11", "tin_hoc", "Tin học", thpt.van.code, thpt.van.code, "x"],
        ["11A1", "11", "vat_li", "Vật lí", "", "", ""],
    ]
    resp = upload(login(thpt.leader_thpt), sheet_of(lines))
    assert resp.status_code == 303
    assert saved() == [
        (a1, "toan", 1, thpt.toan.id),
        (b1, "tin_hoc", 1, thpt.van.id),
        (b1, "tin_hoc", 2, thpt.van.id),
    ]
    chosen = db.session.execute(
        select(ClassSubject.class_id, ClassSubject.subject_code)
    )
    assert sorted(chosen) == [(a1, "hoa_hoc"), (a1, "vat_li"), (b1, "tin_hoc")]


def test_every_bad_cell_is_listed_by_row_and_column_and_nothing_is_saved(thpt, login):
    year = school_years.current_year()
    t, v = thpt.toan.code, thpt.van.code
    lines = [
        ["10A1", "10", "ngu_van", "Ngữ văn", v, v, ""],  # 2: a good row
        ["12Z", "12", "toan", "Toán", t, "", ""],  # 3
        ["10A1", "10", "bogus", "", t, "", ""],  # 4
        ["10A1", "10", "tieng_viet", "Tiếng Việt", t, "", ""],  # 5
        ["10A1", "10", "lich_su", "Lịch sử", "GV9999", thpt.elsewhere.code, ""],  # 6
        ["10A1", "10", "gdtc", "", "Nguyễn Thị Hoa", thpt.retired.code, ""],  # 7
        ["10A1", "10", "ngu_van", "Ngữ văn", t, "", ""],  # 8: row 2 again
        ["10A1", "10", "tin_hoc", "Tin học", t, "", ""],  # 9: not chosen
        ["10A1", "10", "dia_li", "Địa lí", "", "", "có lẽ"],  # 10
        ["", "", "toan", "Toán", t, "", ""],  # 11
        ["11A1", "11", "vat_li", "", "", "", "x"],  # 12
        ["11A1", "11", "hoa_hoc", "", "", "", "X"],
        ["11A1", "11", "sinh_hoc", "", "", "", "x"],
        ["11A1", "11", "tin_hoc", "", "", "", "x"],
        ["11A1", "11", "dia_li", "", "", "", "x"],
    ]
    before = saved()
    resp = upload(login(thpt.leader_thpt), sheet_of(lines))
    assert resp.status_code == 422
    text = resp.text
    assert "chưa có phân công nào được lưu" in text
    expected = [
        "Dòng 3, cột Lớp: Trường không có lớp 12Z (tiểu học, trung học) trong "
        f"năm học {year}-{year + 1}.",
        "Dòng 4, cột Mã môn: Không có môn học mã bogus.",
        "Dòng 5, cột Mã môn: Lớp 10A1 (khối 10) không học môn mã tieng_viet.",
        "Dòng 6, cột GV học kỳ I: Trường không có giáo viên mã hoặc tên GV9999.",
        f"Dòng 6, cột GV học kỳ II: Cán bộ mã {thpt.elsewhere.code} không thuộc "
        "trường.",
        "Dòng 7, cột GV học kỳ I: Có 2 giáo viên tên Nguyễn Thị Hoa: hãy ghi mã CB.",
        f"Dòng 7, cột GV học kỳ II: {thpt.retired.code} không phải giáo viên đang "
        "làm việc tại trường.",
        "Dòng 8, cột Mã môn: Lớp 10A1, môn Ngữ văn đã có ở dòng 2.",
        "Dòng 9, cột GV học kỳ I: Lớp 10A1 chưa chọn môn Tin học: ghi x ở cột Môn "
        "lựa chọn hoặc để trống ô này.",
        "Dòng 10, cột Môn lựa chọn: Ghi x nếu lớp học môn lựa chọn này, để trống "
        "nếu không.",
        "Dòng 11, cột Lớp: Thiếu tên lớp.",
        "Dòng 12, cột Môn lựa chọn: Lớp 11A1 chọn 5 môn lựa chọn: mỗi lớp chọn tối "
        "đa 4 môn.",
    ]
    for message in expected:
        assert f"<li>{message}</li>" in text, message
    assert text.count("<li>Dòng") == len(expected)
    assert text.index(expected[0]) < text.index(expected[-1])  # in the sheet's order
    assert saved() == before
    assert len(db.session.scalars(select(ClassSubject)).all()) == 2


def test_one_bad_row_of_another_class_saves_nothing(thpt, login):
    v = thpt.van.code
    lines = [
        ["10A1", "10", "toan", "Toán", v, v, ""],
        ["11A1", "11", "toan", "Toán", "Không Ai", "", ""],
    ]
    before = saved()
    resp = upload(login(thpt.leader_thpt), sheet_of(lines))
    assert resp.status_code == 422
    assert (
        "Dòng 3, cột GV học kỳ I: Trường không có giáo viên mã hoặc tên Không Ai."
        in (resp.text)
    )
    assert saved() == before


def test_a_file_without_the_columns_or_rows_or_not_excel_is_refused(thpt, login):
    client = login(thpt.leader_thpt)
    missing = client.post(
        IMPORT,
        data={"file": (BytesIO(excel.workbook("x", ["Lớp"], [["10A1"]])), "a.xlsx")},
    )
    empty = upload(client, sheet_of([]))
    junk = upload(client, b"not a workbook")
    nothing = client.post(IMPORT, data={})
    assert [r.status_code for r in (missing, empty, junk, nothing)] == [422] * 4
    assert "Tệp thiếu cột: Mã môn, GV học kỳ I, GV học kỳ II." in missing.text
    assert "Tệp không có dòng phân công nào." in empty.text
    assert "Tệp không phải bảng tính Excel (.xlsx) hợp lệ." in junk.text
    assert "Hãy chọn tệp Excel (.xlsx) để nhập." in nothing.text


def test_a_teacher_and_an_officer_are_refused(thpt, login):
    data = sheet_of([["10A1", "10", "toan", "Toán", thpt.van.code, "", ""]])
    teacher = login(thpt.gv_toan)
    assert teacher.get(XLSX).status_code == 403
    assert teacher.get(IMPORT).status_code == 403
    assert upload(teacher, data).status_code == 403
    officer = login(thpt.district)
    assert officer.get(XLSX).status_code == 404
    assert upload(officer, data).status_code == 404
    assert saved() == [(thpt.a1.id, "toan", 1, thpt.toan.id)]


def test_another_schools_leader_reaches_only_its_own_classes(thpt, login):
    own = add_class(thpt.s1b, "10A1", "06")  # a class of its own, same name
    db.session.commit()
    client = login(make_user("school_leader", thpt.s1b))
    db.session.commit()
    lines = table(client.get(XLSX).data)
    assert [r[0] for r in lines[1:]] == ["10A1"] * len(curriculum.subjects("06"))
    data = sheet_of(
        [
            ["10A1", "10", "vat_li", "Vật lí", thpt.van.code, "", "x"],
            ["10A1", "10", "toan", "Toán", thpt.van.code, "", ""],
        ]
    )
    resp = upload(client, data)
    assert resp.status_code == 422
    assert "Dòng 2, cột Mã môn: Lớp 10A1 (khối 6) không học môn mã vat_li." in (
        resp.text
    )
    assert f"Dòng 3, cột GV học kỳ I: Cán bộ mã {thpt.van.code} không thuộc" in (
        resp.text
    )
    assert saved() == [(thpt.a1.id, "toan", 1, thpt.toan.id)]
    assert own.id != thpt.a1.id


OPEN = datetime(2026, 9, 3, 9, tzinfo=clock.VN_TZ)  # the classes' window (1–6/9)
CLOSED = datetime(2026, 10, 14, 8, tzinfo=clock.VN_TZ)


@pytest.mark.real_calendar
def test_outside_the_classes_window_the_import_is_423_and_saves_nothing(world, login):
    with time_machine.travel(OPEN, tick=False):
        calendar_rules.ensure_year(2026)
        cls = add_class(world.thpt, "10A1", "10")
        van = make_staff(world.thpt, full_name="Lê Thị Văn")
        db.session.commit()
    data = sheet_of([["10A1", "10", "toan", "Toán", van.code, "", ""]])
    with time_machine.travel(CLOSED, tick=False):
        client = login(world.leader_thpt)
        page = client.get(IMPORT)
        refused = upload(client, data)
    assert page.status_code == 200
    assert '<button type="submit" disabled>' in page.text
    assert refused.status_code == 423
    assert "Không lưu được «Lớp học» của Trường THPT Trà Ôn" in refused.text
    assert saved() == []
    with time_machine.travel(OPEN, tick=False):
        assert upload(login(world.leader_thpt), data).status_code == 303
    assert saved() == [(cls.id, "toan", 1, van.id)]
