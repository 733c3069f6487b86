"""Staff services without HTTP: search, validation, years, transfers, accounts."""

from datetime import date

import pytest

from smasweb.extensions import db
from smasweb.models import ClassGroup, StaffMember, User
from smasweb.services import years as school_years
from smasweb.services.accounts import records as accounts
from smasweb.services.errors import (
    Conflict,
    NotFound,
    PermissionDenied,
    ValidationFailed,
)
from smasweb.services.staff import records as staff
from smasweb.services.staff import transfers as staff_transfers
from smasweb.services.staff import years as staff_years
from tests.factories import make_staff

# A woman born 20/05/1985, birth registered in Vĩnh Long (086), century digit 1.
PID = "086185000123"


def data(**overrides) -> staff.StaffData:
    values = dict(
        full_name="Trần Thị Mai",
        gender="02",
        birth_date=date(1985, 5, 20),
        group="03",
        position="35",
        contract="07",
        qualification="16",
        status="01",
    )
    values.update(overrides)
    return staff.StaffData(**values)


def names(actor, **filters) -> list[str]:
    rows, _ = staff.search_staff(actor, staff.StaffFilters(**filters))
    return [m.full_name for m, _ in rows]


def test_search_ignores_diacritics_and_sorts_by_given_name(world):
    make_staff(world.s1, full_name="Nguyễn Văn Bình")
    make_staff(world.s1, full_name="Trần Thị Anh")
    make_staff(world.s1, full_name="Lê Văn Cường")
    assert names(world.clerk) == ["Trần Thị Anh", "Nguyễn Văn Bình", "Lê Văn Cường"]
    assert names(world.clerk, q="nguyen") == ["Nguyễn Văn Bình"]
    assert names(world.clerk, q="CUONG le") == ["Lê Văn Cường"]


def test_search_filters_and_default_working_status(world):
    make_staff(world.s1, full_name="Đang Làm")
    make_staff(world.s1, full_name="Đã Hưu", status="05")
    make_staff(world.s1, full_name="Kế Toán", group="02", position="15")
    assert names(world.clerk, group="02") == ["Kế Toán"]
    assert "Đã Hưu" not in names(world.clerk)
    assert "Đã Hưu" in names(world.clerk, status="all")
    assert names(world.clerk, status="05") == ["Đã Hưu"]


def test_scope_of_the_list(world):
    make_staff(world.s1, full_name="Ở Long Phước")
    make_staff(world.s2, full_name="Ở Trà Côn")
    assert names(world.clerk) == ["Ở Long Phước"]
    assert names(world.district) == ["Ở Long Phước"]
    assert sorted(names(world.division)) == ["Ở Long Phước", "Ở Trà Côn"]
    assert names(world.admin, school="86862001") == ["Ở Trà Côn"]
    assert names(world.admin, school="tra con") == ["Ở Trà Côn"]
    with pytest.raises(NotFound):
        staff.search_staff(world.division_mnth, staff.StaffFilters())


def test_other_district_gets_not_found(world):
    member = make_staff(world.s2)
    with pytest.raises(NotFound):
        staff.get_staff(world.district, member.id)
    assert staff.get_staff(world.district2, member.id) is member


def test_create_generates_code_and_computes_standard(world):
    member = staff.create_staff(world.clerk, world.s1, data(personal_id=PID))
    assert member.code == "CB0001"
    assert member.training_standard == "01"  # primary teacher with ĐHSP
    assert member.name_folded == "tran thi mai cb0001"
    other = staff.create_staff(world.clerk, world.s1, data(qualification="18"))
    assert other.code == "CB0002"
    assert other.training_standard == "03"  # trung cấp: below the standard


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"full_name": "  "}, "full_name", "Bắt buộc nhập."),
        ({"birth_date": date(2015, 1, 1)}, "birth_date", "từ 18 đến 70 tuổi"),
        ({"personal_id": "086085000123"}, "personal_id", "Chữ số thứ 4"),
        ({"personal_id": "12345"}, "personal_id", "12 chữ số"),
        ({"phone": "0123"}, "phone", "Số điện thoại không hợp lệ"),
        ({"email": "a@b"}, "email", "thư điện tử"),
        ({"group": "01"}, "position", "thuộc nhóm giáo viên"),
        ({"position": "01"}, "position", "thuộc nhóm cán bộ quản lý"),
        ({"ethnicity": "99x"}, "ethnicity", "danh mục"),
        ({"recruited_on": date(2999, 1, 1)}, "recruited_on", "tương lai"),
        ({"party_joined_on": date(2000, 1, 1)}, "party_joined_on", "đủ 18 tuổi"),
        ({"standard_override": "02"}, "standard_override_reason", "lý do"),
        ({"code": "có dấu"}, "code", "không dấu"),
    ],
)
def test_create_refuses_bad_values_next_to_the_field(world, overrides, field, message):
    with pytest.raises(ValidationFailed) as exc:
        staff.create_staff(world.clerk, world.s1, data(**overrides))
    assert exc.value.field == field
    assert message in exc.value.message


def test_phone_accepts_mobile_and_landline(world):
    member = staff.create_staff(world.clerk, world.s1, data(phone="0912 345 678"))
    assert member.phone == "0912345678"
    other = staff.create_staff(world.clerk, world.s1, data(phone="02703823456"))
    assert other.phone == "02703823456"


def test_code_unique_per_school(world):
    make_staff(world.s1, code="GV01")
    with pytest.raises(ValidationFailed) as exc:
        staff.create_staff(world.clerk, world.s1, data(code="gv01"))
    assert exc.value.field == "code"
    assert staff.create_staff(world.clerk2, world.s2, data(code="GV01")).code == "GV01"


def test_duplicate_personal_id_names_the_school_only_to_those_who_may_see_it(world):
    make_staff(world.s2, personal_id=PID)
    with pytest.raises(ValidationFailed) as exc:
        staff.create_staff(world.clerk, world.s1, data(personal_id=PID))
    assert "một trường khác" in exc.value.message
    assert "Trà Côn" not in exc.value.message
    make_staff(world.s1b, personal_id="086185000999")
    with pytest.raises(ValidationFailed) as exc:
        staff.check_one(
            world.district,
            world.s1,
            "personal_id",
            data(personal_id="086185000999"),
            None,
        )
    assert "Trường THCS Long Phước" in exc.value.message


def test_stale_version_is_a_conflict(world):
    member = make_staff(world.s1)
    db.session.commit()
    with pytest.raises(Conflict):
        staff.update_staff(world.clerk, member, data(), member.version - 1)


def test_only_the_school_writes(world):
    member = make_staff(world.s1)
    for actor in (world.teacher, world.district):
        with pytest.raises(PermissionDenied):
            staff.update_staff(actor, member, data(), None)


def test_year_sets_and_moves_the_homeroom_link(world):
    member = make_staff(world.s1)
    year = school_years.current_year()  # past years are closed to writes
    staff_years.check_year(year)

    school_years.ensure_year(year)
    a = ClassGroup(school_id=world.s1.id, year=year, grade="01", name="1A")
    b = ClassGroup(school_id=world.s1.id, year=year, grade="01", name="1B")
    db.session.add_all([a, b])
    db.session.flush()
    form = staff_years.YearData(subjects=("01",), homeroom_class_id=a.id)
    row = staff_years.save_year(world.clerk, member, year, form, None)
    assert a.homeroom_staff_id == member.id and row.subjects == "01"
    form = staff_years.YearData(homeroom_class_id=b.id, periods_per_week=18)
    staff_years.save_year(world.clerk, member, year, form, row.version)
    assert a.homeroom_staff_id is None and b.homeroom_staff_id == member.id
    assert row.periods_per_week == 18


def test_year_refuses_foreign_classes_and_subjects(world):
    member = make_staff(world.s1)

    year = school_years.current_year()
    school_years.ensure_year(year)
    other = ClassGroup(school_id=world.s2.id, year=year, grade="01", name="1A")
    db.session.add(other)
    db.session.flush()
    bad_class = staff_years.YearData(homeroom_class_id=other.id)
    with pytest.raises(ValidationFailed) as exc:
        staff_years.save_year(world.clerk, member, year, bad_class, None)
    assert exc.value.field == "homeroom_class_id"
    thcs_subject = staff_years.YearData(subjects=("20",))
    with pytest.raises(ValidationFailed):
        staff_years.save_year(world.clerk, member, year, thcs_subject, None)
    with pytest.raises(NotFound):
        staff_years.check_year(1999)


def test_transfer_moves_the_record_and_keeps_a_trace(world):
    member = make_staff(world.s1, code="GV9")
    make_staff(world.s2, code="GV9")
    move = staff_transfers.TransferData("86862001", date(2024, 9, 1), "QĐ 12")
    row = staff_transfers.transfer(world.clerk, member, move)
    assert member.school_id == world.s2.id and member.status == "07"
    assert row.old_code == "GV9" and member.code.startswith("CB")
    with pytest.raises(NotFound):
        staff.get_staff(world.clerk, member.id)
    assert staff.get_staff(world.clerk2, member.id) is member
    rows, total = staff_transfers.former_staff(world.clerk)
    assert total == 1 and rows[0][1] == member.full_name
    assert staff_transfers.former_staff(world.clerk2)[1] == 0


def test_transfer_rules(world):
    member = make_staff(world.s1)
    with pytest.raises(PermissionDenied):
        staff_transfers.transfer(
            world.teacher,
            member,
            staff_transfers.TransferData("86862001", date.today()),
        )
    with pytest.raises(ValidationFailed) as exc:
        staff_transfers.transfer(
            world.district, member, staff_transfers.TransferData("PGD862", date.today())
        )
    assert exc.value.field == "school_code"


def test_leader_creates_a_linked_teacher_account(world):
    member = make_staff(world.s1, full_name="Đỗ Thị Ánh")
    user, temp = accounts.create_staff_account(world.leader, member, "teacher")
    assert user.staff_id == member.id and user.role == "teacher"
    assert user.username == "dothianh" and user.must_change_password and temp
    with pytest.raises(ValidationFailed):
        accounts.create_staff_account(world.leader, member, "teacher")
    twin = make_staff(world.s1, full_name="Đỗ Thị Ánh")
    assert accounts.create_staff_account(world.leader, twin, "teacher")[0].username == (
        "dothianh2"
    )
    clerk_member = make_staff(world.s1, group="02", position="15")
    with pytest.raises(ValidationFailed):
        accounts.create_staff_account(world.leader, clerk_member, "teacher")
    with pytest.raises(PermissionDenied):
        accounts.create_staff_account(world.clerk, make_staff(world.s1), "teacher")
    assert db.session.query(User).filter(User.staff_id.is_not(None)).count() == 2
    assert isinstance(member, StaffMember)
