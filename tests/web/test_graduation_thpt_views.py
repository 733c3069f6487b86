"""THPT graduation as a school clerk and an officer use it: the exam results file
checked (unmatched rows listed), fixed and imported all-or-nothing; the pass list
with Đỗ/Trượt and the reason; the window and the other schools' data refused."""

from datetime import date
from decimal import Decimal
from io import BytesIO

import pytest
from openpyxl import load_workbook
from sqlalchemy import func, select

from smasweb import excel
from smasweb.extensions import db
from smasweb.models import ClassGroup, ReportPeriod
from smasweb.models.assessment import SubjectResult
from smasweb.models.graduation_thpt import ExamResult
from smasweb.models.students import Movement
from smasweb.services import years as school_years
from smasweb.services.graduation.exam_rows import COLUMNS
from smasweb.services.students.movements import rederive
from smasweb.services.students.rules import term_of
from smasweb.services.system import system_override
from tests.factories import make_student

SETUP = "test set-up of the graduation cohort"
HEADERS = [c.header for c in COLUMNS.values()]
PIDS = ("086208000001", "086208000002", "086208000003")


def _class(school, year, grade):
    school_years.ensure_year(year)
    cls = ClassGroup(school_id=school.id, year=year, grade=grade, name=f"{grade}A")
    db.session.add(cls)
    db.session.flush()
    return cls


def _averages(pupil, cls, average):
    for subject in ("toan", "ngu_van", "lich_su"):
        db.session.add(
            SubjectResult(
                school_id=cls.school_id, year=cls.year, student_id=pupil.id,
                class_id=cls.id, term="cn", subject_code=subject,
                average=Decimal(average),
            )
        )  # fmt: skip


@pytest.fixture
def cohort(world):
    """Three lớp 12 pupils of the THPT school with lớp 10–12 results (6.0 each
    year); the third has no lớp 10 results."""
    year = school_years.current_year()
    with system_override(SETUP):
        classes = {g: _class(world.thpt, year - 12 + g, f"{g}") for g in (10, 11, 12)}
        pupils = []
        for n, pid in enumerate(PIDS, 1):
            pupil = make_student(
                world.thpt, classes[12], personal_id=pid,
                full_name=f"Nguyễn Văn Thi{n}", birth_date=date(2008, 1, n),
            )  # fmt: skip
            for g, cls in classes.items():
                if not (n == 3 and g == 10):
                    _averages(pupil, cls, "6.0")
            pupils.append(pupil)
        db.session.commit()
    return pupils


def results_file(*rows) -> BytesIO:
    """A results file: rows of (registration no, personal ID, toán, văn, sử, địa)."""
    out = []
    for sbd, pid, *marks in rows:
        by_header = dict.fromkeys(HEADERS, None)
        by_header.update({"Số báo danh": sbd, "Số định danh cá nhân": pid})
        by_header["Họ và tên"] = "Thí sinh"
        for name, mark in zip(
            ("Toán", "Ngữ văn", "Lịch sử", "Địa lí"), marks, strict=True
        ):
            by_header[name] = mark
        out.append(list(by_header.values()))
    return BytesIO(excel.workbook("Ket qua thi", HEADERS, out))


GOOD = [
    ("86000101", PIDS[0], "4", "4", "4", "4"),  # ĐXTN (4 + 6) / 2 = 5.00: đỗ
    ("86000102", PIDS[1], "1", "9", "9", "9"),  # điểm liệt Toán
    ("86000103", PIDS[2], "8", "8", "8", "8"),  # no lớp 10 average
]


def post(client, rows, action):
    data = {"file": (results_file(*rows), "ket-qua.xlsx"), "action": action}
    return client.post("/graduation/thpt/import", data=data)


def stored() -> int:
    return db.session.scalar(select(func.count()).select_from(ExamResult))


def test_two_unmatched_rows_are_listed_then_fixed_on_the_second_try(
    world, cohort, login
):
    client = login(world.leader_thpt)
    wrong = [GOOD[0], (*GOOD[1][:1], "086208999999", *GOOD[1][2:]), (*GOOD[2][:1],
             "086208999998", *GOOD[2][2:])]  # fmt: skip
    checked = post(client, wrong, "check")
    page = checked.get_data(as_text=True)
    assert checked.status_code == 200
    assert "Dòng 3, cột Số định danh cá nhân: Không tìm thấy học sinh lớp 12" in page
    assert "Dòng 4, cột Số định danh cá nhân" in page and "086208999998" in page
    assert post(client, wrong, "save").status_code == 422  # all or nothing
    assert stored() == 0
    assert "3 dòng sẵn sàng nhập" in post(client, GOOD, "check").get_data(True)
    saved = post(client, GOOD, "save")
    assert saved.status_code == 303 and stored() == 3


def test_a_score_out_of_range_and_a_repeated_row_are_row_errors(world, cohort, login):
    client = login(world.leader_thpt)
    rows = [(*GOOD[0][:2], "10,5", "4", "4", "4"), GOOD[1], GOOD[1]]
    page = post(client, rows, "save")
    text = page.get_data(as_text=True)
    assert page.status_code == 422 and stored() == 0
    assert "Dòng 2, cột Toán: Điểm phải từ 0 đến 10." in text
    assert "Dòng 4, cột Số báo danh: Trùng với dòng 3 của tệp." in text


def test_the_pass_list_shows_each_verdict_and_a_reimport_replaces_it(
    world, cohort, login
):
    client = login(world.leader_thpt)
    post(client, GOOD, "save")
    page = client.get("/graduation/thpt").get_data(as_text=True)
    assert "3 thí sinh, 3 có kết quả thi, 1 đỗ tốt nghiệp." in page
    assert "5,00</td><td>Đỗ</td>" in page
    assert "Có điểm liệt (≤ 1,0): Toán (1,00)" in page
    assert "Thiếu điểm trung bình cả năm lớp 10" in page
    sheet = client.get("/graduation/thpt/export.xlsx")
    ws = load_workbook(BytesIO(sheet.data)).active
    verdicts = [r[-2] for r in ws.iter_rows(min_row=2, values_only=True)]
    assert sorted(verdicts) == ["Chưa xét", "Trượt", "Đỗ"]
    # the second file has one candidate: the school's rows of the year are replaced
    assert post(client, GOOD[:1], "save").status_code == 303
    assert stored() == 1


def test_officers_see_counts_per_school_and_other_schools_are_refused(
    world, cohort, login
):
    post(login(world.leader_thpt), GOOD, "save")
    page = login(world.admin).get("/graduation/thpt").get_data(as_text=True)
    assert "Trường THPT Trà Ôn" in page and "33,33" in page
    other = login(world.leader2)
    assert other.get(f"/graduation/thpt?school={world.thpt.id}").status_code == 404
    assert (
        other.get(f"/graduation/thpt/export.xlsx?school={world.thpt.id}").status_code
        == 404
    )


def test_an_import_outside_the_window_is_423_and_saves_nothing(world, cohort, login):
    period = db.session.scalar(
        select(ReportPeriod).where(ReportPeriod.kind == "graduation_thpt")
    )
    period.reopened_until = None  # December: the August window is not open
    db.session.commit()
    client = login(world.leader_thpt)
    assert post(client, GOOD, "check").status_code == 200  # the dry run reads
    assert post(client, GOOD, "save").status_code == 423
    assert stored() == 0


def test_pupils_the_year_end_recorded_as_graduated_are_still_candidates(
    world, cohort, login
):
    """The year-end promotion records lớp 12 as graduated (dated at the next
    year's start) before the exam's results arrive in July: they stay candidates;
    a pupil who dropped out during the year does not."""
    year = school_years.current_year()
    graduate, dropout, _ = cohort
    with system_override(SETUP):
        for pupil, kind, day in (
            (graduate, "graduated", date(year + 1, 8, 1)),
            (dropout, "dropout", date(year, 11, 2)),
        ):
            db.session.add(
                Movement(school_id=world.thpt.id, student_id=pupil.id, year=year,
                         kind=kind, on_date=day, term=term_of(day), reason="01")
            )  # fmt: skip
            db.session.flush()
            rederive(pupil)
        db.session.commit()
    assert graduate.active is False
    page = login(world.leader_thpt).get("/graduation/thpt").get_data(as_text=True)
    assert "2 thí sinh" in page
    assert "Nguyễn Văn Thi1" in page and "Nguyễn Văn Thi2" not in page
