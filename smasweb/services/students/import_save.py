"""Saving a checked pupils' import: new pupils, their enrolments, admissions and
support grants as bulk INSERTs (the guard audits them), updates through the ORM. A
ticked support starts on the row's "Hỗ trợ từ ngày", else on the import's day."""

from sqlalchemy import insert, select

from smasweb import clock
from smasweb.extensions import db
from smasweb.models import Enrollment, Movement, Student, SupportGrant, Unit
from smasweb.services.students import rules as student_rules
from smasweb.services.students import supports
from smasweb.services.students.import_cells import COLUMNS, SUPPORT_FIELDS
from smasweb.services.system import system_override

RECORD_FIELDS = [n for n in COLUMNS if n not in ("class_name", *SUPPORT_FIELDS)]
FLAGS = ("pioneer", "youth_union")
DEFAULTS = {n: COLUMNS[n].default for n in RECORD_FIELDS} | dict.fromkeys(FLAGS, False)
NULLS = {"render_nulls": True}  # same keys in every row: one batched INSERT


def free_codes(school: Unit, taken_in_file: set[str]):
    """The school's free "HS00001" codes in order, as the form generates them."""
    stmt = select(Student.school_code).where(
        Student.school_id == school.id, Student.school_code.like("HS%")
    )
    taken = set(db.session.scalars(stmt)) | taken_in_file
    n = 0
    while True:
        n += 1
        if f"HS{n:05d}" not in taken:
            yield f"HS{n:05d}"


def save_new(school: Unit, rows: list, year: int) -> None:
    if not rows:
        return
    today = clock.today()
    records = []
    in_file = {r.values["school_code"] for r in rows if r.values.get("school_code")}
    codes = free_codes(school, in_file)
    for row in rows:
        values = {**DEFAULTS, **{k: v for k, v in row.values.items() if k in DEFAULTS}}
        values["school_code"] = values["school_code"] or next(codes)
        for flag in FLAGS:
            values[flag] = bool(values[flag])
        keys = Student.search_keys(values["full_name"], values["school_code"])
        records.append(
            {
                **values,
                **keys,
                "school_id": school.id,
                "status": "01",
                "active": True,
                "status_on": today,
            }
        )
    stmt = insert(Student).returning(Student.id, sort_by_parameter_order=True)
    ids = db.session.scalars(stmt, records, execution_options=NULLS).all()
    common = {"school_id": school.id, "year": year}
    enrolments = [
        {**common, "student_id": sid, "class_id": row.class_id, "intake": "new"}
        for sid, row in zip(ids, rows, strict=True)
    ]
    db.session.execute(insert(Enrollment), enrolments, execution_options=NULLS)
    moves = [
        {
            **common,
            "student_id": sid,
            "class_id": row.class_id,
            "kind": "admission",
            "on_date": today,
            "term": student_rules.term_of(today),
        }
        for sid, row in zip(ids, rows, strict=True)
    ]
    # The admission belongs to the new record (the "students" window is open), as on
    # the form: the system writes it even while the "movements" window is shut.
    with system_override(f"nhập học của {len(moves)} học sinh mới (nhập từ Excel)"):
        db.session.execute(insert(Movement), moves, execution_options=NULLS)
    grants = [
        {
            "school_id": school.id,
            "student_id": sid,
            "code": code,
            "starts_on": row.values.get("supports_from") or today,
        }
        for sid, row in zip(ids, rows, strict=True)
        for code in (row.values.get("supports") or "").split(",")
        if code
    ]
    if grants:
        db.session.execute(insert(SupportGrant), grants)


def save_updates(school: Unit, rows: list, year: int) -> None:
    if not rows:
        return
    ids = [r.student.id for r in rows]
    stmt = select(Enrollment).where(
        Enrollment.student_id.in_(ids), Enrollment.year == year
    )
    enrolled = {e.student_id: e for e in db.session.scalars(stmt)}
    today = clock.today()
    for row in rows:
        student = row.student
        if "supports" in row.values:  # the column is in the file: the codes held now
            codes = (row.values["supports"] or "").split(",")
            day = row.values.get("supports_from") or today
            supports.set_supports(student, [c for c in codes if c], day)
        for name, value in row.values.items():
            if name == "class_name" or name in SUPPORT_FIELDS:
                continue
            setattr(student, name, False if name in FLAGS and value is None else value)
        for name, value in Student.search_keys(
            student.full_name, student.school_code
        ).items():
            setattr(student, name, value)
        if row.class_id is None:
            continue
        enrolment = enrolled.get(student.id)
        if enrolment is None:
            db.session.add(
                Enrollment(
                    school_id=school.id,
                    student_id=student.id,
                    year=year,
                    class_id=row.class_id,
                    intake="new",
                )
            )
        elif enrolment.class_id != row.class_id:
            enrolment.class_id = row.class_id
