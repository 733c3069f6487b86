"""The pupil's address: province, district and commune are lists from the province's
administrative units. Without JavaScript every commune is offered, grouped by
district, and the server says when a commune is not in the district; with htmx the
district swaps a narrowed commune select. A commune directly under the province (the
two-level shape after the 2025 reform) is chosen without a district."""

import re
from unittest import mock

import pytest
from sqlalchemy import select

from smasweb.codelists import admin_units
from smasweb.extensions import db
from smasweb.models import Student
from tests.conftest import HX
from tests.web.test_students_views import FORM, make_class

LONG_HO, MANG_THIT = "857", "858"


def commune_of(district: str) -> str:
    return admin_units.communes_of(district)[0].code


def save(client, cls, **address):
    data = {**FORM, "class_id": str(cls.id), **address}
    return client.post("/students/new", data=data)


def test_form_offers_lists_grouped_by_district_without_javascript(world, login):
    page = login(world.clerk).get("/students/new").text
    district = re.search(r'<select[^>]*name="perm_district".*?</select>', page, re.S)
    assert district and "Huyện Long Hồ" in district.group(0)
    commune = re.search(r'<select[^>]*name="perm_commune".*?</select>', page, re.S)
    assert commune and '<optgroup label="Huyện Long Hồ">' in commune.group(0)
    assert '<optgroup label="Huyện Mang Thít">' in commune.group(0)
    assert 'hx-get="/students/address"' in district.group(0)


def test_commune_and_district_are_stored_and_the_province_follows(world, login):
    cls = make_class(world.s1)
    db.session.commit()
    commune = commune_of(LONG_HO)
    resp = save(login(world.clerk), cls, perm_district=LONG_HO, perm_commune=commune)
    assert resp.status_code == 303
    pupil = db.session.scalars(select(Student)).one()
    assert (pupil.perm_province, pupil.perm_district, pupil.perm_commune) == (
        "86",
        LONG_HO,
        commune,
    )


def test_commune_of_another_district_is_refused_next_to_the_field(world, login):
    cls = make_class(world.s1)
    db.session.commit()
    resp = save(
        login(world.clerk),
        cls,
        perm_district=LONG_HO,
        perm_commune=commune_of(MANG_THIT),
    )
    assert resp.status_code == 422
    assert "không thuộc huyện đã chọn" in resp.text
    assert 'id="perm_commune-error"' in resp.text
    assert db.session.scalars(select(Student)).first() is None


def test_commune_alone_brings_its_district(world, login):
    cls = make_class(world.s1)
    db.session.commit()
    commune = commune_of(MANG_THIT)
    assert save(login(world.clerk), cls, cur_commune=commune).status_code == 303
    pupil = db.session.scalars(select(Student)).one()
    assert (pupil.cur_province, pupil.cur_district) == ("86", MANG_THIT)


def test_district_swaps_a_narrowed_commune_select(world, login):
    client = login(world.clerk)
    resp = client.get(
        f"/students/address?perm_province=86&perm_district={LONG_HO}&perm_commune=",
        headers=HX,
    )
    assert resp.status_code == 200
    html = resp.text
    assert html.lstrip().startswith('<div id="perm_district-picker"')
    names = {u.name for u in admin_units.communes_of(LONG_HO)}
    others = {u.name for u in admin_units.communes_of(MANG_THIT)} - names
    assert all(n in html for n in names) and not any(f">{n}<" in html for n in others)
    assert "<optgroup" not in html
    assert f'<option selected value="{LONG_HO}">' in html


def test_province_without_units_leaves_only_blank_choices(world, login):
    resp = login(world.clerk).get(
        "/students/address?cur_province=01&cur_district=&cur_commune=", headers=HX
    )
    assert resp.status_code == 200 and "Huyện Long Hồ" not in resp.text


TWO_LEVEL = (
    admin_units.AdminUnit("99", "", "Tỉnh", "Tỉnh Thử Nghiệm"),
    admin_units.AdminUnit("99001", "99", "Xã", "Xã Thử Nghiệm"),
)


@pytest.fixture
def two_level():
    """The unit list with a test province whose commune hangs directly under it
    (no real post-2025 data is invented: the names say they are tests)."""
    units = (*admin_units.admin_units(), *TWO_LEVEL)
    with mock.patch.object(admin_units, "admin_units", return_value=units):
        yield


def test_commune_directly_under_the_province_needs_no_district(world, login, two_level):
    client = login(world.clerk)
    frag = client.get(
        "/students/address?perm_province=99&perm_district=&perm_commune=", headers=HX
    ).text
    assert "Xã Thử Nghiệm" in frag and '<optgroup label="Trực thuộc tỉnh">' in frag
    assert "Huyện Long Hồ" not in frag
    cls = make_class(world.s1)
    db.session.commit()
    resp = save(client, cls, perm_commune="99001")
    assert resp.status_code == 303, resp.text[:300]
    pupil = db.session.scalars(select(Student)).one()
    assert (pupil.perm_province, pupil.perm_district, pupil.perm_commune) == (
        "99",
        None,
        "99001",
    )


def test_school_profile_has_the_same_cascading_picker(world, login):
    client = login(world.clerk)
    page = client.get(f"/schools/{world.s1.id}/profile/edit").text
    assert '<div id="district_code-picker"' in page
    assert '<optgroup label="Huyện Long Hồ">' in page
    frag = client.get(
        f"/schools/address?province_code=86&district_code={MANG_THIT}&commune_code=",
        headers=HX,
    ).text
    assert frag.lstrip().startswith('<div id="district_code-picker"')
    assert admin_units.communes_of(MANG_THIT)[0].name in frag
    assert "<optgroup" not in frag
