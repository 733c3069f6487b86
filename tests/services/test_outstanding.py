"""Học sinh tiêu biểu (TT 27/2020 Điều 15 khoản 1 b): who confirms the results
marks a primary pupil Hoàn thành tốt with its "thành tích nổi bật", the award
follows into the results and Chốt kết quả; a pupil not Hoàn thành tốt, a missing
reason, a teacher and a closed window are refused with nothing written."""

import pytest
from sqlalchemy import select

from smasweb.extensions import db
from smasweb.models.assessment import OutstandingPupil, StudentResult
from smasweb.models.audit import AuditEntry
from smasweb.services.assessment import class_results, outstanding, results_confirm
from smasweb.services.assessment.results_access import EntryErrors
from smasweb.services.errors import PeriodLocked, PermissionDenied
from tests.factories import make_student
from tests.services.results_data import (
    OUTSIDE,
    SETUP,
    YEAR_END,
    at,
    evaluate,
    primary_class,
)

pytestmark = pytest.mark.real_calendar
REASON = "Tiến bộ rõ rệt môn Toán"


@pytest.fixture
def three_a(world):
    """Hoa Hoàn thành xuất sắc, Khoa Chưa hoàn thành, Lan Hoàn thành tốt."""
    with at(SETUP):
        cls = primary_class(world)
        cls.p["Lan"] = make_student(world.s1, cls, full_name="Phạm Thị Lan")
        evaluate(cls, cls.p["Lan"], {}, score=8)
        db.session.commit()
    return cls


def _marked():
    return {
        r.student_id: r.reason for r in db.session.scalars(select(OutstandingPupil))
    }


def _award(user, cls, pupil):
    results = class_results.class_results(user, cls.id)
    return next(r.result for r in results.rows if r.student.id == pupil.id)


def test_the_award_follows_the_mark_into_the_confirmed_year(world, three_a):
    lan = three_a.p["Lan"]
    assert _award(world.leader, three_a, lan).award is None  # HTT alone: no award
    with at(YEAR_END):
        assert outstanding.save(world.leader, three_a.id, {lan.id: (True, REASON)}) == 1
        db.session.commit()
        assert _award(world.leader, three_a, lan).award == "tieu_bieu"
        results_confirm.confirm(world.leader, three_a.id, "cn")
        db.session.commit()
    assert _marked() == {lan.id: REASON}
    stored = db.session.scalar(
        select(StudentResult).where(StudentResult.student_id == lan.id)
    )
    assert (stored.learning, stored.award) == ("HTT", "tieu_bieu")
    audit = select(AuditEntry).where(AuditEntry.table_name == "outstanding_pupils")
    assert db.session.scalars(audit).first().user_id == world.leader.id


def test_unmarking_takes_the_award_back(world, three_a):
    lan = three_a.p["Lan"]
    with at(YEAR_END):
        outstanding.save(world.leader, three_a.id, {lan.id: (True, REASON)})
        db.session.commit()
        assert outstanding.save(world.leader, three_a.id, {}) == 1
        db.session.commit()
        assert _award(world.leader, three_a, lan).award is None
    assert _marked() == {}


def test_a_pupil_not_hoan_thanh_tot_is_refused(world, three_a):
    p = three_a.p
    entries = {p["Khoa"].id: (True, REASON), p["Hoa"].id: (True, REASON),
               p["Lan"].id: (True, "")}  # fmt: skip
    with at(YEAR_END), pytest.raises(EntryErrors) as refused:
        outstanding.save(world.leader, three_a.id, entries)
    errors = refused.value.errors
    assert errors[p["Khoa"].id, "mark"] == (
        "Chỉ khen Học sinh Tiêu biểu cho học sinh có kết quả giáo dục Hoàn thành tốt "
        "(học sinh này: Chưa hoàn thành)."
    )
    assert "Hoàn thành xuất sắc" in errors[p["Hoa"].id, "mark"]
    assert errors[p["Lan"].id, "reason"] == "Ghi thành tích nổi bật của học sinh."
    assert _marked() == {}


def test_a_teacher_and_a_closed_window_are_refused(world, three_a):
    entries = {three_a.p["Lan"].id: (True, REASON)}
    with at(YEAR_END), pytest.raises(PermissionDenied):
        outstanding.save(world.teacher, three_a.id, entries)
    with at(OUTSIDE), pytest.raises(PeriodLocked):
        outstanding.save(world.leader, three_a.id, entries)
    assert _marked() == {}


def test_the_form_lists_the_pupils_hoan_thanh_tot_and_the_marked(world, three_a):
    lan = three_a.p["Lan"]
    with at(YEAR_END):
        results = class_results.class_results(world.leader, three_a.id)
    listed = outstanding.rows(results)
    assert [(o.row.student.id, o.number, o.marked) for o in listed] == [
        (lan.id, 3, False)
    ]
