"""Saving a checked pupils' import: new pupils, their enrolments and admissions as
bulk INSERTs (the guard audits them), updates through the ORM."""

from sqlalchemy import insert, select

from smasweb import clock
from smasweb.extensions import db
from smasweb.models import Enrollment, Movement, Student, Unit
from smasweb.services.students import rules as student_rules
from smasweb.services.students.import_cells import COLUMNS
from smasweb.services.system import system_override

RECORD_FIELDS = [n for n in COLUMNS if n != "class_name"]
FLAGS = ("pioneer", "youth_union")
DEFAULTS = {n: COLUMNS[n].default for n in RECORD_FIELDS} | dict.fromkeys(FLAGS, False)
NULLS = {"render_nulls": True}  # same keys in every row: one batched INSERT


def save_new(school: Unit, rows: list, year: int) -> None:
    if not rows:
        return
    today = clock.today()
    records = []
    for row in rows:
        values = {**DEFAULTS, **{k: v for k, v in row.values.items() if k in DEFAULTS}}
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


def save_updates(school: Unit, rows: list, year: int) -> None:
    if not rows:
        return
    ids = [r.student.id for r in rows]
    stmt = select(Enrollment).where(
        Enrollment.student_id.in_(ids), Enrollment.year == year
    )
    enrolled = {e.student_id: e for e in db.session.scalars(stmt)}
    for row in rows:
        student = row.student
        for name, value in row.values.items():
            if name == "class_name":
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
