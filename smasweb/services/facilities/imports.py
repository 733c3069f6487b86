"""Excel templates and all-or-nothing imports of rooms and equipment.

A dry run (check_*) reads every row, accepts the code or the label in coded columns
and lists every error of every row in one pass (the record's rules run on a row with
bad cells too, a stand-in value in each cell already reported); an import
(import_*) re-validates and saves every row or none. Rows are added through the ORM
session, so session-level guards still apply.
"""

from decimal import Decimal, InvalidOperation

from smasweb import codelists, excel
from smasweb.extensions import db
from smasweb.models import Unit, User
from smasweb.models.facilities import Room
from smasweb.services import school_data
from smasweb.services.errors import ValidationFailed
from smasweb.services.facilities import equipment as equipment_svc
from smasweb.services.facilities import records as rooms_svc
from smasweb.services.imports.cells import cell_text
from smasweb.services.imports.pipeline import ImportReport, read_rows, save_checked
from smasweb.services.imports.pipeline import error_lines as error_lines  # re-exported
from smasweb.text import fold

ROOM_COLUMNS = {
    "kind": "Loại phòng",
    "construction": "Kết cấu",
    "borrowed": "Nhờ, mượn",
    "campus_id": "Điểm trường",
    "name": "Tên phòng",
    "quantity": "Số phòng",
    "area_m2": "Diện tích mỗi phòng (m²)",
    "condition": "Tình trạng",
}
EQUIPMENT_COLUMNS = {
    "code": "Mã thiết bị, đồ chơi",
    "grade": "Khối",
    "age_group": "Nhóm tuổi",
    "quantity": "Số lượng",
    "condition": "Tình trạng",
    "campus_id": "Điểm trường",
}
REQUIRED_ROOM = ("kind", "construction", "quantity")
REQUIRED_EQUIPMENT = ("code", "quantity")
YES = {"co", "x", "1", "true", "muon", "nho", "nho, muon"}
NO = {"", "khong", "0", "false"}


def rooms_template() -> bytes:
    return excel.workbook(
        "Phong",
        list(ROOM_COLUMNS.values()),
        [],
        {
            "Loai phong": codelists.labels("room_kinds"),
            "Ket cau": codelists.labels("constructions"),
            "Tinh trang": codelists.labels("conditions"),
        },
    )


def equipment_template() -> bytes:
    return excel.workbook(
        "Thiet bi",
        list(EQUIPMENT_COLUMNS.values()),
        [],
        {
            "Thiet bi do choi": codelists.labels("equipment_items"),
            "Khoi": codelists.labels("grades"),
            "Nhom tuoi": codelists.labels("age_groups"),
            "Tinh trang": codelists.labels("conditions"),
        },
    )


class _Cells:
    """Reads one sheet row into typed values, recording a row error per bad cell."""

    def __init__(self, report, number, values, columns, campuses):
        self.report, self.number, self.values = report, number, values
        self.columns, self.campuses, self.failed = columns, campuses, set()

    @property
    def bad(self) -> bool:
        return bool(self.failed)

    def fail(self, field: str, message: str) -> None:
        if field not in self.failed:  # one error a cell
            self.failed.add(field)
            self.report.add_error(self.number, self.columns[field], message)

    def text(self, field: str) -> str:
        return cell_text(self.values.get(self.columns[field]))

    def code(self, field: str, name: str) -> str | None:
        text = self.text(field)
        code = codelists.resolve(name, text)
        if text and code is None:
            self.fail(field, f"“{text}” không có trong danh mục.")
        return code

    def integer(self, field: str, minimum: int) -> int | None:
        text = self.text(field)
        if not text:
            return None
        try:
            value = int(text)
        except ValueError:
            self.fail(field, f"“{text}” không phải số nguyên.")
            return None
        if value < minimum:
            self.fail(field, f"Số lượng phải từ {minimum} trở lên.")
        return value

    def decimal(self, field: str) -> Decimal | None:
        text = self.text(field).replace(",", ".")
        if not text:
            return None
        try:
            return Decimal(text).quantize(Decimal("0.01"))
        except InvalidOperation:
            self.fail(field, f"“{text}” không phải số.")
            return None

    def yes_no(self, field: str) -> bool:
        text = fold(self.text(field))
        if text in YES:
            return True
        if text not in NO:
            self.fail(field, "Hãy ghi “Có” hoặc “Không”.")
        return False

    def campus(self) -> int | None:
        text = self.text("campus_id")
        if not text:
            return None
        for campus in self.campuses:
            if text.lower() in (campus.code.lower(), campus.name.lower()):
                return campus.id
        self.fail("campus_id", f"Trường không có điểm trường “{text}”.")
        return None

    def require(self, fields) -> None:
        for f in fields:
            if not self.text(f):
                self.fail(f, "Bắt buộc nhập.")


def _room_row(school: Unit, cells: _Cells):
    cells.require(REQUIRED_ROOM)
    data = rooms_svc.RoomData(
        kind=cells.code("kind", "room_kinds"),
        construction=cells.code("construction", "constructions"),
        borrowed=cells.yes_no("borrowed"),
        campus_id=cells.campus(),
        name=cells.text("name") or None,
        quantity=cells.integer("quantity", 1),
        area_m2=cells.decimal("area_m2"),
        condition=cells.code("condition", "conditions"),
    )
    if not _rules(cells, data, lambda d: rooms_svc.validate_room(school, d)):
        return None
    room = Room(school_id=school.id)
    rooms_svc.apply_room(room, data)
    return room


def _equipment_row(school: Unit, cells: _Cells):
    cells.require(REQUIRED_EQUIPMENT)
    data = equipment_svc.EquipmentData(
        code=cells.code("code", "equipment_items"),
        grade=cells.code("grade", "grades"),
        age_group=cells.code("age_group", "age_groups"),
        quantity=cells.integer("quantity", 0),
        condition=cells.code("condition", "conditions"),
        campus_id=cells.campus(),
    )
    if "code" in cells.failed:  # the item's rules need its code
        return None
    built = []
    if not _rules(
        cells, data, lambda d: built.append(equipment_svc.build_equipment(school, d))
    ):
        return None
    return built[-1]


STAND_INS = {"kind": "classroom", "construction": "kien_co", "quantity": 1}


def _rules(cells: _Cells, data, rule) -> bool:
    """Run the record's rule (the form's) on the row, again after each error with a
    stand-in in that field, so that one pass reports every field's error; True
    when the row is valid."""
    stood_in = set()
    for name in cells.failed:
        if hasattr(data, name):
            setattr(data, name, STAND_INS.get(name))
            stood_in.add(name)
    for _ in range(len(cells.columns) + 1):
        try:
            rule(data)
        except ValidationFailed as exc:
            name = exc.field if exc.field in cells.columns else "quantity"
            if name in stood_in:
                return False  # its stand-in fails too: the rest stays unchecked
            cells.fail(name, exc.message)
            setattr(data, name, STAND_INS.get(name))
            stood_in.add(name)
            continue
        return not cells.bad
    return False


def _check(actor, school, stream, columns, build) -> ImportReport:
    school_data.require_write(actor, school, rooms_svc.FIELD)
    report = ImportReport()
    campuses = rooms_svc.campuses(actor, school)
    headers, rows = read_rows(stream, columns.values())
    report.keep_cells(headers, rows)
    for number, values in rows:
        row = build(school, _Cells(report, number, values, columns, campuses))
        if row is not None:
            report.items.append(row)
    return report.sort_errors()


def _save(report: ImportReport) -> ImportReport:
    return save_checked(report, db.session.add_all)


def check_rooms(actor: User, school: Unit, stream) -> ImportReport:
    """Dry run: every row checked, nothing saved. Raises PermissionDenied,
    ValidationFailed (field "file") when the file itself is unreadable."""
    return _check(actor, school, stream, ROOM_COLUMNS, _room_row)


def import_rooms(actor: User, school: Unit, stream) -> ImportReport:
    """Save every row, or none when any row is wrong (report.ok tells which)."""
    return _save(check_rooms(actor, school, stream))


def check_equipment(actor: User, school: Unit, stream) -> ImportReport:
    return _check(actor, school, stream, EQUIPMENT_COLUMNS, _equipment_row)


def import_equipment(actor: User, school: Unit, stream) -> ImportReport:
    return _save(check_equipment(actor, school, stream))
