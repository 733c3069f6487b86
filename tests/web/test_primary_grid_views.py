"""The primary gradebook pages (TT 27/2020): the homeroom teacher of 4A fills
Toán (a mid-term test) and Đạo đức (no test: no score column, a posted score is
ignored) and sees them back; a bad level, a score of 11 or 7.5 refuses the whole
save with the message by the cell; another class's teacher gets 403; a change of
a locked month is 423; officers read without names; the leader assigns the
class's specialists; the grid's queries do not grow with the class."""

from datetime import datetime

import pytest
import time_machine
from sqlalchemy import select

from smasweb import clock
from smasweb.extensions import db
from smasweb.models import ClassGroup
from smasweb.models.assessment import PrimaryEvaluation
from smasweb.services.calendar import rules as calendar_rules
from tests.factories import make_staff, make_student, make_user

pytestmark = pytest.mark.real_calendar

SETUP = datetime(2026, 9, 3, 9, tzinfo=clock.VN_TZ)
TODAY = datetime(2026, 10, 14, 8, tzinfo=clock.VN_TZ)
AFTER_LOCK = datetime(2026, 10, 18, 8, tzinfo=clock.VN_TZ)  # month 10 locked 17/10
TOAN = "/grades/{}/toan/1"
NAMES = ("Trần Văn Bảo", "Lê Thị An", "Nguyễn Văn Cường")


def at(moment):
    return time_machine.travel(moment, tick=False)


@pytest.fixture
def school(world):
    """Tiểu học Long Phước: 4A (three pupils, homeroom teacher `gv`) and 4B
    (homeroom teacher `gv2`)."""
    with at(SETUP):
        calendar_rules.ensure_year(2026)
        s = world.s1
        mine, other = make_staff(s), make_staff(s)
        world.gv = make_user("teacher", s, staff_id=mine.id)
        world.gv2 = make_user("teacher", s, staff_id=other.id)
        world.cls = ClassGroup(
            school_id=s.id, year=2026, grade="04", name="4A", homeroom_staff_id=mine.id
        )
        world.cls_b = ClassGroup(
            school_id=s.id, year=2026, grade="04", name="4B", homeroom_staff_id=other.id
        )
        db.session.add_all([world.cls, world.cls_b])
        db.session.flush()
        world.pupils = [make_student(s, world.cls, full_name=n) for n in NAMES]
        db.session.commit()
    return world


def pupil(school, name):
    return next(p for p in school.pupils if p.full_name == name)


def form(school, values: dict) -> dict:
    """The form's fields p{id}_{term}_{part} from {(name, key): text}."""
    return {f"p{pupil(school, n).id}_{key}": v for (n, key), v in values.items()}


def evaluations():
    return db.session.scalars(select(PrimaryEvaluation)).all()


def test_the_homeroom_teacher_fills_toan_4a_with_its_mid_term_test(school, login):
    url = TOAN.format(school.cls.id)
    values = {
        ("Lê Thị An", "gk1_level"): "T",
        ("Lê Thị An", "gk1_test"): "9",
        ("Lê Thị An", "gk1_comment"): "Tính nhẩm nhanh.",
        ("Trần Văn Bảo", "gk1_level"): "h",
        ("Trần Văn Bảo", "gk1_test"): "6",
    }
    with at(TODAY):
        client = login(school.gv)
        index = client.get("/grades/")
        page = client.get(url)
        saved = client.post(url, data=form(school, values))
        after = client.get(saved.headers["Location"])
    assert url in index.text and f"/grades/{school.cls.id}/dao_duc/2" in index.text
    assert f"/grades/{school.cls_b.id}/" not in index.text
    assert page.status_code == 200 and "gradebook.js" in page.text
    assert "Giữa học kỳ I" in page.text and "Hoàn thành tốt" in page.text  # legend
    an = pupil(school, "Lê Thị An").id
    assert f'name="p{an}_gk1_test"' in page.text
    assert page.text.index("Lê Thị An") < page.text.index("Trần Văn Bảo")
    assert saved.status_code == 303
    assert "Đã lưu sổ đánh giá: 5 ô thay đổi." in after.text
    assert f'id="p{an}_gk1_test" name="p{an}_gk1_test" value="9"' in after.text
    assert 'value="Tính nhẩm nhanh."' in after.text
    got = {(e.student_id, e.term): (e.level, e.test_score) for e in evaluations()}
    assert got == {
        (an, "gk1"): ("T", 9),
        (pupil(school, "Trần Văn Bảo").id, "gk1"): ("H", 6),
    }
    assert {e.day for e in evaluations()} == {TODAY.date()}


def test_dao_duc_has_no_test_score(school, login):
    url = f"/grades/{school.cls.id}/dao_duc/1"
    an = pupil(school, "Lê Thị An").id
    data = {f"p{an}_ck1_level": "T", f"p{an}_ck1_test": "8"}
    with at(TODAY):
        client = login(school.gv)
        page = client.get(url)
        saved = client.post(url, data=data)
    assert "_test" not in page.text and "không có bài kiểm tra định kỳ" in page.text
    assert saved.status_code == 303
    assert [(e.item, e.level, e.test_score) for e in evaluations()] == [
        ("dao_duc", "T", None)
    ]


@pytest.mark.parametrize(
    ("key", "typed", "message"),
    [
        ("gk1_level", "X", "Chỉ nhập T (Hoàn thành tốt), H (Hoàn thành)"),
        ("gk1_test", "11", "Điểm kiểm tra phải từ 0 đến 10."),
        ("ck1_test", "7.5", "Điểm kiểm tra là số nguyên từ 0 đến 10"),
    ],
)
def test_a_bad_cell_refuses_the_whole_save(school, login, key, typed, message):
    values = {("Lê Thị An", "gk1_level"): "T", ("Trần Văn Bảo", key): typed}
    with at(TODAY):
        refused = login(school.gv).post(
            TOAN.format(school.cls.id), data=form(school, values)
        )
    assert refused.status_code == 422
    text = refused.text
    assert "Chưa lưu được sổ đánh giá: 1 ô chưa hợp lệ" in text
    assert "của Trần Văn Bảo" in text  # the summary names the pupil
    bad = text.index(f'id="p{pupil(school, "Trần Văn Bảo").id}_{key}"')
    assert text.index(message, bad) - bad < 500  # the message by the cell
    assert f'value="{typed}"' in text and 'value="T"' in text  # kept as typed
    assert evaluations() == []


def test_another_class_s_teacher_gets_403(school, login):
    url = TOAN.format(school.cls.id)
    with at(TODAY):
        client = login(school.gv2)
        page = client.get(url)
        refused = client.post(url, data=form(school, {("Lê Thị An", "ck1_level"): "T"}))
        own = client.get(TOAN.format(school.cls_b.id))
    assert page.status_code == 403 and refused.status_code == 403
    assert own.status_code == 200 and "Lưu sổ đánh giá" in own.text
    assert evaluations() == []


def test_a_change_of_a_locked_month_is_refused_with_423(school, login):
    url = TOAN.format(school.cls.id)
    with at(TODAY):
        login(school.gv).post(url, data=form(school, {("Lê Thị An", "gk1_level"): "H"}))
    with at(AFTER_LOCK):
        refused = login(school.gv).post(
            url, data=form(school, {("Lê Thị An", "gk1_level"): "T"})
        )
    assert refused.status_code == 423
    assert "Tháng 10/2026 đã khóa sổ ngày 17/10/2026" in refused.text
    assert [e.level for e in evaluations()] == ["H"]


def test_officers_read_without_names_the_leader_writes(school, login):
    url = TOAN.format(school.cls.id)
    with at(TODAY):
        login(school.leader).post(
            url, data=form(school, {("Lê Thị An", "ck1_level"): "C"})
        )
        district = login(school.district)
        picker = district.get("/grades/")
        index = district.get(f"/grades/?school={school.s1.id}")
        page = district.get(url)
        refused = district.post(url, data={})
        other = login(school.district2).get(url)
    assert [e.level for e in evaluations()] == ["C"]
    assert f"/grades/?school={school.s1.id}" in picker.text
    assert "Xem điểm" in index.text and "Nhập điểm" not in index.text
    assert (
        page.status_code == 200
        and '<abbr title="Chưa hoàn thành">C</abbr>' in page.text
    )
    assert [name for name in NAMES if name in page.text] == []
    assert "Học sinh 1" in page.text and "<input id=" not in page.text
    assert refused.status_code == 403
    assert other.status_code == 404


def test_the_leader_assigns_a_primary_class_s_teachers(school, login):
    url = f"/grades/assignments/{school.cls.id}"
    with at(SETUP):
        client = login(school.leader)
        listing = client.get("/grades/assignments")
        page = client.get(url)
        saved = client.post(url, data={"t_ngoai_ngu_1_1": str(school.gv2.staff_id)})
    assert url in listing.text and "4A" in listing.text
    assert page.status_code == 200 and 'name="t_dao_duc_1"' in page.text
    assert saved.status_code == 303
    with at(TODAY):
        index = login(school.gv2).get("/grades/").text
    assert f"/grades/{school.cls.id}/ngoai_ngu_1/1" in index
    assert f"/grades/{school.cls.id}/toan/1" not in index


def test_the_grids_queries_do_not_grow_with_the_class(school, login, count_queries):
    url = TOAN.format(school.cls.id)
    with at(TODAY):
        client = login(school.gv)
        client.post(url, data=form(school, {("Lê Thị An", "gk1_level"): "T"}))
        small = count_queries(lambda: client.get(url))
    with at(SETUP):
        more = [
            make_student(school.s1, school.cls, full_name=f"Phạm Văn Học {i}")
            for i in range(40)
        ]
        db.session.commit()
    with at(TODAY):
        for p in more:
            db.session.add(
                PrimaryEvaluation(
                    school_id=school.s1.id,
                    year=2026,
                    student_id=p.id,
                    class_id=school.cls.id,
                    item="toan",
                    term="gk1",
                    level="H",
                    test_score=7,
                    day=TODAY.date(),
                )
            )
        db.session.commit()
        client = login(school.gv)
        big = count_queries(lambda: client.get(url))
        data = {f"p{p.id}_gk1_level": "T" for p in more}
        responses = []
        saving = count_queries(lambda: responses.append(client.post(url, data=data)))
    assert big == small
    assert big <= 25
    assert responses[0].status_code == 303
    assert saving <= 25 + len(more)  # one UPDATE per changed evaluation
