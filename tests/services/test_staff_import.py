"""Staff Excel: the template, the import (dry run, all rows or none, updates by code),
the list export and the file for CSDL ngành."""

from datetime import date, datetime
from decimal import Decimal
from io import BytesIO

import pytest
from openpyxl import Workbook, load_workbook
from sqlalchemy import func, select

from smasweb.extensions import db
from smasweb.models import StaffMember
from smasweb.services import school_data
from smasweb.services.errors import PermissionDenied, ValidationFailed
from smasweb.services.staff import export as staff_export
from smasweb.services.staff import imports
from smasweb.services.staff import records as staff
from smasweb.services.staff import template as staff_template
from smasweb.services.staff.import_cells import COLUMNS
from tests.factories import make_staff

HEADERS = [c.header for c in COLUMNS.values()]


def person(**values) -> dict:
    """A good row (a female primary teacher born 20/05/1985), by field name."""
    row = {
        "code": "GV001",
        "full_name": "Nguyễn Thị Lan",
        "gender": "Nữ",
        "birth_date": "20/05/1985",
        "personal_id": "086185012345",
        "group": "Giáo viên",
        "position": "35",
        "contract": "07",
        "qualification": "Đại học sư phạm",
    }
    row.update(values)
    return row


GOOD = [
    person(),
    person(  # codes, an Excel date, a decimal comma, labels without diacritics
        code="gv002",
        full_name="Trần Văn Bình",
        gender="01",
        birth_date=datetime(1980, 3, 1),
        personal_id="086080123456",
        ethnicity="Kho-me",
        group="03",
        contract="Vien chuc HDLV xac dinh thoi han",
        qualification="02",
        salary_step=4,
        salary_coefficient="4,65",
        language_level="3",
        recruited_on=datetime(2005, 9, 1),
        joined_school_on="01/09/2012",
        phone="0912 345 678",
        email="Binh.TV@Example.edu.vn",
    ),
    person(  # an employee: no training standard
        code="NV001",
        full_name="Lê Thị Hoa",
        birth_date="02/02/1990",
        personal_id="086190000001",
        group="Nhân viên",
        position="Kế toán",
        contract="Hợp đồng lao động trên 1 năm",
        qualification="Trung cấp",
    ),
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


def count() -> int:
    return db.session.scalar(select(func.count()).select_from(StaffMember))


def by_code(code: str) -> StaffMember:
    return db.session.scalars(select(StaffMember).where(StaffMember.code == code)).one()


def test_template_has_the_headers_an_example_and_the_codes_and_guide_sheets():
    wb = load_workbook(BytesIO(staff_template.import_template()))
    assert wb.sheetnames == ["Cán bộ", "Danh mục", "Hướng dẫn"]
    data = list(wb["Cán bộ"].values)
    assert list(data[0]) == HEADERS
    assert "Ngày sinh (dd/mm/yyyy)" in HEADERS and "Số định danh cá nhân" in HEADERS
    assert data[1][0] == "VIDU01" and data[1][1] == "Nguyễn Thị Lan"
    codes = {(r[0], r[1], r[2]) for r in wb["Danh mục"].iter_rows(values_only=True)}
    assert ("Dân tộc", "05", "Khơ-me") in codes
    assert ("Chức vụ", "01", "Hiệu trưởng") in codes
    assert ("Mã ngạch", "V.07.03.29", "Giáo viên tiểu học hạng III") in codes
    used = {r[0] for r in wb["Danh mục"].iter_rows(min_row=2, values_only=True)}
    assert used == {c.header for c in COLUMNS.values() if c.codelist}
    assert "HƯỚNG DẪN" in wb["Hướng dẫn"]["A1"].value


@pytest.fixture
def template_file():
    return BytesIO(staff_template.import_template())


def test_example_row_left_in_the_template_is_a_row_error(world, template_file):
    report = imports.check_staff(world.clerk, world.s1, template_file)
    assert imports.error_lines(report) == [
        "Dòng 2, cột Mã cán bộ: Đây là dòng ví dụ của tệp mẫu, hãy xóa dòng này."
    ]


def test_good_file_imports_every_row_with_the_computed_standard(world):
    report = imports.import_staff(world.clerk, world.s1, xlsx(GOOD))
    assert report.ok and imports.counts(report) == (3, 0)
    lan, binh, hoa = by_code("GV001"), by_code("GV002"), by_code("NV001")
    assert (lan.gender, lan.birth_date, lan.group, lan.qualification) == (
        "02",
        date(1985, 5, 20),
        "03",
        "16",
    )
    assert lan.training_standard == "01"  # ĐHSP teaching primary: đạt chuẩn
    assert binh.training_standard == "02"  # a master's degree: trên chuẩn
    assert hoa.training_standard is None  # employees are not held to it
    assert (binh.ethnicity, binh.contract, binh.language_level) == ("05", "08", "3")
    assert binh.salary_coefficient == Decimal("4.65") and binh.salary_step == 4
    assert (binh.birth_date, binh.recruited_on, binh.joined_school_on) == (
        date(1980, 3, 1),
        date(2005, 9, 1),
        date(2012, 9, 1),
    )
    assert (binh.phone, binh.email) == ("0912345678", "binh.tv@example.edu.vn")
    assert hoa.position == "15" and hoa.contract == "03"
    assert lan.name_folded.startswith("nguyen thi lan")
    assert {m.school_id for m in (lan, binh, hoa)} == {world.s1.id}


def test_one_bad_row_saves_nothing_and_names_row_and_column(world):
    rows = [*GOOD, person(code="GV009", personal_id="086085999999")]  # male digit
    report = imports.import_staff(world.clerk, world.s1, xlsx(rows))
    assert not report.ok and count() == 0
    assert imports.error_lines(report) == [
        "Dòng 5, cột Số định danh cá nhân: Chữ số thứ 4 (0) không khớp: nữ sinh năm "
        "1985 phải là 1."
    ]


def test_cell_errors_are_listed_for_every_bad_cell(world):
    rows = [
        person(gender="Khác", birth_date="31/02/1985", salary_coefficient="bốn"),
        person(code="GV002", full_name="", personal_id="086185000002"),
    ]
    report = imports.check_staff(world.clerk, world.s1, xlsx(rows))
    assert imports.error_lines(report) == [
        "Dòng 2, cột Giới tính: “Khác” không có trong danh mục (xem trang Danh mục).",
        "Dòng 2, cột Ngày sinh (dd/mm/yyyy): “31/02/1985” không phải ngày dạng "
        "dd/mm/yyyy.",
        "Dòng 2, cột Hệ số lương: “bốn” không phải số (ví dụ 4,65).",
        "Dòng 3, cột Họ và tên: Bắt buộc nhập.",
    ]


def test_dry_run_saves_nothing(world):
    report = imports.check_staff(world.clerk, world.s1, xlsx(GOOD))
    assert report.ok and len(report.items) == 3
    db.session.flush()
    assert count() == 0


def test_reimport_updates_by_code_and_keeps_absent_columns(world):
    imports.import_staff(world.clerk, world.s1, xlsx(GOOD))
    binh = by_code("GV002")
    version = binh.version
    headers = [COLUMNS[name].header for name in person()]
    rows = [
        person(
            code="gv002",
            full_name="Trần Văn Bình",
            gender="Nam",
            birth_date="01/03/1980",
            personal_id="086080123456",
            qualification="Cao đẳng sư phạm",
        )
    ]
    report = imports.import_staff(world.clerk, world.s1, xlsx(rows, headers))
    assert report.ok and imports.counts(report) == (0, 1)
    db.session.refresh(binh)
    assert count() == 3 and binh.version == version + 1
    assert binh.qualification == "17" and binh.training_standard == "03"
    assert binh.salary_coefficient == Decimal("4.65")  # the column was not in the file


def test_duplicates_inside_the_file_are_row_errors(world):
    rows = [person(), person(personal_id="086185000003"), person(code="GV003")]
    report = imports.check_staff(world.clerk, world.s1, xlsx(rows))
    assert imports.error_lines(report) == [
        "Dòng 3, cột Mã cán bộ: Mã cán bộ trùng với dòng 2 của tệp.",
        "Dòng 4, cột Số định danh cá nhân: Số định danh trùng với dòng 2 của tệp.",
    ]


def test_personal_id_used_in_another_school_is_a_row_error(world):
    make_staff(world.s2, personal_id="086185012345", birth_date=date(1985, 5, 20))
    report = imports.import_staff(world.clerk, world.s1, xlsx([person()]))
    assert not report.ok
    assert imports.error_lines(report) == [
        "Dòng 2, cột Số định danh cá nhân: Số định danh này đã có trong hồ sơ cán bộ "
        "của một trường khác."
    ]


def test_personal_id_typed_as_a_number_keeps_its_leading_zero(world):
    report = imports.import_staff(
        world.clerk, world.s1, xlsx([person(personal_id=86185012345)])
    )
    assert report.ok and by_code("GV001").personal_id == "086185012345"


def test_file_without_required_columns_is_refused(world):
    with pytest.raises(ValidationFailed, match="Tệp thiếu cột: Giới tính"):
        imports.check_staff(world.clerk, world.s1, xlsx([person()], HEADERS[:2]))


@pytest.mark.parametrize("who", ["teacher", "division", "district"])
def test_only_the_schools_leader_and_clerk_may_import(world, who):
    with pytest.raises(PermissionDenied):
        school_data.writable_school(getattr(world, who), staff.FIELD, own_only=True)
    assert (
        school_data.writable_school(world.leader, staff.FIELD, own_only=True)
        == world.s1
    )


def test_list_export_uses_labels_and_masks_for_officers(world):
    make_staff(
        world.s1,
        full_name="Trần Thị Bé",
        code="GV100",
        personal_id="086185012345",
        phone="0912345678",
    )
    make_staff(world.s1, full_name="Nguyễn Văn An", code="GV101")
    make_staff(world.s2, full_name="Lê Văn Cường", code="GV200")

    def sheet(actor, **f):
        data = staff_export.export_list(actor, staff.StaffFilters(**f))
        return list(load_workbook(BytesIO(data)).worksheets[0].values)

    rows = sheet(world.clerk)
    assert rows[0][:4] == ("Mã trường", "Trường", "Mã cán bộ", "Họ và tên")
    assert [r[3] for r in rows[1:]] == ["Nguyễn Văn An", "Trần Thị Bé"]  # An < Bé
    be = dict(zip(rows[0], rows[2], strict=True))
    assert (be["Giới tính"], be["Chức vụ"], be["Ngày sinh (dd/mm/yyyy)"]) == (
        "Nữ",
        "Giáo viên",
        "20/05/1985",
    )
    assert be["Số định danh cá nhân"] == "086185012345" and be["Chuẩn đào tạo"] == (
        "Đạt chuẩn"
    )
    officer = sheet(world.division, q="tran thi")
    assert [r[3] for r in officer[1:]] == ["Trần Thị Bé"]
    masked = dict(zip(officer[0], officer[1], strict=True))
    assert masked["Số định danh cá nhân"] == "••••••••••45"
    assert masked["Điện thoại"] == "••••••••78"
    assert len(sheet(world.division)) == 4 and len(sheet(world.clerk2)) == 2


def test_ministry_export_has_codes_and_masks_for_officers(world):
    make_staff(
        world.s1,
        code="GV100",
        personal_id="086185012345",
        ethnicity="05",
        salary_coefficient=Decimal("4.65"),
    )
    rows = list(
        load_workbook(
            BytesIO(staff_export.export_ministry(world.clerk, world.s1, 2026))
        )
        .worksheets[0]
        .values
    )
    head = rows[0]
    assert head[:4] == ("MaTruongHoc", "NamHoc", "ClientId", "MaCanBo")
    record = dict(zip(head, rows[1], strict=True))
    assert (record["MaTruongHoc"], record["NamHoc"]) == (world.s1.code, 2026)
    assert (record["GioiTinh"], record["MaDanToc"], record["LoaiCanBo"]) == (
        "02",
        "05",
        "03",
    )
    assert record["SoCmnd"] == "086185012345" and record["NgaySinh"] == "20/05/1985"
    assert record["HeSo"] == 4.65 and record["TrinhDoGvien"] == "01"
    assert len(rows) == 2
    officer = list(
        load_workbook(
            BytesIO(staff_export.export_ministry(world.division, world.s1, 2026))
        )
        .worksheets[0]
        .values
    )
    assert dict(zip(head, officer[1], strict=True))["SoCmnd"] == "••••••••••45"
    assert officer[-1][0].startswith("Ghi chú: số định danh cá nhân")
