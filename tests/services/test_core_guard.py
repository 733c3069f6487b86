"""The guard at the engine: Core INSERT/UPDATE/DELETE on every governed table, through
db.session.execute, the session's connection and db.engine.begin(), is refused in a
locked period (the same 423 as a form, nothing written) and audited when allowed."""

from datetime import date, datetime
from decimal import Decimal

import pytest
import time_machine
from sqlalchemy import delete, func, insert, select, update

from smasweb import clock
from smasweb.extensions import db
from smasweb.models import (
    Accreditation,
    AttendanceRecord,
    AuditEntry,
    BudgetLine,
    Campus,
    ClassGroup,
    ClassTeacher,
    EquipmentItem,
    HealthCheck,
    Movement,
    Room,
    SchoolProfile,
    StaffYear,
    SupportGrant,
)
from smasweb.models.assessment import (
    ClassSubject,
    ConductResult,
    Mark,
    OutstandingPupil,
    PrimaryEvaluation,
    StudentResult,
    SubjectResult,
    TeachingAssignment,
)
from smasweb.models.base import SchoolOwned
from smasweb.models.graduation import ThcsDecision, ThcsDossier, ThcsGraduate
from smasweb.models.graduation_thpt import ExamResult
from smasweb.services import years as school_years
from smasweb.services.calendar import dated
from smasweb.services.calendar import windows as calendar
from smasweb.services.errors import PeriodLocked, PermissionDenied
from smasweb.services.guard import calendar_key
from smasweb.services.guard_core import unguarded
from smasweb.services.system import system_override
from tests.factories import make_staff, make_student

LOCKED = datetime(2100, 1, 4, 10, 0, tzinfo=clock.VN_TZ)  # no period near: all shut


def _class(school, year):
    cls = ClassGroup(school_id=school.id, year=year, grade="01", name="1A")
    db.session.add(cls)
    db.session.flush()
    return cls


def _decision(school, year):
    decision = ThcsDecision(
        school_id=school.id, year=year, round=1, number="12/QĐ-PGDĐT",
        signed_on=date(year + 1, 5, 22), signer_name="Trần Văn Bình",
        signer_title="Trưởng phòng", council_unit_id=school.parent_id,
    )  # fmt: skip
    db.session.add(decision)
    db.session.flush()
    return decision


def build(table: str, school):
    """One record of `table` (and what it needs), with no record depending on it."""
    year = school_years.period_year(clock.today())
    school_years.ensure_year(year)
    sid = school.id
    made = {
        "school_profiles": lambda: SchoolProfile(
            school_id=sid, year=year, name="Trường A", level_group="06", ownership="01"
        ),
        "campuses": lambda: Campus(school_id=sid, code="C1", name="Điểm chính"),
        "accreditations": lambda: Accreditation(
            school_id=sid, kind="chuan_qg", level=1, decision_number="12/QĐ-UBND",
            decided_on=date(year, 1, 5), expires_on=date(year + 5, 1, 5),
        ),
        "class_groups": lambda: _class(school, year),
        "rooms": lambda: Room(school_id=sid, kind="classroom", construction="kien_co"),
        "equipment_items": lambda: EquipmentItem(
            school_id=sid, kind="equipment", code="TB01", quantity=2
        ),
        "budget_lines": lambda: BudgetLine(
            school_id=sid, year=year, category="01", description="Lương"
        ),
        "staff_members": lambda: make_staff(school),
        "staff_years": lambda: StaffYear(
            school_id=sid, staff_id=make_staff(school).id, year=year
        ),
        "students": lambda: make_student(school),
        "enrollments": lambda: None,
        "movements": lambda: Movement(
            school_id=sid, student_id=make_student(school).id, year=year,
            kind="admission", on_date=clock.today(), term="1",
        ),
        "health_checks": lambda: HealthCheck(
            school_id=sid, student_id=make_student(school).id, kind="01",
            checked_on=clock.today(), weight_kg=15, height_cm=100, age_months=48,
        ),
        "support_grants": lambda: SupportGrant(
            school_id=sid, student_id=make_student(school).id, code="03",
            starts_on=clock.today(),
        ),
        # 1/9: report month 9, which the tests' calendar keeps open
        "attendance_records": lambda: AttendanceRecord(
            school_id=sid, student_id=make_student(school).id, status="K",
            class_id=_class(school, year).id, day=date(year, 9, 1), session="sang",
        ),
        "class_teachers": lambda: ClassTeacher(
            school_id=sid, class_id=_class(school, year).id,
            staff_id=make_staff(school).id,
        ),
        "class_subjects": lambda: ClassSubject(
            school_id=sid, class_id=_class(school, year).id, subject_code="vat_li",
            kind="elective",
        ),
        "teaching_assignments": lambda: TeachingAssignment(
            school_id=sid, year=year, class_id=_class(school, year).id,
            subject_code="toan", semester=1, staff_id=make_staff(school).id,
        ),
        "marks": lambda: Mark(
            school_id=sid, year=year, student_id=make_student(school).id,
            class_id=_class(school, year).id, subject_code="toan", semester=1,
            kind="tx", position=1, score=Decimal("8.5"), day=date(year, 9, 1),
        ),
        "primary_evaluations": lambda: PrimaryEvaluation(
            school_id=sid, year=year, student_id=make_student(school).id,
            class_id=_class(school, year).id, item="toan", term="gk1", level="T",
            day=date(year, 9, 1),
        ),
        "conduct_results": lambda: ConductResult(
            school_id=sid, year=year, student_id=make_student(school).id,
            class_id=_class(school, year).id, semester=1, level="T",
        ),
        "student_results": lambda: StudentResult(
            school_id=sid, year=year, student_id=make_student(school).id,
            class_id=_class(school, year).id, term="hk1", learning="K",
            decided_on=date(year, 12, 30),
        ),
        "subject_results": lambda: SubjectResult(
            school_id=sid, year=year, student_id=make_student(school).id,
            class_id=_class(school, year).id, term="hk1", subject_code="toan",
            average=Decimal("7.5"),
        ),
        "outstanding_pupils": lambda: OutstandingPupil(
            school_id=sid, year=year, student_id=make_student(school).id,
            class_id=_class(school, year).id, reason="Tiến bộ rõ rệt môn Toán",
        ),
        "graduation_exam_results": lambda: ExamResult(
            school_id=sid, year=year, student_id=make_student(school).id,
            registration_no="86000001", full_name="Trần Văn Thi",
            toan=Decimal("7.25"), ngu_van=Decimal("6.5"),
        ),
        "thcs_dossiers": lambda: ThcsDossier(
            school_id=sid, year=year, student_id=make_student(school).id,
            complete=False, note="Thiếu học bạ",
        ),
        "thcs_decisions": lambda: _decision(school, year),
        "thcs_graduates": lambda: ThcsGraduate(
            school_id=sid, year=year, decision_id=_decision(school, year).id,
            student_id=make_student(school).id, class_id=_class(school, year).id,
        ),
    }[table]()  # fmt: skip
    if table == "enrollments":
        from smasweb.models import Enrollment

        student = make_student(school, cls=_class(school, year))
        made = db.session.scalars(select(Enrollment).filter_by(student_id=student.id))
        made = made.one()
    db.session.add(made)
    db.session.commit()
    return made


def snapshot(table) -> list:
    return [tuple(r) for r in db.session.execute(select(table).order_by(table.c.id))]


def audit_count() -> int:
    return db.session.scalar(select(func.count()).select_from(AuditEntry))


def through_session(stmt, params=None):
    return db.session.execute(stmt, params)


def through_connection(stmt, params=None):
    return db.session.connection().execute(stmt, params)


def through_engine(stmt, params=None):
    with db.engine.begin() as conn:
        return conn.execute(stmt, params)


WAYS = (through_session, through_connection, through_engine)
TABLES = list(SchoolOwned.governed())


def statements(model, record) -> list:
    table = model.__table__
    row = {c.key: getattr(record, c.key) for c in table.c if c.key != "id"}
    this = table.c.id == record.id
    return [
        (insert(table), row),
        (update(table).where(this).values(version=table.c.version + 1), None),
        (delete(table).where(this), None),
    ]


def school_for(world, name: str):
    """A school whose levels the table's window applies to: a THPT for the THPT
    graduation, a lower-secondary school for the THCS graduation."""
    if SchoolOwned.governed()[name].calendar_field() == "graduation_thpt":
        return world.thpt
    return world.s1b if name.startswith("thcs_") else world.s1


@pytest.mark.parametrize("name", TABLES)
def test_a_core_write_in_a_locked_period_is_refused_and_changes_nothing(world, name):
    model = SchoolOwned.governed()[name]
    school = school_for(world, name)
    record = build(name, school)
    before, audited = snapshot(model.__table__), audit_count()
    column = model.year_column()  # in 2100 a row of this year is a closed year's
    key = calendar_key(model, getattr(record, column)) if column else None
    field = model.calendar_field()
    with time_machine.travel(LOCKED, tick=False):
        if isinstance(key, date):  # a dated fact: its month is long locked
            expected = str(dated.refusal(school, field, key))
        else:
            expected = str(calendar.refusal(school, field, year=key))
        for stmt, params in statements(model, record):
            for way in WAYS:
                with pytest.raises(PeriodLocked) as exc:
                    way(stmt, params)
                db.session.rollback()
                assert exc.value.status == 423 and str(exc.value) == expected
    db.session.expire_all()
    assert (snapshot(model.__table__), audit_count()) == (before, audited)


@pytest.mark.parametrize("name", TABLES)
def test_an_allowed_core_write_leaves_its_audit_row(world, name):
    model = SchoolOwned.governed()[name]
    school = school_for(world, name)
    record = build(name, school)
    table, rid = model.__table__, record.id
    (ins, row), (upd, _), (dele, _) = statements(model, record)
    before = audit_count()
    through_engine(dele)
    through_session(ins, {**row, "id": rid})
    db.session.commit()
    through_connection(upd)
    db.session.commit()
    entries = list(db.session.scalars(select(AuditEntry).order_by(AuditEntry.id)))
    entries = entries[before:]
    assert [(e.action, e.table_name, e.school_id) for e in entries] == [
        ("bulk_delete", name, school.id),
        ("insert", name, school.id),
        ("bulk_update", name, school.id),
    ]
    assert entries[0].changes["rows"] == [None, 1]
    assert entries[2].changes["rows"] == [None, 1]
    assert entries[1].field == model.calendar_field()
    assert db.session.scalar(select(table.c.version).where(table.c.id == rid)) == 2


def test_a_refused_core_write_answers_423_like_a_form(app, world):
    build("rooms", world.s1)
    stmt = update(Room.__table__).values(quantity=5)
    with time_machine.travel(LOCKED, tick=False), app.test_request_context("/"):
        with pytest.raises(PeriodLocked) as exc:
            through_session(stmt)
        db.session.rollback()
        response = app.make_response(app.handle_user_exception(exc.value))
        form_refusal = calendar.refusal(world.s1, "facilities")
    assert response.status_code == 423
    page = response.get_data(as_text=True)
    assert form_refusal.reason in page  # the form's sentence, with its links
    assert "Lịch báo cáo</a>" in page


def test_the_orm_paths_are_audited_once(world):
    room = build("rooms", world.s1)
    before = audit_count()
    room.quantity = 4
    db.session.commit()
    db.session.execute(insert(Room), [{"school_id": world.s1.id, "kind": "x",
                                       "construction": "kien_co"}])  # fmt: skip
    db.session.execute(update(Room).where(Room.id == room.id).values(quantity=6))
    db.session.commit()
    actions = db.session.scalars(select(AuditEntry.action).order_by(AuditEntry.id))
    assert list(actions)[before:] == ["update", "insert", "bulk_update"]


def test_system_writes_pass_with_their_reason_and_unknown_schools_are_refused(world):
    room = build("rooms", world.s1)
    table = Room.__table__
    with time_machine.travel(LOCKED, tick=False), system_override("demo data"):
        db.session.execute(
            update(table).where(table.c.id == room.id).values(quantity=3)
        )
        db.session.commit()
    last = db.session.scalars(select(AuditEntry).order_by(AuditEntry.id.desc())).first()
    assert (last.action, last.reason) == ("bulk_update", "demo data")
    for stmt, params in (
        (insert(table), {"kind": "classroom", "construction": "kien_co"}),
        (insert(table).from_select(["school_id", "kind", "construction"],
                                   select(table.c.school_id, table.c.kind,
                                          table.c.construction)), None),
    ):  # fmt: skip
        with pytest.raises(PermissionDenied):
            through_session(stmt, params)
        db.session.rollback()


def test_core_changes_to_audit_rows_are_refused_and_migrations_pass(world):
    build("rooms", world.s1)
    for stmt in (update(AuditEntry.__table__).values(actor="x"),
                 delete(AuditEntry.__table__)):  # fmt: skip
        with pytest.raises(PermissionDenied):
            through_engine(stmt)
    before = audit_count()
    with time_machine.travel(LOCKED, tick=False), db.engine.begin() as conn:
        unguarded(conn, "migrations")
        conn.execute(update(Room.__table__).values(quantity=7))
    assert audit_count() == before
    assert set(db.session.scalars(select(Room.quantity))) == {7}
