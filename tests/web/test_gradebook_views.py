"""The gradebook pages: a teacher assigned to Toán 6A in semester I saves the grid
(both decimal separators) and sees its marks and ĐTBmhk back; a colleague gets
403; a bad cell refuses the whole save; a comment subject takes Đ / CĐ; a mark
of a locked month is refused with 423; officers read without names; the grid's
queries do not grow with the class."""

from datetime import datetime
from types import SimpleNamespace

import pytest
import time_machine
from sqlalchemy import select

from smasweb import clock
from smasweb.extensions import db
from smasweb.models import ClassGroup
from smasweb.models.assessment import Mark, TeachingAssignment
from smasweb.services.calendar import rules as calendar_rules
from tests.factories import make_staff, make_student, make_user

pytestmark = pytest.mark.real_calendar

SETUP = datetime(2026, 9, 3, 9, tzinfo=clock.VN_TZ)  # the classes' entry window
TODAY = datetime(2026, 10, 14, 8, tzinfo=clock.VN_TZ)
AFTER_LOCK = datetime(2026, 10, 18, 8, tzinfo=clock.VN_TZ)  # month 10 locked 17/10
TOAN = "/grades/{}/toan/1"
NAMES = ("Trần Văn Bảo", "Lê Thị An", "Nguyễn Văn Cường")


def at(moment):
    return time_machine.travel(moment, tick=False)


def make_class(school, name, grade="06", homeroom=None):
    cls = ClassGroup(
        school_id=school.id,
        year=2026,
        grade=grade,
        name=name,
        homeroom_staff_id=homeroom.id if homeroom else None,
    )
    db.session.add(cls)
    db.session.flush()
    return cls


def assign(cls, staff, code="toan", semester=1):
    db.session.add(
        TeachingAssignment(
            school_id=cls.school_id,
            year=cls.year,
            class_id=cls.id,
            subject_code=code,
            semester=semester,
            staff_id=staff.id,
        )
    )
    db.session.flush()


@pytest.fixture
def school(world):
    """THCS Long Phước: class 6A (three pupils), Toán semester I taught by the
    teacher `world.gv`, a colleague `world.gv2` teaching nothing there."""
    with at(SETUP):
        calendar_rules.ensure_year(2026)
        s = world.s1b
        staff, other = make_staff(s, full_name="Đỗ Thị Ánh"), make_staff(s)
        world.gv = make_user("teacher", s, staff_id=staff.id)
        world.gv2 = make_user("teacher", s, staff_id=other.id)
        world.bgh = make_user("school_leader", s)
        cls = make_class(s, "6A")
        cls.pupils = [make_student(s, cls, full_name=n) for n in NAMES]
        assign(cls, staff)
        world.cls = cls
        db.session.commit()
    return world


def cells(pupils, values: dict) -> dict:
    """The form's fields m{id}_{column} from {(name, column): text}."""
    data = {}
    for p in pupils:
        for col in ("tx1", "tx2", "tx3", "tx4", "gk1", "ck1"):
            data[f"m{p.id}_{col}"] = values.get((p.full_name, col), "")
    return data


def test_an_assigned_teacher_fills_toan_6a_and_sees_the_average(school, login):
    cls = school.cls
    an = {
        ("Lê Thị An", c): v
        for c, v in zip(
            ("tx1", "tx2", "tx3", "tx4", "gk1", "ck1"),
            ("8,5", "8.5", "9", "7", "8", "9,5"),
            strict=True,
        )
    }
    with at(TODAY):
        client = login(school.gv)
        index = client.get("/grades/")
        assert TOAN.format(cls.id) in index.text and "Nhập điểm" in index.text
        assert f'href="/results/{cls.id}"' in index.text  # the class's results
        page = client.get(TOAN.format(cls.id))
        assert page.status_code == 200 and "ĐĐGtx 4" in page.text  # 140 periods
        text = page.text
        assert (
            text.index("Lê Thị An")
            < text.index("Trần Văn Bảo")
            < text.index("Nguyễn Văn Cường")
        )  # by given name
        assert "gradebook.js" in text
        data = cells(cls.pupils, an | {("Trần Văn Bảo", "tx1"): "6,5"})
        saved = client.post(TOAN.format(cls.id), data=data)
        assert saved.status_code == 303
        after = client.get(saved.headers["Location"])
    assert "Đã lưu sổ điểm: 7 ô thay đổi." in after.text
    assert 'value="8,5"' in after.text and 'value="9,5"' in after.text
    # (8.5 + 8.5 + 9 + 7 + 2·8 + 3·9.5) / (4 + 5) = 77.5 / 9 = 8.6
    assert '<td class="average">8,6</td>' in after.text
    assert '<td class="average"></td>' in after.text  # Bảo: not complete yet
    marks = db.session.scalars(select(Mark)).all()
    assert len(marks) == 7
    assert {m.day for m in marks} == {TODAY.date()}


def test_a_teacher_not_assigned_gets_403(school, login):
    with at(TODAY):
        client = login(school.gv2)
        assert client.get(TOAN.format(school.cls.id)).status_code == 403
        refused = client.post(TOAN.format(school.cls.id), data={})
        index = client.get("/grades/")
        semester_2 = login(school.gv).get(f"/grades/{school.cls.id}/toan/2")
    assert refused.status_code == 403
    assert "chưa được phân công" in index.text
    assert semester_2.status_code == 403  # assigned for semester I only
    assert db.session.scalars(select(Mark)).all() == []


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("11", "Điểm phải từ 0 đến 10."),
        ("abc", "Điểm là số từ 0 đến 10"),
        ("8.55", "Điểm chỉ có một chữ số thập phân."),
    ],
)
def test_one_bad_cell_refuses_the_whole_save(school, login, typed, message):
    cls = school.cls
    values = {("Lê Thị An", "tx1"): "8", ("Trần Văn Bảo", "gk1"): typed}
    with at(TODAY):
        refused = login(school.gv).post(
            TOAN.format(cls.id), data=cells(cls.pupils, values)
        )
    assert refused.status_code == 422
    text = refused.text
    assert "Chưa lưu được sổ điểm: 1 ô chưa hợp lệ" in text
    bad = text.index(f'id="m{cls.pupils[0].id}_gk1"')
    assert text.index(message, bad) - bad < 400  # the message by the cell
    assert f'value="{typed}"' in text and 'value="8"' in text  # kept as typed
    assert db.session.scalars(select(Mark)).all() == []


def test_a_comment_subject_takes_dat_or_chua_dat(school, login):
    cls = school.cls
    with at(SETUP):
        assign(cls, SimpleNamespace(id=school.gv.staff_id), code="gdtc")
        db.session.commit()
    url = f"/grades/{cls.id}/gdtc/1"
    an, binh = cls.pupils[1], cls.pupils[0]
    data = {
        f"m{an.id}_{k}": v
        for k, v in zip(
            ("tx1", "tx2", "gk1", "ck1"), ("Đ", "d", "đ", "CD"), strict=True
        )
    }
    with at(TODAY):
        client = login(school.gv)
        page = client.get(url)
        assert "ĐĐGtx 3" not in page.text and "Đ (Đạt)" in page.text
        bad = client.post(url, data=data | {f"m{binh.id}_tx1": "8"})
        saved = client.post(url, data=data)
        after = client.get(url)
    assert bad.status_code == 422
    assert "Chỉ nhập Đ (Đạt) hoặc CĐ (Chưa đạt)." in bad.text
    assert saved.status_code == 303
    verdicts = sorted(m.verdict for m in db.session.scalars(select(Mark)))
    assert verdicts == ["CD", "D", "D", "D"]
    assert 'value="CĐ"' in after.text
    assert '<td class="average">CĐ</td>' in after.text  # one CĐ: Chưa đạt


def test_a_mark_of_a_locked_month_is_refused_with_423(school, login):
    cls = school.cls
    an = cls.pupils[1]
    with at(TODAY):
        client = login(school.gv)
        client.post(
            TOAN.format(cls.id), data=cells(cls.pupils, {("Lê Thị An", "tx1"): "7"})
        )
    with at(AFTER_LOCK):
        client = login(school.gv)
        data = cells(cls.pupils, {("Lê Thị An", "tx1"): "9", ("Lê Thị An", "tx2"): "8"})
        refused = client.post(TOAN.format(cls.id), data=data)
        page = client.get(TOAN.format(cls.id))
    assert refused.status_code == 423
    assert "Tháng 10/2026 đã khóa sổ ngày 17/10/2026" in refused.text
    assert page.status_code == 200  # new marks of today's month may still be added
    marks = db.session.scalars(select(Mark)).all()
    assert [(m.student_id, m.kind, m.position, float(m.score)) for m in marks] == [
        (an.id, "tx", 1, 7.0)
    ]


def test_the_school_reads_and_writes_every_class_officers_read_without_names(
    school, login
):
    cls = school.cls
    with at(TODAY):
        login(school.bgh).post(
            TOAN.format(cls.id), data=cells(cls.pupils, {("Lê Thị An", "ck1"): "7,5"})
        )
        district = login(school.district)
        picker = district.get("/grades/")
        index = district.get(f"/grades/?school={school.s1b.id}")
        page = district.get(TOAN.format(cls.id))
        refused = district.post(TOAN.format(cls.id), data={})
        other = login(school.district2).get(TOAN.format(cls.id))
    assert db.session.scalars(select(Mark)).one().score == 7.5
    assert f"/grades/?school={school.s1b.id}" in picker.text
    assert school.s1.name in picker.text  # a primary school has one too (TT 27)
    assert "Xem điểm" in index.text and "Nhập điểm" not in index.text
    assert page.status_code == 200 and "7,5" in page.text
    assert [name for name in NAMES if name in page.text] == []
    assert "Học sinh 1" in page.text and "<input id=" not in page.text
    assert refused.status_code == 403
    assert other.status_code == 404


def test_a_homeroom_teacher_reads_every_subject_of_the_class(school, login):
    with at(SETUP):
        school.cls.homeroom_staff_id = school.gv2.staff_id
        db.session.commit()
    with at(TODAY):
        client = login(school.gv2)
        index = client.get("/grades/")
        page = client.get(f"/grades/{school.cls.id}/ngu_van/2")
        refused = client.post(f"/grades/{school.cls.id}/ngu_van/2", data={})
    assert "Ngữ văn" in index.text and "Nhập điểm" not in index.text
    assert page.status_code == 200 and "Bạn chỉ xem sổ điểm này." in page.text
    assert refused.status_code == 403


def test_the_grids_queries_do_not_grow_with_the_class(school, login, count_queries):
    cls = school.cls
    with at(TODAY):
        client = login(school.gv)
        client.post(
            TOAN.format(cls.id), data=cells(cls.pupils, {("Lê Thị An", "tx1"): "7"})
        )
        small = count_queries(lambda: client.get(TOAN.format(cls.id)))
    with at(SETUP):
        pupils = [
            make_student(school.s1b, cls, full_name=f"Phạm Văn Học {i}")
            for i in range(40)
        ]
        db.session.commit()
    with at(TODAY):
        for p in pupils:
            db.session.add(
                Mark(
                    school_id=cls.school_id,
                    year=2026,
                    student_id=p.id,
                    class_id=cls.id,
                    subject_code="toan",
                    semester=1,
                    kind="gk",
                    position=1,
                    score=8,
                    day=TODAY.date(),
                )
            )
        db.session.commit()
        client = login(school.gv)
        big = count_queries(lambda: client.get(TOAN.format(cls.id)))
    assert big == small
    assert big <= 25
