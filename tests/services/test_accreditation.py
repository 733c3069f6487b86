"""Accreditation records: the school's checks (Vietnamese, next to the field), the
five-year default expiry, section I counting the decision valid on the data date,
and the due list of each office over its own schools."""

from datetime import date, timedelta

import pytest

from smasweb import clock
from smasweb.extensions import db
from smasweb.models import AuditEntry
from smasweb.models.accreditation import QUALITY, STANDARD, Accreditation
from smasweb.services.accreditation import due, records
from smasweb.services.accreditation.records import AccreditationData
from smasweb.services.errors import NotFound, PermissionDenied, ValidationFailed
from smasweb.services.reports.school_sections import schools_table
from smasweb.services.system import system_override
from tests.factories import make_unit, make_user


def _data(**over) -> AccreditationData:
    values = dict(
        kind=STANDARD,
        level=1,
        decision_number="123/QĐ-UBND",
        decided_on=clock.today() - timedelta(days=10),
        issued_by="Ủy ban nhân dân tỉnh Vĩnh Long",
    )
    return AccreditationData(**(values | over))


def _refusal(world, **over) -> tuple[str | None, str]:
    with pytest.raises(ValidationFailed) as exc:
        records.create_record(world.clerk, world.s1, _data(**over))
    db.session.rollback()
    return exc.value.field, exc.value.message


def test_the_clerk_records_a_decision_expiring_five_years_on_audited(world):
    record = records.create_record(
        world.clerk, world.s1, _data(decided_on=date(2024, 2, 29))
    )
    db.session.commit()
    assert record.expires_on == date(2029, 2, 28)  # no 29/02 in 2029
    assert (record.level_label, record.kind_label) == (
        "Mức độ 1",
        "Công nhận đạt chuẩn quốc gia",
    )
    entry = db.session.query(AuditEntry).filter_by(table_name="accreditations").one()
    assert (entry.action, entry.school_id, entry.field) == (
        "insert",
        world.s1.id,
        "profile",
    )
    edited = records.create_record(
        world.clerk, world.s1, _data(expires_on=date(2030, 1, 1))
    )
    assert edited.expires_on == date(2030, 1, 1)  # the default is only a default


def test_each_bad_value_is_refused_next_to_its_field(world):
    today = clock.today()
    assert _refusal(world, decision_number="  ") == (
        "decision_number",
        "Bắt buộc nhập.",
    )
    assert _refusal(world, decided_on=None) == ("decided_on", "Bắt buộc nhập.")
    assert _refusal(world, decided_on=today + timedelta(days=1)) == (
        "decided_on",
        "Ngày quyết định không được sau ngày hôm nay.",
    )
    assert _refusal(world, decided_on=today, expires_on=today) == (
        "expires_on",
        "Ngày hết hiệu lực phải sau ngày quyết định.",
    )
    assert _refusal(world, level=3) == (
        "level",
        "Công nhận đạt chuẩn quốc gia chỉ có mức độ 1, mức độ 2.",
    )
    assert _refusal(world, kind=QUALITY, level=5)[0] == "level"
    assert _refusal(world, kind="khac")[0] == "kind"
    assert db.session.query(Accreditation).count() == 0  # nothing half-written


def test_only_the_school_writes_its_records(world):
    for actor in (world.district, world.admin, world.teacher, world.leader2):
        with pytest.raises(PermissionDenied):
            records.create_record(actor, world.s1, _data())
    record = records.create_record(world.leader, world.s1, _data())
    db.session.commit()
    with pytest.raises(NotFound):
        records.get_record(world.leader2, record.id)
    assert records.get_record(world.district, record.id) is record


def _standard(school, level, since, until, kind=STANDARD):
    """A raw decision, written as the system (no window needed)."""
    with system_override("kiểm thử"):
        db.session.add(
            Accreditation(
                school_id=school.id,
                kind=kind,
                level=level,
                decision_number=f"{level}/QĐ",
                decided_on=since,
                expires_on=until,
            )
        )
        db.session.commit()


def _standard_rows(world, day) -> tuple[int, int]:
    table = schools_table([world.s1.id, world.s2.id], "02", 2024, day)
    by = {r.indicator: r.cells[0] for r in table.rows}
    return by["8"], by["9"]


def test_section_one_counts_the_decision_valid_on_the_data_date(world):
    _standard(world.s1, 1, date(2020, 10, 1), date(2025, 10, 1))
    _standard(world.s1, 2, date(2025, 3, 1), date(2030, 3, 1))
    _standard(world.s2, 2, date(2024, 9, 30), date(2029, 9, 30))
    assert _standard_rows(world, date(2020, 9, 30)) == (0, 0)  # before any decision
    assert _standard_rows(world, date(2020, 10, 1)) == (1, 0)  # from its day on
    assert _standard_rows(world, date(2024, 9, 30)) == (1, 1)
    assert _standard_rows(world, date(2025, 3, 1)) == (0, 2)  # the higher one
    assert _standard_rows(world, date(2030, 3, 1)) == (0, 0)  # both expired
    assert _standard_rows(world, date(2029, 9, 29)) == (0, 2)


def _quality(school, expires: date, kind=QUALITY):
    _standard(school, 1, expires - timedelta(days=5 * 365), expires, kind)


def test_the_due_list_shows_each_office_its_own_schools(world):
    day = date(2026, 6, 15)
    _quality(world.s1, date(2026, 1, 1))  # expired
    _quality(world.s1b, date(2027, 6, 14))  # within 12 months
    _quality(world.s2, date(2027, 6, 15))  # just beyond
    _quality(world.thpt, date(2026, 12, 1))
    _quality(world.s2, date(2026, 7, 1))  # an older decision, superseded above
    _quality(world.s1, date(2026, 8, 1), kind=STANDARD)
    ktkd_unit = make_unit(
        "division",
        world.dept,
        name="Phòng Khảo thí – Kiểm định chất lượng giáo dục",
        fields="graduation,schools",
        levels="03,04,05",
    )
    ktkd = make_user("division", ktkd_unit, username="ktkd")

    def seen(actor):
        return [(r.school.id, r.record.kind) for r in due.due_rows(actor, day)]

    s1, s1b, thpt = world.s1.id, world.s1b.id, world.thpt.id
    assert seen(world.admin) == [
        (s1, QUALITY), (s1, STANDARD), (thpt, QUALITY), (s1b, QUALITY)
    ]  # fmt: skip
    assert seen(world.district) == [(s1, QUALITY), (s1, STANDARD), (s1b, QUALITY)]
    assert seen(world.district2) == []
    assert seen(ktkd) == [(thpt, QUALITY), (s1b, QUALITY)]  # its levels only
    assert seen(world.division_mnth) == [(s1, QUALITY), (s1, STANDARD)]
    with pytest.raises(NotFound):
        due.due_rows(world.division, day)  # the staff division reads no profile
    rows = due.due_rows(world.admin, day)
    assert [r.status for r in rows] == [
        "Đã hết hiệu lực",
        "Còn 47 ngày",
        "Còn 169 ngày",
        "Còn 364 ngày",
    ]
