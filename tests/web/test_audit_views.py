"""Audit pages: a record's history (full page and edit-page fragment), the admins'
search and export, and who may see which history."""

from datetime import date, datetime
from io import BytesIO

import pytest
import time_machine
from openpyxl import load_workbook
from sqlalchemy import func, select

from smasweb import clock
from smasweb.extensions import db
from smasweb.models import (
    AuditEntry,
    BudgetLine,
    Campus,
    ClassGroup,
    EquipmentItem,
    Room,
    SchoolProfile,
)
from smasweb.services import years as school_years
from tests.conftest import HX, HX_BOOSTED, HX_HISTORY
from tests.factories import make_unit, make_user

ROOM = {"kind": "classroom", "construction": "kien_co", "quantity": "2"}


def add_room(school, **values) -> Room:
    room = Room(school_id=school.id, kind="classroom", construction="kien_co")
    for key, value in values.items():
        setattr(room, key, value)
    db.session.add(room)
    db.session.commit()
    return room


def add_class(school, name="1A") -> ClassGroup:
    year = school_years.current_year()  # past years are closed to writes
    school_years.ensure_year(year)
    cls = ClassGroup(school_id=school.id, year=year, grade="01", name=name)
    db.session.add(cls)
    db.session.commit()
    return cls


def add_row(model, school, **values):
    """Any governed row of the current school year (profiles, budget lines…)."""
    if "year" in values:
        school_years.ensure_year(values["year"])
    row = model(school_id=school.id, **values)
    db.session.add(row)
    db.session.commit()
    return row


YEAR = school_years.current_year
EDIT_PAGES = [
    ("rooms", lambda w: add_room(w.s1), "/facilities/rooms/{id}/edit"),
    ("class_groups", lambda w: add_class(w.s1), "/schools/classes/{id}/edit"),
    (
        "campuses",
        lambda w: add_row(Campus, w.s1, code="C2", name="Ấp Hai"),
        "/schools/campuses/{id}/edit",
    ),
    (
        "equipment_items",
        lambda w: add_row(
            EquipmentItem, w.s1, kind="equipment", code="TH1-TOAN-01", quantity=2
        ),
        "/facilities/equipment/{id}/edit",
    ),
    (
        "budget_lines",
        lambda w: add_row(
            BudgetLine, w.s1, year=YEAR(), category="01", description="Lương"
        ),
        "/finance/lines/{id}/edit",
    ),
    (
        "school_profiles",
        lambda w: add_row(
            SchoolProfile,
            w.s1,
            year=YEAR(),
            name=w.s1.name,
            level_group="06",
            ownership="01",
        ),
        "/schools/{school}/profile/edit",
    ),
]


def audit_count() -> int:
    return db.session.scalar(select(func.count()).select_from(AuditEntry))


def test_a_room_edited_by_form_shows_old_and_new_values_in_its_history(world, login):
    room = add_room(world.s1, name="Phòng 1", quantity=1)
    client = login(world.clerk)
    data = {**ROOM, "name": "Phòng Thư viện", "version": str(room.version)}
    assert (
        client.post(f"/facilities/rooms/{room.id}/edit", data=data).status_code == 303
    )
    row = db.session.scalars(
        select(AuditEntry).where(AuditEntry.action == "update")
    ).one()
    assert row.changes == {"name": ["Phòng 1", "Phòng Thư viện"], "quantity": [1, 2]}
    assert (row.user_id, row.school_id, row.record_id) == (
        world.clerk.id,
        world.s1.id,
        room.id,
    )
    page = client.get(f"/audit/record/rooms/{room.id}").text
    assert "<h1>Phòng Thư viện · Trường Tiểu học Long Phước</h1>" in page
    assert "Tên phòng: Phòng 1 → Phòng Thư viện" in page
    assert "Số phòng: 1 → 2" in page
    assert "Võ Văn An (cb1)" in page
    assert "Sửa" in page and "Tạo mới" in page
    assert "Loại phòng: Phòng học" in page  # the creation, with code labels


def test_history_shows_vietnam_time(world, login):
    with time_machine.travel(datetime(2024, 9, 2, 0, 30, tzinfo=clock.VN_TZ)):
        room = add_room(world.s1)
    page = login(world.clerk).get(f"/audit/record/rooms/{room.id}").text
    assert "02/09/2024 00:30" in page


def test_a_deleted_class_keeps_its_history_for_its_school_only(world, login):
    cls = add_class(world.s1, "1A")
    class_id, client = cls.id, login(world.clerk)
    client.post(
        f"/schools/classes/{class_id}/edit",
        data={"grade": "01", "name": "1A1", "version": str(cls.version)},
    )
    assert client.post(f"/schools/classes/{class_id}/delete").status_code == 303
    assert db.session.get(ClassGroup, class_id) is None
    page = login(world.leader).get(f"/audit/record/class_groups/{class_id}")
    assert page.status_code == 200
    assert "Bản ghi này đã bị xóa" in page.text
    assert "Lớp 1A1" in page.text
    assert "Tên lớp: 1A → 1A1" in page.text
    assert "Xóa" in page.text
    other = login(world.leader2).get(f"/audit/record/class_groups/{class_id}")
    assert other.status_code == 404


@pytest.mark.parametrize(
    ("who", "school", "table", "status"),
    [
        ("district", "s1", "rooms", 200),
        ("district", "s2", "rooms", 404),
        ("district2", "s2", "rooms", 200),
        ("admin", "s2", "rooms", 200),
        ("division_mnth", "s1", "class_groups", 200),  # classes, levels 01-02
        ("division_mnth", "s1", "rooms", 404),  # not its field
        ("division_mnth", "thpt", "class_groups", 404),  # not its levels
        ("division", "s1", "class_groups", 404),  # TCCB: staff only
        ("clerk", "s2", "rooms", 404),
    ],
)
def test_who_sees_which_history(world, login, who, school, table, status):
    unit = getattr(world, school)
    record = add_room(unit) if table == "rooms" else add_class(unit)
    resp = login(getattr(world, who)).get(f"/audit/record/{table}/{record.id}")
    assert resp.status_code == status


@pytest.mark.parametrize(
    "path", ["/audit/record/users/1", "/audit/record/rooms/999999", "/audit/record/x/1"]
)
def test_unknown_table_or_record_is_404(world, login, path):
    assert login(world.admin).get(path).status_code == 404


def test_history_fragment_is_the_section_and_boosted_gets_the_page(world, login):
    room = add_room(world.s1)
    client = login(world.clerk)
    url = f"/audit/record/rooms/{room.id}"
    frag = client.get(url, headers=HX)
    assert frag.status_code == 200
    assert frag.text.lstrip().startswith('<section id="record-history">')
    assert "<html" not in frag.text
    assert "HX-Request" in frag.vary
    for headers in (HX_BOOSTED, HX_HISTORY):
        full = client.get(url, headers=headers)
        assert "<html" in full.text and 'id="record-history"' in full.text


@pytest.mark.parametrize(("table", "make", "edit_url"), EDIT_PAGES)
def test_edit_pages_link_the_history_for_htmx_and_without_js(
    world, login, table, make, edit_url
):
    record = make(world)
    client = login(world.clerk)
    page = client.get(edit_url.format(id=record.id, school=world.s1.id)).text
    url = f"/audit/record/{table}/{record.id}"
    assert f'href="{url}"' in page
    assert f'hx-get="{url}"' in page
    assert 'hx-target="#record-history"' in page
    assert "Lịch sử thay đổi" in page
    history = client.get(url, headers=HX)
    assert history.status_code == 200
    assert "Tạo mới" in history.text


def test_long_histories_are_paged(world, login):
    room = add_room(world.s1, name="0")
    for n in range(1, 30):
        room.name = str(n)
        db.session.commit()
    client = login(world.clerk)
    first = client.get(f"/audit/record/rooms/{room.id}", headers=HX).text
    assert "Trang 1/2" in first
    assert "Tên phòng: 28 → 29" in first
    second = client.get(f"/audit/record/rooms/{room.id}?page=2", headers=HX).text
    assert "Tên phòng: 0 → 1" in second
    assert "Tên phòng: 28 → 29" not in second


@pytest.mark.real_calendar
def test_a_refused_save_after_the_lock_leaves_no_audit_row(app, world, login):
    with time_machine.travel(datetime(2026, 9, 5, 9, 0, tzinfo=clock.VN_TZ)):
        room = add_room(world.s1, name="A")
    before = audit_count()
    app.config["TODAY"] = date(2026, 9, 10)  # the day after the lock
    try:
        resp = login(world.clerk).post(
            f"/facilities/rooms/{room.id}/edit",
            data={**ROOM, "name": "B", "version": str(room.version)},
        )
    finally:
        app.config["TODAY"] = None
    assert resp.status_code == 423
    assert audit_count() == before == 1
    db.session.refresh(room)
    assert room.name == "A"


@pytest.mark.parametrize("who", ["division", "district", "leader", "clerk"])
def test_only_admins_open_the_search(world, login, who):
    client = login(getattr(world, who))
    assert client.get("/audit/").status_code == 403
    assert client.get("/audit/export.xlsx").status_code == 403


@pytest.fixture
def trail(world):
    """Rooms of s1 edited by its clerk on 01/09, and of s2 by its clerk on 03/09."""
    with time_machine.travel(datetime(2024, 9, 1, 23, 30, tzinfo=clock.VN_TZ)):
        db.session.info["actor"] = (world.clerk.id, "Võ Văn An (cb1)")
        add_room(world.s1, name="Phòng A")
    with time_machine.travel(datetime(2024, 9, 3, 8, 0, tzinfo=clock.VN_TZ)):
        db.session.info["actor"] = (world.clerk2.id, "Người Hai (cb2)")
        add_room(world.s2, name="Phòng B")
        add_class(world.s2, "2B")
    db.session.info.pop("actor")


@pytest.mark.parametrize(
    ("query", "shown", "hidden"),
    [
        ("", ("Phòng A", "Phòng B", "2B"), ()),
        ("school=long+phuoc", ("Phòng A",), ("Phòng B",)),
        ("school=86862001", ("Phòng B", "2B"), ("Phòng A",)),
        ("user=vo+van+an", ("Phòng A",), ("Phòng B",)),
        ("user=cb2", ("Phòng B", "2B"), ("Phòng A",)),
        ("date_from=02/09/2024", ("Phòng B", "2B"), ("Phòng A",)),
        ("date_to=01/09/2024", ("Phòng A",), ("Phòng B",)),
        ("field=classes", ("2B",), ("Phòng A", "Phòng B")),
        ("field=facilities&school=tra+con", ("Phòng B",), ("Phòng A", "2B")),
    ],
)
def test_admin_search_filters(world, trail, login, query, shown, hidden):
    resp = login(world.admin).get(f"/audit/?{query}", headers=HX)
    assert resp.status_code == 200
    assert resp.text.lstrip().startswith('<section id="audit-results">')
    for text in shown:
        assert f"Tên {'lớp' if text == '2B' else 'phòng'}: {text}" in resp.text
    for text in hidden:
        assert text not in resp.text
    assert f"{len(shown)} thay đổi" in resp.text


def test_search_rows_link_to_the_record_history(world, trail, login):
    room = db.session.scalars(select(Room).where(Room.name == "Phòng A")).one()
    page = login(world.admin).get("/audit/?school=86857001").text
    assert f'href="/audit/record/rooms/{room.id}"' in page
    assert "Võ Văn An (cb1)" in page
    assert "01/09/2024 23:30" in page


def test_a_bad_date_is_reported_and_ignored(world, trail, login):
    resp = login(world.admin).get("/audit/?date_from=31/02/2024", headers=HX)
    assert resp.status_code == 200
    assert "Ngày không hợp lệ" in resp.text
    assert "3 thay đổi" in resp.text


def test_export_has_the_filtered_rows(world, trail, login):
    resp = login(world.admin).get("/audit/export.xlsx?school=tra+con")
    assert resp.status_code == 200
    assert resp.mimetype.endswith("spreadsheetml.sheet")
    rows = list(
        load_workbook(BytesIO(resp.data)).worksheets[0].iter_rows(values_only=True)
    )
    assert rows[0][:4] == ("Thời gian", "Mã trường", "Tên trường", "Người thực hiện")
    assert len(rows) == 3
    assert {r[1] for r in rows[1:]} == {"86862001"}
    assert any("Tên phòng: Phòng B" in r[8] for r in rows[1:])


def test_search_queries_do_not_grow_with_rows(world, trail, login, count_queries):
    client = login(world.admin)
    small = count_queries(lambda: client.get("/audit/"))
    for n in range(30):
        school = make_unit("school", world.d1, name=f"Trường Tiểu học Số {n}")
        user = make_user("school_clerk", school)
        db.session.info["actor"] = (user.id, user.full_name)
        add_room(school, name=f"P{n}")
    large = count_queries(lambda: client.get("/audit/"))
    assert large == small, (small, large)
    assert large <= 6


def test_history_names_the_campus_a_room_moved_to(world, login):
    main = Campus(school_id=world.s1.id, code="C", name="Điểm chính", is_main=True)
    annex = Campus(school_id=world.s1.id, code="L", name="Điểm lẻ Phước Hậu")
    db.session.add_all([main, annex])
    db.session.commit()
    room = add_room(world.s1, name="Phòng 2", campus_id=main.id)
    data = {**ROOM, "name": "Phòng 2", "campus_id": str(annex.id), "version": "1"}
    client = login(world.clerk)
    assert (
        client.post(f"/facilities/rooms/{room.id}/edit", data=data).status_code == 303
    )
    page = client.get(f"/audit/record/rooms/{room.id}").text
    assert "Điểm chính → Điểm lẻ Phước Hậu" in page


def test_a_staff_history_masks_personal_data_for_readers_outside_the_school(
    world, login
):
    from tests.factories import make_staff

    person = make_staff(world.s1, full_name="Lê Thị Hoa", personal_id="086185001234")
    db.session.commit()
    person.phone = "0912345678"
    db.session.commit()
    url = f"/audit/record/staff_members/{person.id}"
    own = login(world.clerk).get(url).text
    tccb = login(world.division).get(url)
    assert "Hồ sơ cán bộ Lê Thị Hoa" in own
    assert "086185001234" in own and "0912345678" in own
    assert "Giới tính: Nữ" in own  # code labels
    assert tccb.status_code == 200
    assert "086185001234" not in tccb.text and "0912345678" not in tccb.text
    assert "••••••••••34" in tccb.text


def test_every_governed_table_and_audited_column_has_a_label():
    from smasweb.blueprints.audit.labels import column_labels, table_label
    from smasweb.models.base import SchoolOwned
    from smasweb.services.audit.trail import SKIPPED

    for name, model in SchoolOwned.governed().items():
        assert table_label(name) != name and model.__label__.strip()
        unlabelled = [
            c.key
            for c in model.__table__.c
            if c.key not in SKIPPED and c.key not in column_labels(name)
        ]
        assert unlabelled == [], name


def test_student_histories_read_in_vietnamese(world, login):
    from smasweb.models import Enrollment, Movement
    from tests.factories import make_student

    cls = add_class(world.s1, "1A")
    student = make_student(world.s1, cls, full_name="Trần Văn Bé", gender="01")
    db.session.add(Movement(school_id=world.s1.id, student_id=student.id, year=YEAR(),
                            kind="admission", on_date=date(2024, 9, 5), term="1"))  # fmt: skip
    db.session.commit()
    student.father_birth_year = 1985
    db.session.commit()
    search = login(world.admin).get("/audit/").text
    for noun in ("Hồ sơ học sinh", "Xếp lớp học sinh", "Biến động học sinh"):
        assert noun in search
    assert "students số" not in search and "movements số" not in search
    own = login(world.clerk).get(f"/audit/record/students/{student.id}").text
    assert "Hồ sơ học sinh Trần Văn Bé" in own
    assert "Giới tính: Nam" in own and "Năm sinh của cha: (trống) → 1985" in own
    enrol = db.session.scalars(select(Enrollment.id)).one()
    page = login(world.clerk).get(f"/audit/record/enrollments/{enrol}").text
    assert "Học sinh: Trần Văn Bé" in page and "Lớp: 1A" in page
    move = db.session.scalars(select(Movement.id)).one()
    page = login(world.clerk).get(f"/audit/record/movements/{move}").text
    assert "Loại biến động: Nhập học mới" in page
    assert "Ngày: 05/09/2024" in page and "Học kỳ: Học kỳ 1" in page
