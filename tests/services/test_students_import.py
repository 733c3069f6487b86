"""Pupils' Excel: the C1-HocSinh template, the import (dry run, all rows or none,
updates by code, one active record per pupil, 2,000 rows fast), the exports and the
export log."""

import time
from datetime import datetime
from decimal import Decimal
from io import BytesIO

import pytest
from openpyxl import Workbook, load_workbook
from sqlalchemy import func, select

from smasweb import clock
from smasweb.extensions import db
from smasweb.models import (
    AuditEntry,
    ClassGroup,
    Enrollment,
    ExportLog,
    Movement,
    Student,
    SupportGrant,
)
from smasweb.services import school_data
from smasweb.services import years as school_years
from smasweb.services.audit import export_log
from smasweb.services.errors import PermissionDenied, ValidationFailed
from smasweb.services.students import export as students_export
from smasweb.services.students import imports
from smasweb.services.students import template as students_template
from smasweb.services.students.import_cells import COLUMNS
from smasweb.services.students.records import StudentFilters
from tests.factories import make_student

HEADERS = [c.header for c in COLUMNS.values()]


def student(**values) -> dict:
    """A good row (a girl born 20/05/2018 in class 1A), by field name."""
    row = {
        "class_name": "1A",
        "school_code": "HS001",
        "full_name": "Nguyễn Ngọc Anh",
        "birth_date": "20/05/2018",
        "gender": "Nữ",
        "personal_id": "086318012345",
    }
    row.update(values)
    return row


GOOD = [
    student(),
    student(  # codes, an Excel date, a decimal comma, labels without diacritics, flags
        class_name="1b",
        school_code="hs002",
        ministry_code="8601234567",
        full_name="Trần Văn Bình",
        birth_date=datetime(2018, 3, 1),
        gender="01",
        personal_id=86218000001,  # a number cell: the leading 0 is lost
        ethnicity="Kho-me",
        policy_categories="01; Con liet si",
        supports="Mien hoc phi",
        household="Ho ngheo",
        pioneer="x",
        perm_province="86",
        perm_district="857",
        father_name="Trần Văn Cường",
        father_birth_year=1985,
        father_phone="912 345 678",
        weight_kg="20,5",
        height_cm=115,
    ),
    student(school_code="HS003", full_name="Lê Thị Hoa", personal_id=None),
]


def xlsx(rows: list[dict], headers=HEADERS) -> BytesIO:
    wb = Workbook()
    ws = wb.active
    ws.append(headers)
    names = {c.header: n for n, c in COLUMNS.items()}
    for row in rows:
        ws.append([row.get(names.get(h, h)) for h in headers])
    out = BytesIO()
    wb.save(out)
    out.seek(0)
    return out


def add_class(school, name: str, grade: str = "01") -> ClassGroup:
    year = school_years.current_year()
    school_years.ensure_year(year)
    cls = ClassGroup(school_id=school.id, year=year, grade=grade, name=name)
    db.session.add(cls)
    db.session.flush()
    return cls


@pytest.fixture
def classes(world):
    return {name: add_class(world.s1, name) for name in ("1A", "1B")}


def count(model=Student) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def run(actor, school, rows, commit=True):
    go = imports.import_students if commit else imports.check_students
    return go(actor, school, xlsx(rows))


def test_template_has_the_c1_sheets_and_an_example_row():
    wb = load_workbook(BytesIO(students_template.import_template()))
    assert wb.sheetnames == ["Sheet1", "Danh mục", "Hướng dẫn"]
    head, example = list(wb["Sheet1"].values)[:2]
    assert list(head) == HEADERS
    assert "Mã học sinh (Bộ)" in head and "Tình trạng dinh dưỡng" in head
    assert example[head.index("Mã học sinh của trường")] == "VIDU01"
    codes = {(r[0], r[1]) for r in wb["Danh mục"].values}
    assert ("Dân tộc", "05") in codes and ("Diện chính sách", "03") in codes


def test_template_example_row_is_refused(world, classes):
    head, example = list(
        load_workbook(BytesIO(students_template.import_template()))["Sheet1"].values
    )[:2]
    row = {h: v for h, v in zip(head, example, strict=True)}
    names = {c.header: n for n, c in COLUMNS.items()}
    report = run(world.clerk, world.s1, [{names[h]: v for h, v in row.items()}], False)
    assert [e.message for e in report.errors] == [
        "Đây là dòng ví dụ của tệp mẫu, hãy xóa dòng này."
    ]


def test_dry_run_checks_everything_and_saves_nothing(world, classes):
    report = run(world.clerk, world.s1, GOOD, commit=False)
    assert report.ok and imports.counts(report) == (3, 0)
    assert count() == 0


def test_import_creates_students_enrolments_admissions_and_audit_rows(world, classes):
    report = run(world.clerk, world.s1, GOOD)
    assert report.ok, imports.error_lines(report)
    db.session.commit()
    binh = db.session.scalar(select(Student).where(Student.school_code == "HS002"))
    assert (binh.personal_id, binh.ethnicity, binh.gender) == (
        "086218000001",
        "05",
        "01",
    )
    assert binh.policy_categories == "01,03"
    grants = db.session.scalars(select(SupportGrant).filter_by(student_id=binh.id))
    assert [(g.code, g.starts_on, g.ends_on) for g in grants] == [
        ("01", clock.today(), None)
    ]
    assert binh.household == "01" and binh.pioneer is True and binh.youth_union is False
    assert binh.father_phone == "0912345678" and binh.father_birth_year == 1985
    assert binh.weight_kg == Decimal("20.5") and binh.height_cm == Decimal("115")
    assert (binh.status, binh.active, binh.name_folded) == (
        "01",
        True,
        "tran van binh hs002",
    )
    enrolment = db.session.scalar(
        select(Enrollment).where(Enrollment.student_id == binh.id)
    )
    assert enrolment.class_id == classes["1B"].id
    kinds = db.session.scalars(select(Movement.kind)).all()
    assert kinds == ["admission"] * 3
    audited = (
        select(AuditEntry.table_name, func.count())
        .where(AuditEntry.table_name != "class_groups")
        .group_by(AuditEntry.table_name)
    )
    assert dict(db.session.execute(audited).all()) == {
        "students": 3,
        "enrollments": 3,
        "movements": 1,  # one system bulk row
        "support_grants": 1,  # Bình's one ticked support
    }


def test_one_bad_row_saves_nothing_and_names_row_and_column(world, classes):
    bad = student(school_code="HS009", personal_id="086218999999")  # a boy's digit
    report = run(world.clerk, world.s1, [*GOOD, bad])
    assert not report.ok and count() == 0 and count(Enrollment) == 0
    assert imports.error_lines(report) == [
        "Dòng 5, cột Số định danh cá nhân: Chữ số thứ 4 (2) không khớp: nữ sinh năm "
        "2018 phải là 3."
    ]


@pytest.mark.parametrize(
    ("row", "column", "message"),
    [
        (student(class_name="9Z"), "Lớp (tên hoặc mã lớp)", "Trường không có lớp “9Z”"),
        (student(class_name=None), "Lớp (tên hoặc mã lớp)", "Bắt buộc nhập"),
        (student(birth_date="31/02/2018"), "Ngày sinh (dd/mm/yyyy)", "không phải ngày"),
        (student(gender="X"), "Giới tính", "không có trong danh mục"),
        (student(pioneer="maybe"), "Đội viên", "Có hoặc Không"),
        (student(ministry_code="12"), "Mã học sinh (Bộ)", "đúng 10 chữ số"),
        (student(perm_district="999"), "Huyện thường trú (mã)", "đơn vị hành chính"),
        (student(weight_kg="nặng"), "Cân nặng (kg)", "không phải số"),
        (student(father_phone="12345"), "SĐT cha", "Số điện thoại không hợp lệ"),
        (student(full_name=None), "Họ và tên", "Bắt buộc nhập"),
    ],
)
def test_bad_cells_are_row_errors(world, classes, row, column, message):
    report = run(world.clerk, world.s1, [row], commit=False)
    assert [(e.row, e.column) for e in report.errors] == [(2, column)]
    assert message in report.errors[0].message


def test_duplicates_inside_the_file_are_row_errors(world, classes):
    rows = [student(), student(full_name="Khác", personal_id="086318012346")]
    report = run(world.clerk, world.s1, rows, commit=False)
    assert imports.error_lines(report) == [
        "Dòng 3, cột Mã học sinh của trường: Trùng với dòng 2 của tệp."
    ]


def test_a_row_with_an_existing_school_code_updates_that_student(world, classes):
    old = make_student(world.s1, classes["1A"], school_code="HS001", full_name="Cũ")
    report = run(world.clerk, world.s1, [student(class_name="1B")])
    assert report.ok and imports.counts(report) == (0, 1)
    db.session.commit()
    assert count() == 1
    db.session.refresh(old)
    assert old.full_name == "Nguyễn Ngọc Anh" and old.personal_id == "086318012345"
    enrolment = db.session.scalar(
        select(Enrollment).where(Enrollment.student_id == old.id)
    )
    assert enrolment.class_id == classes["1B"].id
    assert count(Movement) == 0  # an update is no admission


def test_an_id_active_in_another_school_is_a_row_error(world, classes):
    make_student(world.s2, personal_id="086318012345", ministry_code="8601234567")
    rows = [
        student(),
        student(school_code="HS002", personal_id=None, ministry_code="8601234567"),
    ]
    report = run(world.clerk, world.s1, rows, commit=False)
    assert [(e.row, e.column) for e in report.errors] == [
        (2, "Số định danh cá nhân"),
        (3, "Mã học sinh (Bộ)"),
    ]
    assert "đang học tại trường khác" in report.errors[0].message


def test_a_left_students_id_elsewhere_is_no_clash(world, classes):
    make_student(world.s2, personal_id="086318012345", active=False, status="04")
    assert run(world.clerk, world.s1, [student()], commit=False).ok


def test_officers_and_teachers_cannot_import(world, classes):
    for actor in (world.teacher, world.district):
        with pytest.raises(PermissionDenied):
            run(actor, world.s1, GOOD)
    with pytest.raises(PermissionDenied):
        school_data.writable_school(world.district, imports.FIELD, own_only=True)


def test_unreadable_or_incomplete_files_are_refused(world, classes):
    with pytest.raises(ValidationFailed, match="không phải bảng tính"):
        imports.check_students(world.clerk, world.s1, BytesIO(b"not excel"))
    with pytest.raises(ValidationFailed, match="thiếu cột: Giới tính"):
        imports.check_students(
            world.clerk, world.s1, xlsx(GOOD, [h for h in HEADERS if h != "Giới tính"])
        )


def test_two_thousand_rows_import_fast(world, capsys):
    names = [f"{g}{c}" for g in range(1, 6) for c in "ABCD"]
    for name in names:
        add_class(world.s1, name, f"0{name[0]}")
    rows = [
        student(
            class_name=names[i % len(names)],
            school_code=f"HS{i:05d}",
            full_name=f"Nguyễn Văn Học {i}",
            gender="01",
            personal_id=f"086218{i:06d}",
            ministry_code=f"86{i:08d}",
            father_name="Nguyễn Văn Cha",
            weight_kg="20,5",
        )
        for i in range(2000)
    ]
    stream = xlsx(rows)
    started = time.perf_counter()
    report = imports.import_students(world.clerk, world.s1, stream)
    db.session.commit()
    took = time.perf_counter() - started
    with capsys.disabled():
        print(f"\n2,000 pupils imported in {took:.2f} s ({db.engine.name})")
    assert report.ok, imports.error_lines(report)[:3]
    assert count() == 2000 and count(Enrollment) == 2000 and count(Movement) == 2000
    assert took < 15


def test_list_export_masks_for_officers_and_c1_reimports(world, classes):
    make_student(
        world.s1,
        classes["1A"],
        full_name="Trần Thị Bé",
        personal_id="086318000001",
        gender="02",
        father_phone="0912345678",
        policy_categories="01,03",
        birth_date=datetime(2018, 1, 2).date(),
        supports="01,03",
        supports_from=datetime(2025, 9, 5).date(),
    )
    be = db.session.scalar(select(Student).filter_by(full_name="Trần Thị Bé"))
    ended = datetime(2025, 9, 5).date(), datetime(2025, 12, 31).date()
    db.session.add(SupportGrant(school_id=world.s1.id, student_id=be.id, code="02",
                                starts_on=ended[0], ends_on=ended[1]))  # fmt: skip
    data, rows = students_export.export_list(world.clerk, StudentFilters())
    sheet = list(load_workbook(BytesIO(data)).worksheets[0].values)
    head = sheet[0]
    assert sheet[1][head.index("Hỗ trợ")] == "Miễn học phí; Hỗ trợ chi phí học tập"
    assert sheet[1][head.index("Hỗ trợ từ ngày (dd/mm/yyyy)")] == "05/09/2025"
    assert rows == 1 and sheet[1][head.index("Số định danh cá nhân")] == "086318000001"
    assert sheet[1][head.index("Ngày sinh (dd/mm/yyyy)")] == "02/01/2018"
    assert sheet[1][head.index("Giới tính")] == "Nữ"
    assert "Con liệt sĩ" in sheet[1][head.index("Diện chính sách")]
    data, rows = students_export.export_list(world.district, StudentFilters())
    masked = list(load_workbook(BytesIO(data)).worksheets[0].values)[1]
    assert masked[head.index("Số định danh cá nhân")] == "••••••••••01"
    assert masked[head.index("Hỗ trợ")] == "•••••"  # "01,03" hidden
    data, rows, is_masked = students_export.export_c1(world.clerk, world.s1)
    assert (rows, is_masked) == (1, False)
    c1 = list(load_workbook(BytesIO(data)).worksheets[0].values)
    assert list(c1[0]) == HEADERS and c1[1][0] == "1A" and c1[1][5] == "02"
    # the C1 file of s1 imports into a school with no pupils
    add_class(world.s2, "1A")
    db.session.execute(Student.__table__.update().values(active=False))
    report = imports.import_students(world.clerk2, world.s2, BytesIO(data))
    assert report.ok, imports.error_lines(report)
    moved = db.session.scalar(select(Student).where(Student.school_id == world.s2.id))
    assert (moved.full_name, moved.personal_id, moved.policy_categories) == (
        "Trần Thị Bé",
        "086318000001",
        "01,03",
    )
    held = db.session.scalars(select(SupportGrant).filter_by(student_id=moved.id))
    assert sorted((g.code, g.starts_on, g.ends_on) for g in held) == [
        ("01", datetime(2025, 9, 5).date(), None),
        ("03", datetime(2025, 9, 5).date(), None),
    ]  # the open grants travel with their day; the ended one does not
    _, _, officer_masked = students_export.export_c1(world.district, world.s1)
    assert officer_masked


def test_export_log_records_who_what_and_counts_rows(world):
    entry = export_log.record(
        world.district, "students.xlsx", 12, world.s1, None, "q=an"
    )
    assert (entry.masked, entry.unit_id, entry.rows) == (True, world.s1.id, 12)
    assert export_log.record(world.clerk, "x", 1).masked is False
    assert export_log.record(world.admin, "x", 1).masked is False
    data = students_export.export_c1(world.clerk, world.s1)[0]
    assert export_log.data_rows(data) == 1  # the header only
    rows, total = export_log.page(1, 2)
    assert total == 3 and len(rows) == 2 and count(ExportLog) == 3
