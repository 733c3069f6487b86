"""The leader's "Giao lớp" page (/attendance/teachers): give a teacher a class and
take it back, the teacher's /attendance/ and roll call following; the form's
Vietnamese errors; other roles and schools refused; the closed window's 423. And the
class edit page's GVCN: the teacher's account then takes that class's roll call."""

import re
from datetime import datetime

import pytest
import time_machine
from sqlalchemy import select

from smasweb import clock
from smasweb.extensions import db
from smasweb.models import AuditEntry, ClassGroup, User
from smasweb.models.attendance import AttendanceRecord, ClassTeacher
from smasweb.services.calendar import rules as calendar_rules
from tests.factories import make_staff, make_student

pytestmark = pytest.mark.real_calendar

OPEN = datetime(2026, 9, 3, 9, tzinfo=clock.VN_TZ)  # the classes' window (1–6/9)
LATER = datetime(2026, 9, 4, 9, tzinfo=clock.VN_TZ)
TODAY = datetime(2026, 10, 14, 8, tzinfo=clock.VN_TZ)  # a Wednesday; window closed
PAGE = "/attendance/teachers"
DAY_URL = "/attendance/{}/2026-10-14"


def at(moment):
    return time_machine.travel(moment, tick=False)


def _class(school, name, staff=None):
    cls = ClassGroup(
        school_id=school.id,
        year=2026,
        grade="03",
        name=name,
        session_pattern="4",
        homeroom_staff_id=staff.id if staff else None,
    )
    db.session.add(cls)
    db.session.flush()
    return cls


@pytest.fixture
def school(world):
    """Ánh (world.teacher) is homeroom teacher of 3A; 3B (two pupils) is Bình's;
    s2 has a class of its own."""
    with at(OPEN):
        calendar_rules.ensure_year(2026)
        world.anh = make_staff(world.s1, full_name="Đỗ Thị Ánh")
        world.teacher.staff_id = world.anh.id
        world.a = _class(world.s1, "3A", world.anh)
        world.binh = make_staff(world.s1, full_name="Trần Văn Bình")
        world.b = _class(world.s1, "3B", world.binh)
        world.b.pupils = [
            make_student(world.s1, world.b, full_name=n)
            for n in ("Lê Thị An", "Phạm Văn Dũng")
        ]
        world.s2_class = _class(world.s2, "3C")
        db.session.commit()
    return world


def _give(client, w, cls):
    return client.post(PAGE, data={"staff_id": str(w.anh.id), "class_id": str(cls.id)})


def test_the_leader_gives_a_class_and_the_teacher_takes_its_roll_call(school, login):
    w = school
    with at(OPEN):
        leader = login(w.leader)
        index = leader.get("/attendance/")
        assert f'href="{PAGE}"' in index.text and "Giao lớp cho giáo viên" in index.text
        page = leader.get(PAGE)
        assert page.status_code == 200
        assert "Đỗ Thị Ánh" in page.text and "Trần Văn Bình" in page.text
        assert f'href="{PAGE}?staff={w.anh.id}#give-form"' in page.text
        chosen = leader.get(f"{PAGE}?staff={w.anh.id}")
        assert f'<option selected value="{w.anh.id}">' in chosen.text
        given = _give(leader, w, w.b)
        assert given.status_code == 303 and given.headers["Location"] == PAGE
        after = leader.get(PAGE)
    assert "Đã giao lớp 3B cho Đỗ Thị Ánh." in after.text
    assert "Thu hồi" in after.text
    entry = db.session.scalars(
        select(AuditEntry).where(AuditEntry.table_name == "class_teachers")
    ).one()
    assert (entry.action, entry.user_id) == ("insert", w.leader.id)
    with at(TODAY):
        teacher = login(w.teacher)
        mine = teacher.get("/attendance/")
        assert DAY_URL.format(w.b.id) in mine.text
        assert "Lớp được giao" in mine.text and "Lớp chủ nhiệm" in mine.text
        assert "Giao lớp cho giáo viên" not in mine.text
        assert teacher.get(DAY_URL.format(w.b.id)).status_code == 200
        pupil = w.b.pupils[0]
        saved = teacher.post(DAY_URL.format(w.b.id), data={f"a{pupil.id}sang": "K"})
    assert saved.status_code == 303
    rec = db.session.scalars(select(AttendanceRecord)).one()
    assert (rec.class_id, rec.student_id, rec.status) == (w.b.id, pupil.id, "K")


def test_a_class_taken_back_is_no_longer_the_teachers(school, login):
    w = school
    with at(OPEN):
        leader = login(w.leader)
        assert _give(leader, w, w.b).status_code == 303
    row_id = db.session.scalar(select(ClassTeacher.id))
    with at(LATER):
        leader = login(w.leader)  # the next day: a new session
        taken = leader.post(f"{PAGE}/given/{row_id}/delete")
        assert taken.status_code == 303
        after = leader.get(taken.headers["Location"])
    assert "Đã thu hồi lớp 3B của Đỗ Thị Ánh." in after.text
    assert db.session.scalars(select(ClassTeacher)).all() == []
    actions = db.session.scalars(
        select(AuditEntry.action)
        .where(AuditEntry.table_name == "class_teachers")
        .order_by(AuditEntry.id)
    ).all()
    assert actions == ["insert", "delete"]
    with at(TODAY):
        teacher = login(w.teacher)
        mine = teacher.get("/attendance/")
        refused = teacher.get(DAY_URL.format(w.b.id))
    assert DAY_URL.format(w.a.id) in mine.text
    assert DAY_URL.format(w.b.id) not in mine.text
    assert refused.status_code == 403


def test_the_forms_errors_are_in_vietnamese_next_to_the_field(school, login):
    w = school
    with at(OPEN):
        leader = login(w.leader)
        empty = leader.post(PAGE, data={})
        homeroom = _give(leader, w, w.a)
        forged = _give(leader, w, w.s2_class)  # another school's class
    assert empty.status_code == 422
    assert '<p id="staff_id-error" class="error">Hãy chọn giáo viên.</p>' in empty.text
    assert '<p id="class_id-error" class="error">Hãy chọn lớp.</p>' in empty.text
    assert homeroom.status_code == 422
    assert (
        '<p id="class_id-error" class="error">'
        "Đỗ Thị Ánh là giáo viên chủ nhiệm lớp 3A.</p>"
    ) in homeroom.text
    assert forged.status_code == 422
    assert "Giá trị không có trong danh mục." in forged.text
    assert db.session.scalars(select(ClassTeacher)).all() == []


def test_other_roles_and_schools_are_refused(school, login):
    w = school
    with at(OPEN):
        leader = login(w.leader)
        assert _give(leader, w, w.b).status_code == 303
        row_id = db.session.scalar(select(ClassTeacher.id))
        for user in (w.clerk, w.teacher):
            client = login(user)
            assert client.get(PAGE).status_code == 403
            assert _give(client, w, w.b).status_code == 403
            assert client.post(f"{PAGE}/given/{row_id}/delete").status_code == 403
        assert login(w.district).get(PAGE).status_code == 404
        leader2 = login(w.leader2)
        assert leader2.post(f"{PAGE}/given/{row_id}/delete").status_code == 404
        assert leader2.post(f"{PAGE}/given/{row_id + 99}/delete").status_code == 404
    assert db.session.scalars(select(ClassTeacher.id)).all() == [row_id]


def test_outside_the_classes_window_the_page_is_read_only_and_a_post_is_423(
    school, login
):
    w = school
    with at(OPEN):
        assert _give(login(w.leader), w, w.b).status_code == 303
    with at(TODAY):
        leader = login(w.leader)
        page = leader.get(PAGE)
        refused = leader.post(
            PAGE, data={"staff_id": str(w.binh.id), "class_id": str(w.a.id)}
        )
    assert page.status_code == 200
    assert "đã khóa số liệu ngày 09/09/2026" in page.text
    assert '<button type="submit" disabled>Giao lớp</button>' in page.text
    assert '<button type="submit" class="link" disabled>Thu hồi</button>' in page.text
    assert refused.status_code == 423
    assert "Không lưu được «Lớp học» của Trường Tiểu học Long Phước" in refused.text
    assert len(db.session.scalars(select(ClassTeacher)).all()) == 1


def test_a_homeroom_teacher_chosen_on_the_class_page_takes_its_roll_call(
    school, login, app
):
    """End to end: the leader gives Bình (3B's homeroom teacher) an account, then
    makes Bình homeroom teacher of a new class 3D on the class page; Bình signs in,
    sees both as "Lớp chủ nhiệm" and takes 3D's roll call."""
    w = school
    with at(OPEN):
        leader = login(w.leader)
        made = leader.post(f"/staff/{w.binh.id}/account", data={"role": "teacher"})
        assert made.status_code == 200
        new = leader.post(
            f"/schools/classes/new?school={w.s1.id}&year=2026",
            data={"grade": "03", "name": "3D", "session_pattern": "4"},
        )
        assert new.status_code == 303
        cls = db.session.scalars(select(ClassGroup).filter_by(name="3D")).one()
        hoa = make_student(w.s1, cls, full_name="Võ Thị Hoa")
        db.session.commit()
        edited = leader.post(
            f"/schools/classes/{cls.id}/edit",
            data={
                "grade": "03",
                "name": "3D",
                "session_pattern": "4",
                "homeroom_staff_id": str(w.binh.id),
                "version": str(cls.version),
            },
        )
        assert edited.status_code == 303
    account = db.session.scalars(select(User).filter_by(staff_id=w.binh.id)).one()
    temp = re.search(r'<code class="secret">([^<]+)</code>', made.text).group(1)
    with at(TODAY):
        binh = app.test_client()  # Bình signs in on its own device, as a new user
        signed = binh.post(
            "/login", data={"username": account.username, "password": temp}
        )
        assert signed.status_code == 303
        changed = binh.post(
            "/password",
            data={
                "current_password": temp,
                "new_password": "MatKhauMoi2026",
                "confirm": "MatKhauMoi2026",
            },
        )
        assert changed.status_code == 303
        home = binh.get("/")
        mine = binh.get("/attendance/")
        day = binh.get(DAY_URL.format(cls.id))
        saved = binh.post(DAY_URL.format(cls.id), data={f"a{hoa.id}sang": "P"})
    assert "Lớp chủ nhiệm" in home.text
    assert DAY_URL.format(cls.id) in mine.text and DAY_URL.format(w.b.id) in mine.text
    assert "<td>Lớp chủ nhiệm</td>" in mine.text
    assert day.status_code == 200 and "Võ Thị Hoa" in day.text
    assert saved.status_code == 303
    rec = db.session.scalars(select(AttendanceRecord)).one()
    assert (rec.class_id, rec.student_id, rec.status) == (cls.id, hoa.id, "P")
