"""Excel out of the pupils' domain: the list as the user sees it (labels), and one
school's pupils in the C1-HocSinh layout (codes, the import's columns, so a school's
file imports back). Personal columns are masked for users outside the school.

Each function returns the file and its number of pupils, for the export log.
"""

from decimal import Decimal

from sqlalchemy import and_, select
from sqlalchemy.orm import aliased

from smasweb import codelists, excel
from smasweb.extensions import db
from smasweb.models import ClassGroup, Enrollment, Student, SupportGrant, Unit, User
from smasweb.services import policy, school_data
from smasweb.services import years as school_years
from smasweb.services.students import records as students_svc
from smasweb.services.students import supports
from smasweb.services.students.import_cells import COLUMNS
from smasweb.text import vn_date

FIELD = Student.__field__
MAX_ROWS = 400_000  # a province holds about 300,000 pupils
PERSONAL = (
    "personal_id",
    "birthplace",
    "perm_address",
    "perm_commune",
    "cur_address",
    "policy_categories",
    "disability",
    "household",
    "supports",
    "supports_from",
    "father_name",
    "father_phone",
    "mother_name",
    "mother_phone",
    "guardian_name",
    "guardian_phone",
    "weight_kg",
    "height_cm",
    "nutrition",
)
MASK_NOTE = (
    "Ghi chú: số định danh, địa chỉ, hoàn cảnh, thông tin cha mẹ và sức khỏe đã được "
    "che vì tài khoản không thuộc trường; tệp này không dùng để nhập lại."
)


def _masked(value) -> str:
    if value is None or value == "":
        return ""
    return policy.mask(str(value))


def _cell(name: str, value, labels: bool):
    column = COLUMNS[name]
    if value is None:
        return ""
    if column.kind == "flag":
        return "Có" if value else "Không"
    if column.kind == "date":
        return vn_date(value)
    if isinstance(value, Decimal):
        return float(value)
    if labels and column.kind == "code":
        return codelists.label(column.codelist, value, value)
    if labels and column.kind == "codes":
        return "; ".join(
            codelists.label(column.codelist, c, c) for c in value.split(",")
        )
    return value


EXPORTED = [n for n in COLUMNS if n != "class_name"]
NO_SUPPORT = (None, None)


def _line(student: Student, class_name, full: bool, labels: bool, held) -> list:
    """One pupil's cells; `held`: (codes CSV, latest start) of their open grants."""
    values = [class_name or ""]
    extra = dict(zip(("supports", "supports_from"), held, strict=True))
    for name in EXPORTED:
        value = extra[name] if name in extra else getattr(student, name)
        if not full and name in PERSONAL:
            values.append(_masked(value))
        else:
            values.append(_cell(name, value, labels))
    return values


def _with_class(stmt, year: int):
    cls = aliased(ClassGroup)
    return (
        stmt.add_columns(cls.name)
        .outerjoin(
            Enrollment,
            and_(Enrollment.student_id == Student.id, Enrollment.year == year),
        )
        .outerjoin(cls, cls.id == Enrollment.class_id)
    )


LIST_HEADERS = (
    "Mã trường",
    "Trường",
    *(c.header for c in COLUMNS.values()),
    "Trạng thái",
)


def export_list(actor: User, filters: students_svc.StudentFilters) -> tuple[bytes, int]:
    """The pupils' list as .xlsx with the list page's scope and filters: labels,
    dd/mm/yyyy, personal columns masked where the policy says so."""
    triples, total = students_svc.search_students(actor, filters, 1, MAX_ROWS)
    seen: dict[int, bool] = {}
    ids = [s.id for s, _unit, _cls in triples]
    # a short list asks for its own pupils; a long one reads every open grant once
    where = [SupportGrant.student_id.in_(ids)] if len(ids) <= 1000 else []
    held = supports.current_by_student(*where)

    def rows():
        for student, unit, class_name in triples:
            if unit.id not in seen:
                seen[unit.id] = policy.can_see_personal(actor, unit)
            status = codelists.label("student_statuses", student.status)
            line = _line(
                student,
                class_name,
                seen[unit.id],
                labels=True,
                held=held.get(student.id, NO_SUPPORT),
            )
            yield (unit.code, unit.name, *line, status)

    data = excel.streamed_workbook("Hoc sinh", LIST_HEADERS, rows())
    return data, min(total, MAX_ROWS)


def export_c1(actor: User, school: Unit) -> tuple[bytes, int, bool]:
    """One school's active pupils in the C1-HocSinh layout (the import's columns,
    codes): (file, pupils, masked). Officers get masked personal data and a note."""
    school_data.get_school(actor, school.id, FIELD)
    full = policy.can_see_personal(actor, school)
    year = school_years.current_year()
    stmt = select(Student).where(Student.school_id == school.id, Student.active)
    stmt = _with_class(stmt, year).order_by(Student.sort_key, Student.id)
    count = 0
    held = supports.current_by_student(SupportGrant.school_id == school.id)

    def rows():
        nonlocal count
        for student, class_name in db.session.execute(stmt):
            count += 1
            support = held.get(student.id, NO_SUPPORT)
            yield _line(student, class_name, full, labels=False, held=support)
        if not full:
            yield ()
            yield (MASK_NOTE,)

    data = excel.streamed_workbook(
        "Sheet1", [c.header for c in COLUMNS.values()], rows()
    )
    return data, count, not full
