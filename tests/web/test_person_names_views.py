"""Person names are stored the Vietnamese way (single spaces, each word capitalised,
NFC) whether typed in a form or read from an Excel import: pupils and their parents,
staff, accounts."""

from sqlalchemy import select

from smasweb.extensions import db
from smasweb.models import StaffMember, Student, User
from smasweb.services import units
from smasweb.services.schools import records as schools
from tests.services.test_schools import YEAR, profile
from tests.services.test_staff_import import person
from tests.services.test_staff_import import xlsx as staff_xlsx
from tests.services.test_students_import import add_class, student, xlsx
from tests.web.test_staff_views import FORM as STAFF_FORM
from tests.web.test_students_views import FORM as STUDENT_FORM
from tests.web.test_students_views import make_class


def test_pupil_and_parent_names_typed_carelessly_are_stored_capitalised(world, login):
    cls = make_class(world.s1)
    db.session.commit()
    data = {
        **STUDENT_FORM,
        "full_name": "  nguyễn thị  mai anh ",
        "father_name": "ĐẶNG VĂN A",
        "mother_name": "đỗ thị ánh",
        "class_id": str(cls.id),
    }
    resp = login(world.clerk).post("/students/new", data=data)
    assert resp.status_code == 303, resp.text[:500]
    pupil = db.session.scalars(select(Student)).one()
    assert pupil.full_name == "Nguyễn Thị Mai Anh"
    assert (pupil.father_name, pupil.mother_name) == ("Đặng Văn A", "Đỗ Thị Ánh")
    page = login(world.clerk).get(f"/students/{pupil.id}").text
    assert "Nguyễn Thị Mai Anh" in page


def test_staff_name_typed_in_capitals_is_stored_capitalised(world, login):
    data = {**STAFF_FORM, "full_name": "TRẦN  THỊ MAI"}
    resp = login(world.clerk).post("/staff/new", data=data)
    assert resp.status_code == 303, resp.text[:500]
    assert db.session.scalars(select(StaffMember.full_name)).one() == "Trần Thị Mai"


def test_account_full_name_is_stored_capitalised(world, login):
    resp = login(world.leader).post(
        "/accounts/new",
        data={
            "username": "gv.hoa",
            "full_name": "nguyễn   thị hoa",
            "role": "teacher",
            "unit_code": world.s1.code,
        },
    )
    assert resp.status_code == 303
    user = db.session.scalars(select(User).filter_by(username="gv.hoa")).one()
    assert user.full_name == "Nguyễn Thị Hoa"


def test_pupil_import_stores_names_capitalised(world, login):
    add_class(world.s1, "1A")
    db.session.commit()
    row = student(full_name="nguyễn  NGỌC anh", guardian_name="võ văn tám")
    data = {"file": (xlsx([row]), "hoc-sinh.xlsx"), "action": "save"}
    resp = login(world.clerk).post("/students/import", data=data)
    assert resp.status_code in (200, 303), resp.text[:500]
    pupil = db.session.scalars(select(Student)).one()
    assert (pupil.full_name, pupil.guardian_name) == ("Nguyễn Ngọc Anh", "Võ Văn Tám")


def test_staff_import_stores_names_capitalised(world, login):
    row = person(full_name="LÊ   văn bình")
    data = {"file": (staff_xlsx([row]), "can-bo.xlsx"), "action": "save"}
    resp = login(world.clerk).post("/staff/import", data=data)
    assert resp.status_code in (200, 303), resp.text[:500]
    assert db.session.scalars(select(StaffMember.full_name)).one() == "Lê Văn Bình"


def test_unit_head_and_school_profile_names_are_capitalised(world, login):
    data = units.UnitData(
        code=world.d1.code, name=world.d1.name, kind="district", head_name="lê VĂN tám"
    )
    units.update_unit(world.admin, world.d1, data)
    assert world.d1.head_name == "Lê Văn Tám"
    saved = schools.save_profile(
        world.clerk,
        world.s1,
        YEAR,
        profile(principal_name="trần  thị hạnh", data_officer_name="VÕ AN"),
        None,
    )
    assert (saved.principal_name, saved.data_officer_name) == ("Trần Thị Hạnh", "Võ An")
