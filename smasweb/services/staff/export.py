"""Excel out of the staff domain: the list as the user sees it, and the file laid out
for upload to CSDL ngành (LstCanBo field names, codes, one school).

Both stream rows into a write-only workbook, so memory stays flat for a province-wide
list (41,500 rows take about 17 s, mostly openpyxl's XML writing).
"""

from sqlalchemy import select

from smasweb import codelists, excel
from smasweb.extensions import db
from smasweb.models import StaffMember, Unit, User
from smasweb.services import policy, school_data
from smasweb.services.staff import records as staff_svc
from smasweb.services.staff.import_cells import COLUMNS
from smasweb.text import vn_date

FIELD = StaffMember.__field__
MAX_ROWS = 100_000  # a province holds about 41,500 staff
PERSONAL = ("personal_id", "phone", "email", "address")
MASK_NOTE = (
    "Ghi chú: số định danh cá nhân, điện thoại, email và địa chỉ đã được che vì tài "
    "khoản không thuộc trường; tệp này không dùng để nộp lên CSDL ngành."
)


def _list_cell(member: StaffMember, name: str, see_personal: bool):
    column = COLUMNS[name]
    value = getattr(member, name)
    if name in PERSONAL and not see_personal:
        return policy.mask(value)
    if name == "title_code":
        return value or ""
    if column.kind == "code":
        return codelists.label(column.codelist, value)
    if column.kind == "date":
        return vn_date(value)
    return "" if value is None else value


LIST_HEADERS = (
    "Mã trường",
    "Trường",
    *(c.header for c in COLUMNS.values()),
    "Chuẩn đào tạo",
)


def export_list(actor: User, filters: staff_svc.StaffFilters) -> bytes:
    """The staff list as .xlsx, the rows the list page shows with the same filters:
    the import's headers, labels for coded fields, personal columns masked where the
    policy says so."""
    pairs, _ = staff_svc.search_staff(actor, filters, 1, MAX_ROWS)
    seen: dict[int, bool] = {}

    def rows():
        for member, unit in pairs:
            if unit.id not in seen:
                seen[unit.id] = policy.can_see_personal(actor, unit)
            yield (
                unit.code,
                unit.name,
                *(_list_cell(member, name, seen[unit.id]) for name in COLUMNS),
                codelists.label("training_standards", member.standard),
            )

    return excel.streamed_workbook("Can bo", LIST_HEADERS, rows())


# LstCanBo field → how to read it from a record (codes, not labels).
MINISTRY_COLUMNS = {
    "ClientId": lambda m: str(m.id),
    "MaCanBo": lambda m: m.code,
    "TenCanBo": lambda m: m.full_name,
    "LoaiCanBo": lambda m: m.group,
    "ChucVu": lambda m: m.position,
    "CapHoc": lambda m: m.teaching_level or "",
    "GioiTinh": lambda m: m.gender,
    "NgaySinh": lambda m: vn_date(m.birth_date),
    "NamSinh": lambda m: m.birth_date.year,
    "SoCmnd": lambda m: m.personal_id or "",
    "MaDanToc": lambda m: m.ethnicity,
    "MaTonGiao": lambda m: m.religion,
    "LoaiHopDong": lambda m: m.contract,
    "MaNgach": lambda m: m.title_code or "",
    "BacLuong": lambda m: m.salary_step,
    "HeSo": lambda m: m.salary_coefficient,
    "MucPhuCapLanhDao": lambda m: m.leadership_allowance,
    "MucPhuCapUuDai": lambda m: m.preferential_allowance,
    "MucPhuCapThamNien": lambda m: m.seniority_allowance,
    "TrinhDoChuyenMonNvCaoNhat": lambda m: m.qualification,
    "ChuyenNganhDaoTaoChinh": lambda m: m.major or "",
    "TrinhDoDaoTaoCnChinh": lambda m: m.major_level or "",
    "TrinhDoGvien": lambda m: m.standard or "",
    "TrinhDoLyLuanChinhTri": lambda m: m.political_theory or "",
    "TrinhDoQuanLyNhaNuoc": lambda m: m.state_management or "",
    "TrinhDoTinHoc": lambda m: m.it_level or "",
    "MonNgoaiNguChinh": lambda m: m.foreign_language or "",
    "MaKhungNlucNngu": lambda m: m.language_level or "",
    "DangVien": lambda m: 1 if m.party_joined_on else 0,
    "NgayVaoDang": lambda m: vn_date(m.party_joined_on),
    "DoanVien": lambda m: 1 if m.youth_union_joined_on else 0,
    "NgayVaoDoan": lambda m: vn_date(m.youth_union_joined_on),
    "NgayTuyenDung": lambda m: vn_date(m.recruited_on),
    "NamVaoTruong": lambda m: m.joined_school_on.year if m.joined_school_on else None,
    "TrangThai": lambda m: m.status,
    "NgayTrangThai": lambda m: vn_date(m.status_on or m.joined_school_on),
    "SoDienThoaiDiDong": lambda m: m.phone or "",
    "Email": lambda m: m.email or "",
    "DchiThtru": lambda m: m.address or "",
}
MINISTRY_PERSONAL = ("SoCmnd", "SoDienThoaiDiDong", "Email", "DchiThtru")


def export_ministry(actor: User, school: Unit, year: int) -> bytes:
    """The school's staff for upload to CSDL ngành: MaTruongHoc, NamHoc, then LstCanBo
    fields with codes; masked personal data (and a note row) for officers."""
    school_data.get_school(actor, school.id, FIELD)
    full = policy.can_see_personal(actor, school)
    stmt = (
        select(StaffMember)
        .where(StaffMember.school_id == school.id)
        .order_by(StaffMember.sort_key, StaffMember.code)
    )

    def rows():
        for member in db.session.scalars(stmt):
            values = {k: read(member) for k, read in MINISTRY_COLUMNS.items()}
            if not full:
                for key in MINISTRY_PERSONAL:
                    values[key] = policy.mask(values[key])
            yield (school.code, year, *values.values())
        if not full:
            yield ()
            yield (MASK_NOTE,)

    headers = ("MaTruongHoc", "NamHoc", *MINISTRY_COLUMNS)
    return excel.streamed_workbook("LstCanBo", headers, rows())
