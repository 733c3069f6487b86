"""Schools pages: the officers' list, the school's page, the profile and campus forms."""

from io import BytesIO

import pytest
from openpyxl import load_workbook
from sqlalchemy import func, select

from smasweb.extensions import db
from smasweb.models import Campus, ClassGroup, SchoolProfile
from smasweb.services import years as school_years
from smasweb.services.schools import campuses
from smasweb.services.schools.campuses import CampusData
from tests.conftest import HX, HX_BOOSTED, HX_HISTORY
from tests.factories import unlock_past_years

YEAR = school_years.current_year()  # past years are closed to writes
PROFILE = {
    "name": "Trường Tiểu học Long Phước",
    "level_group": "06",
    "ownership": "01",
    "school_type": "07",
    "standard_level": "02",
    "province_code": "86",
    "district_code": "857",
    "commune_code": "29599",
    "address": "Ấp Phước Yên",
    "region": "03",
    "zone": "02",
    "difficult_area": "00",
    "phone": "02703823456",
    "email": "thlongphuoc@vinhlong.edu.vn",
    "principal_name": "Phạm Thị Lan",
    "principal_phone": "0912345678",
    "founded_on": "05/09/1985",
    "land_area": "5.200,5".replace(".", ""),
    "flags": ["has_electricity", "has_clean_water"],
}


def count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def profile_of(school, year=YEAR):
    return db.session.scalar(
        select(SchoolProfile).where(
            SchoolProfile.school_id == school.id, SchoolProfile.year == year
        )
    )


def test_school_roles_go_straight_to_their_school(world, login):
    resp = login(world.clerk).get("/schools/")
    assert resp.status_code == 302
    assert resp.location == f"/schools/{world.s1.id}"


def test_officer_list_holds_only_schools_in_scope(world, login):
    html = login(world.district).get("/schools/").text
    assert "86857001" in html and "86857002" in html
    assert "86862001" not in html and "86000001" not in html


def test_school_search_ignores_diacritics(world, login):
    html = login(world.admin).get("/schools/?q=tra+con", headers=HX).text
    assert "Trường Tiểu học Trà Côn" in html
    assert "Long Phước" not in html


@pytest.mark.parametrize(
    "url", ["/schools/?q=long", "/schools/?level_group=07", "/schools/?page=2"]
)
def test_school_list_answers_htmx_with_the_results_fragment(world, login, url):
    client = login(world.admin)
    fragment = client.get(url, headers=HX)
    assert fragment.text.lstrip().startswith('<section id="school-results">')
    assert "<html" not in fragment.text
    boosted = client.get(url, headers=HX_BOOSTED)
    assert "<html" in boosted.text and 'id="school-results"' in boosted.text


def test_profiles_export_opens_and_holds_the_schools(world, login):
    client = login(world.clerk)
    client.post(f"/schools/{world.s1.id}/profile/edit?year={YEAR}", data=PROFILE)
    resp = login(world.district).get(f"/schools/profiles.xlsx?year={YEAR}")
    assert resp.status_code == 200
    sheet = load_workbook(BytesIO(resp.data)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:4] == ("Mã trường", "Tên trường", "Đã có hồ sơ", "Số lớp")
    by_code = {r[0]: r for r in rows[1:]}
    assert set(by_code) == {"86857001", "86857002"}
    assert by_code["86857001"][2] == "Có"
    assert "01" in by_code["86857001"] and "Công lập" in by_code["86857001"]


def test_clerk_completes_a_new_years_profile_campuses_and_classes(world, login):
    client = login(world.clerk)
    s1 = world.s1.id
    page = client.get(f"/schools/{s1}?year={YEAR}").text
    assert "Nhập hồ sơ" in page
    resp = client.post(f"/schools/{s1}/profile/edit?year={YEAR}", data=PROFILE)
    assert resp.status_code == 303
    assert resp.location == f"/schools/{s1}?year={YEAR}"
    resp = client.post(
        f"/schools/campuses/new?school={s1}", data={"code": "DC", "name": "Điểm chính"}
    )
    assert resp.status_code == 303
    main = db.session.scalar(select(Campus))
    resp = client.post(
        f"/schools/classes/new?school={s1}&year={YEAR}",
        data={
            "grade": "01",
            "name": "1A",
            "campus_id": str(main.id),
            "planned_size": "30",
        },
    )
    assert resp.status_code == 303
    resp = client.post(
        f"/schools/classes/bulk?school={s1}&year={YEAR}",
        data={"grade": "02", "names": "2A1–2A3"},
    )
    assert resp.status_code == 303
    saved = profile_of(world.s1)
    assert (saved.commune_code, saved.land_area, saved.founded_on.year) == (
        "29599",
        5200.5,
        1985,
    )
    assert saved.has_clean_water and not saved.boarding
    assert main.is_main
    stored = db.session.scalars(select(ClassGroup.name).order_by(ClassGroup.name))
    assert list(stored) == ["1A", "2A1", "2A2", "2A3"]
    page = client.get(f"/schools/{s1}?year={YEAR}").text
    assert "Ấp Phước Yên, Xã Long Phước, Huyện Long Hồ" in page
    assert "5.200,5 m²" in page and "Lớp 2" in page


def test_new_profile_form_is_filled_from_the_unit(world, login):
    html = login(world.clerk).get(f"/schools/{world.s1.id}/profile/edit").text
    assert 'value="Trường Tiểu học Long Phước"' in html
    assert 'id="profile-form"' in html


@pytest.mark.parametrize(
    ("change", "field_id", "message"),
    [
        ({"commune_code": "29542"}, "commune_code", "không thuộc huyện đã chọn"),
        ({"phone": "12345"}, "phone", "Số điện thoại không hợp lệ"),
        ({"founded_on": "31/02/1985"}, "founded_on", "Ngày không hợp lệ"),
        ({"land_area": "-5"}, "land_area", "Giá trị không được âm."),
        ({"name": ""}, "name", "Bắt buộc nhập."),
        ({"email": "khong-phai-email"}, "email", "thư điện tử không hợp lệ"),
        ({"region": "99"}, "region", "Giá trị không có trong danh mục."),
    ],
)
def test_bad_profile_input_is_422_next_to_the_field_and_saves_nothing(
    world, login, change, field_id, message
):
    data = {**PROFILE, **change}
    url = f"/schools/{world.s1.id}/profile/edit?year={YEAR}"
    resp = login(world.clerk).post(url, data=data, headers=HX)
    assert resp.status_code == 422
    assert resp.text.lstrip().startswith('<form id="profile-form"')
    error = resp.text.split(f'id="{field_id}-error"')[1][:200]
    assert message in error
    assert count(SchoolProfile) == 0


def test_stale_profile_form_is_409(world, login):
    client = login(world.clerk)
    url = f"/schools/{world.s1.id}/profile/edit?year={YEAR}"
    client.post(url, data=PROFILE)
    client.post(url, data={**PROFILE, "name": "Tên mới", "version": "1"})
    resp = client.post(url, data={**PROFILE, "name": "Tên cũ", "version": "1"})
    assert resp.status_code == 409
    assert profile_of(world.s1).name == "Tên mới"


def test_copy_last_years_profile_with_one_button(world, login):
    unlock_past_years(world.admin, world.s1, "profile")
    client = login(world.clerk)
    s1 = world.s1.id
    client.post(f"/schools/{s1}/profile/edit?year={YEAR - 1}", data=PROFILE)
    page = client.get(f"/schools/{s1}?year={YEAR}").text
    assert "Sao chép hồ sơ năm trước" in page
    resp = client.post(f"/schools/{s1}/profile/copy?year={YEAR}")
    assert resp.status_code == 303
    assert profile_of(world.s1).commune_code == "29599"
    again = client.post(f"/schools/{s1}/profile/copy?year={YEAR}", headers=HX)
    assert again.status_code == 422
    assert "đã có hồ sơ" in again.text and again.headers["HX-Retarget"] == "#alerts"


def test_copy_without_last_years_profile_is_refused(world, login):
    resp = login(world.clerk).post(f"/schools/{world.s1.id}/profile/copy?year={YEAR}")
    assert resp.status_code == 422
    assert "chưa có hồ sơ để sao chép" in resp.text
    assert count(SchoolProfile) == 0


def test_district_officer_reads_the_school_without_edit_buttons(world, login):
    client = login(world.clerk)
    client.post(f"/schools/{world.s1.id}/profile/edit?year={YEAR}", data=PROFILE)
    page = login(world.district).get(f"/schools/{world.s1.id}?year={YEAR}")
    assert page.status_code == 200
    assert "Phạm Thị Lan" in page.text
    assert "Sửa hồ sơ" not in page.text and "Thêm điểm trường" not in page.text


@pytest.mark.parametrize(
    "url",
    [
        "/schools/{s1}/profile/edit?year=2024",
        "/schools/{s1}/profile/copy?year=2024",
        "/schools/campuses/new?school={s1}",
        "/schools/classes/new?school={s1}",
    ],
)
def test_read_only_officer_writes_are_403_and_change_nothing(world, login, url):
    resp = login(world.district).post(
        url.format(s1=world.s1.id), data={**PROFILE, "code": "X", "grade": "01"}
    )
    assert resp.status_code == 403
    assert count(SchoolProfile) == count(Campus) == count(ClassGroup) == 0


@pytest.mark.parametrize(
    ("who", "url"),
    [
        ("clerk2", "/schools/{s1}"),
        ("clerk2", "/schools/{s1}/profile/edit"),
        ("clerk2", "/schools/campuses/new?school={s1}"),
        ("district", "/schools/{s2}"),
        ("division", "/schools/{s1}"),  # TCCB: staff only
        ("division_mnth", "/schools/{s1b}"),  # MN–TH: not lower secondary
    ],
)
def test_schools_outside_the_scope_are_404(world, login, who, url):
    ids = {"s1": world.s1.id, "s1b": world.s1b.id, "s2": world.s2.id}
    resp = login(getattr(world, who)).get(url.format(**ids))
    assert resp.status_code == 404


def _campus(client, school_id, code, **extra):
    data = {"code": code, "name": f"Điểm {code}", **extra}
    return client.post(f"/schools/campuses/new?school={school_id}", data=data)


def test_main_campus_rule_through_the_forms(world, login):
    client = login(world.leader)
    _campus(client, world.s1.id, "C1")
    _campus(client, world.s1.id, "C2", is_main="y")
    c1, c2 = db.session.scalars(select(Campus).order_by(Campus.code))
    assert (c1.is_main, c2.is_main) == (False, True)
    resp = client.post(f"/schools/campuses/{c2.id}/delete", headers=HX)
    assert resp.status_code == 422
    assert "điểm trường chính" in resp.text
    assert client.post(f"/schools/campuses/{c1.id}/delete").status_code == 303
    assert [c.code for c in db.session.scalars(select(Campus))] == ["C2"]


def test_campus_edit_keeps_the_code_unique_inline(world, login):
    client = login(world.clerk)
    _campus(client, world.s1.id, "C1")
    _campus(client, world.s1.id, "C2")
    c2 = db.session.scalar(select(Campus).where(Campus.code == "C2"))
    resp = client.post(
        f"/schools/campuses/{c2.id}/edit",
        data={"code": "C1", "name": "Điểm C2", "version": str(c2.version)},
    )
    assert resp.status_code == 422
    assert "Mã điểm trường này đã được dùng" in resp.text
    assert db.session.get(Campus, c2.id).code == "C2"


def test_other_schools_campus_is_404(world, login):
    _campus(login(world.clerk), world.s1.id, "C1")
    campus = db.session.scalar(select(Campus))
    client = login(world.clerk2)
    assert client.get(f"/schools/campuses/{campus.id}/edit").status_code == 404
    assert client.post(f"/schools/campuses/{campus.id}/delete").status_code == 404
    assert count(Campus) == 1


def test_year_picker_lists_the_known_years(world, login):
    school_years.ensure_year(2019)
    db.session.commit()
    html = login(world.clerk).get(f"/schools/{world.s1.id}").text
    assert '<option value="2019">2019-2020</option>' in html


FRAGMENTS = [
    ("admin", "/schools/", "school-results"),
    ("district", "/schools/classes?school={s1}", "class-results"),
    ("clerk", "/schools/{s1}/profile/edit", "profile-form"),
    ("clerk", "/schools/campuses/new?school={s1}", "campus-form"),
    ("clerk", "/schools/classes/new?school={s1}", "class-form"),
    ("clerk", "/schools/classes/bulk?school={s1}", "class-bulk-form"),
]


@pytest.mark.parametrize(("who", "url", "root"), FRAGMENTS)
def test_fragment_for_htmx_full_page_otherwise(world, login, who, url, root):
    client = login(getattr(world, who))
    url = url.format(s1=world.s1.id)
    fragment = client.get(url, headers=HX)
    assert fragment.status_code == 200
    assert fragment.text.lstrip().startswith(f'<section id="{root}"') or (
        fragment.text.lstrip().startswith(f'<form id="{root}"')
    )
    assert "<html" not in fragment.text
    for headers in ({}, HX_BOOSTED, HX_HISTORY):
        page = client.get(url, headers=headers)
        assert "<html" in page.text and f'id="{root}"' in page.text
        assert "HX-Request" in page.vary


@pytest.mark.usefixtures("csrf_on")
def test_delete_buttons_carry_the_csrf_token(world, login):
    client = login(world.clerk)
    campuses.create_campus(world.clerk, world.s1, CampusData("C1", "Điểm chính"))
    db.session.commit()
    page = client.get(f"/schools/{world.s1.id}").text
    token = page.split('name="csrf_token" type="hidden" value="')[1].split('"')[0]
    campus = db.session.scalar(select(Campus))
    url = f"/schools/campuses/{campus.id}/delete"
    assert client.post(url).status_code == 400
    assert client.post(url, data={"csrf_token": token}).status_code == 303
    assert count(Campus) == 0


def test_adding_a_campus_returns_to_the_school_year_being_worked_on(world, login):
    resp = login(world.clerk).post(
        f"/schools/campuses/new?school={world.s1.id}&year=2024",
        data={"code": "DC9", "name": "Điểm Năm Cũ", "province_code": "86"},
    )
    assert resp.status_code == 303
    assert resp.headers["Location"] == f"/schools/{world.s1.id}?year=2024"
