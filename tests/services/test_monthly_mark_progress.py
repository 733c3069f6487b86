"""Báo cáo tháng, V–VI Tiến độ nhập điểm: the regular assessments (ĐĐGtx) entered
by the data date against those TT 22/2021 requires, per subject and per school,
counted by hand from the marks written here."""

import subprocess
from datetime import date
from io import BytesIO

import pytest
from openpyxl import load_workbook
from sqlalchemy import select

from smasweb.extensions import db
from smasweb.models import ReportPeriod
from smasweb.models.assessment import ClassSubject, Mark
from smasweb.models.schools import ClassGroup
from smasweb.models.students import Movement
from smasweb.services import years as school_years
from smasweb.services.calendar import rules as calendar_rules
from smasweb.services.calendar import windows as calendar
from smasweb.services.reports import get, monthly, official, pdf, workbook
from smasweb.services.reports.scope import reader, resolve
from smasweb.services.system import system_override
from tests.factories import make_student, make_unit

Y = school_years.current_year()
# lớp 6 (TT 22 Điều 6): Ngữ văn, Toán, Ngoại ngữ 1, LS và ĐL, KHTN 4 ĐĐGtx each
# (over 70 periods); the seven others 2 each (35 periods, or comment-only)
SIXTH = 5 * 4 + 7 * 2
# lớp 10: Văn, Toán, Ngoại ngữ 4 each, Lịch sử 3, GDQP-AN, GDTC, HĐTN-HN, GDĐP 2
TENTH = 3 * 4 + 3 + 4 * 2


@pytest.fixture
def pinned(app, monkeypatch):
    monkeypatch.setitem(app.config, "TODAY", date(Y, 11, 30))
    calendar_rules.ensure_year(Y)


def period(month: int) -> ReportPeriod:
    return db.session.scalars(
        select(ReportPeriod).filter_by(year=Y, kind="monthly", month=month)
    ).one()


def klass(school, grade: str) -> ClassGroup:
    cls = ClassGroup(school_id=school.id, year=Y, grade=grade, name=grade + "A")
    db.session.add(cls)
    db.session.flush()
    return cls


def marks(pupil, cls, code: str, *days: date, kind="tx", semester=1) -> None:
    for position, day in enumerate(days, 1):
        db.session.add(
            Mark(
                school_id=cls.school_id,
                year=Y,
                student_id=pupil.id,
                class_id=cls.id,
                subject_code=code,
                semester=semester,
                kind=kind,
                position=position,
                score=8,
                day=day,
            )
        )


def move(pupil, kind: str, day: date) -> None:
    db.session.add(
        Movement(
            school_id=pupil.school_id,
            student_id=pupil.id,
            year=Y,
            kind=kind,
            on_date=day,
            term="1",
        )
    )


@pytest.fixture
def thcs(world, pinned):
    """s1b (Long Hồ): two pupils of lớp 6 with marks, one who left before the data
    date (15/11) and one arriving after it; another THCS in Trà Ôn with one."""
    world.t2 = make_unit(
        "school", world.d2, name="Trường THCS Trà Côn", level_group="07"
    )
    c6, c6b = klass(world.s1b, "06"), klass(world.t2, "06")
    with system_override("test: a term of marks"):
        ann, binh = make_student(world.s1b, c6), make_student(world.s1b, c6)
        gone = make_student(world.s1b, c6, active=False)
        move(gone, "transfer_out", date(Y, 11, 1))
        later = make_student(world.s1b, c6)
        move(later, "transfer_in", date(Y, 11, 20))
        marks(ann, c6, "toan", date(Y, 10, 10), date(Y, 11, 1), date(Y, 11, 20))
        marks(ann, c6, "toan", date(Y, 11, 1), kind="gk")
        marks(binh, c6, "ngu_van", date(Y, 11, 5))
        marks(gone, c6, "toan", date(Y, 10, 10))
        marks(later, c6, "toan", date(Y, 11, 21))
        world.other, world.c6b = make_student(world.t2, c6b), c6b
        marks(world.other, c6b, "toan", date(Y, 9, 20), date(Y, 10, 20))
        db.session.flush()
    db.session.commit()
    return world


def build(unit, level="03", month=11):
    return monthly.build(resolve(reader(), unit.id, level, Y, period(month)))


def row(data, table: str, label: str) -> list:
    return next(r.cells for r in data.table(table).rows if r.label == label)


def test_a_school_counts_its_pupils_marks_up_to_the_data_date(thcs):
    data = build(thcs.s1b)
    subjects = data.table("mark_progress")
    assert subjects.title.startswith("V. Tiến độ nhập điểm")
    assert "học kỳ I" in subjects.title
    # ann's two ĐĐGtx by 15/11 (not the one of 20/11 nor her mid-term), binh's
    # one; not the pupil gone on 01/11, nor the one arriving on 20/11
    assert row(data, "mark_progress", "Toán") == [2, 2 * 4, 25.0]
    assert row(data, "mark_progress", "Ngữ văn") == [1, 2 * 4, 12.5]
    assert row(data, "mark_progress", "Tin học") == [0, 2 * 2, 0.0]
    assert row(data, "mark_progress", "Tổng số") == [3, 2 * SIXTH, 4.41]
    assert [r.label for r in data.table("mark_progress_schools").rows] == [
        "Trường THCS Long Phước"
    ]


def test_a_district_is_the_sum_of_its_schools_behind_first(thcs):
    parts = [build(thcs.s1b), build(thcs.t2)]
    province = build(thcs.dept)
    for label in ("Tổng số", "Toán", "Ngữ văn"):
        cells = [row(p, "mark_progress", label)[:2] for p in parts]
        assert row(province, "mark_progress", label)[:2] == [
            sum(c[0] for c in cells),
            sum(c[1] for c in cells),
        ]
    assert row(province, "mark_progress", "Tổng số") == [5, 3 * SIXTH, 4.9]
    # by school, the lowest share first: Long Phước 3/68, Trà Côn 2/34
    schools = province.table("mark_progress_schools").rows
    assert [(r.indicator, r.label, r.cells) for r in schools] == [
        ("86857002", "Trường THCS Long Phước", [3, 2 * SIXTH, 4.41]),
        (thcs.t2.code, "Trường THCS Trà Côn", [2, SIXTH, 5.88]),
    ]
    assert (
        build(thcs.d1).table("mark_progress_schools").rows
        == parts[0].table("mark_progress_schools").rows
    )


def test_the_frozen_district_report_lists_each_school_from_its_snapshot(thcs):
    november = period(11)
    calendar.lock(november)
    official.freeze_at_lock(november)
    db.session.commit()
    scope = resolve(reader(), thcs.dept.id, "03", Y, november)
    printed = official.current(get("monthly"), scope)
    assert printed.official
    rows = printed.data.table("mark_progress_schools").rows
    assert [(r.label, r.cells) for r in rows] == [
        ("Trường THCS Long Phước", [3, 2 * SIXTH, 4.41]),
        ("Trường THCS Trà Côn", [2, SIXTH, 5.88]),
    ]
    assert row(printed.data, "mark_progress", "Tổng số") == [5, 3 * SIXTH, 4.9]


def test_semester_ii_counts_only_its_own_marks(thcs, app, monkeypatch):
    monkeypatch.setitem(app.config, "TODAY", date(Y + 1, 2, 20))
    with system_override("test: semester II marks"):
        marks(thcs.other, thcs.c6b, "khtn", date(Y + 1, 1, 10), semester=2)
        db.session.flush()
    db.session.commit()
    data = build(thcs.t2, month=2)
    assert "học kỳ II" in data.table("mark_progress").title
    assert row(data, "mark_progress", "Tổng số") == [1, SIXTH, 2.94]
    assert row(data, "mark_progress", "Toán") == [0, 4, 0.0]


def test_upper_secondary_counts_only_the_electives_a_class_chose(world, pinned):
    cls = klass(world.thpt, "10")
    with system_override("test: electives and marks"):
        for code, kind in (("vat_li", "elective"), ("am_nhac", "elective")):
            db.session.add(
                ClassSubject(
                    school_id=world.thpt.id,
                    class_id=cls.id,
                    subject_code=code,
                    kind=kind,
                )
            )
        pupil = make_student(world.thpt, cls)
        marks(pupil, cls, "vat_li", date(Y, 10, 1), date(Y, 10, 2))
        db.session.flush()
    db.session.commit()
    data = build(world.thpt, "04")
    # Vật lí 70 periods: 3 ĐĐGtx; Âm nhạc (comment-only): 2; Hóa học not chosen
    assert row(data, "mark_progress", "Vật lí") == [2, 3, 66.67]
    assert row(data, "mark_progress", "Âm nhạc") == [0, 2, 0.0]
    assert row(data, "mark_progress", "Hóa học") == [0, 0, 0.0]
    assert row(data, "mark_progress", "Tổng số") == [2, TENTH + 3 + 2, 7.14]


def test_continuing_education_follows_the_upper_secondary_rows(world, pinned):
    centre = make_unit("school", world.d1, name="Trung tâm GDNN-GDTX", level_group="13")
    cls = klass(centre, "13")  # lớp 10 GDTX
    make_student(centre, cls)
    db.session.commit()
    data = build(centre, "05")
    assert row(data, "mark_progress", "Tổng số") == [0, TENTH, 0.0]
    assert row(data, "mark_progress_schools", "Trung tâm GDNN-GDTX")[1] == TENTH


def test_primary_has_no_mark_progress(world, pinned):
    data = build(world.s1, "02")
    assert {t.key for t in data.tables} == {
        "pupils",
        "grade_moves",
        "moves",
        "attendance",
    }


def test_excel_and_pdf_print_the_sections(thcs, tmp_path):
    data = build(thcs.d1)
    wb = load_workbook(BytesIO(workbook.excel(data)), read_only=True)
    assert {"V", "VI"} <= set(wb.sheetnames)
    toan = next(r for r in wb["V"].iter_rows(values_only=True) if "Toán" in str(r[1]))
    assert toan[4:7] == (2, 8, 25)
    school = next(r for r in wb["VI"].iter_rows(values_only=True) if r[3] == "86857002")
    assert school[4:7] == (3, 2 * SIXTH, 4.41)
    signer = pdf.Signer(
        "UBND HUYỆN LONG HỒ", "PHÒNG GIÁO DỤC VÀ ĐÀO TẠO", "TRƯỞNG PHÒNG"
    )
    out = tmp_path / "monthly.pdf"
    out.write_bytes(
        pdf.render_pdf(
            data, signer=signer, draft=True, number="…/BC", issued_on=date(Y, 11, 16)
        )
    )
    text = subprocess.run(
        ["pdftotext", "-raw", str(out), "-"], capture_output=True, check=True, text=True
    ).stdout
    assert "Tiến độ nhập điểm theo trường" in text
    assert "Trường THCS Long Phước" in text and "4,41" in text
