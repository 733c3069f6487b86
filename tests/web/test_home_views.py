"""The home page shows each role what it is responsible for."""

import pytest

from smasweb.codelists import FIELDS
from smasweb.services import policy


def test_admin_home_counts_units_by_kind_and_level_and_accounts_by_role(world, login):
    page = login(world.admin).get("/").text
    assert "Đơn vị trong phạm vi" in page and "Trường theo nhóm cấp học" in page
    assert "Tài khoản theo vai trò" in page and "Ban giám hiệu" in page
    assert "Trung học phổ thông" in page


def test_district_home_lists_its_schools_only(world, login):
    page = login(world.district).get("/").text
    assert "Trường Tiểu học Long Phước" in page and "Trường THCS Long Phước" in page
    assert "Trà Côn" not in page and "Trường THPT Trà Ôn" not in page


def test_school_home_names_its_school(world, login):
    page = login(world.clerk).get("/").text
    assert "Võ Văn An" in page and "Trường Tiểu học Long Phước" in page
    assert "Tài khoản theo vai trò" not in page


@pytest.mark.parametrize(
    ("who", "fields"),
    [
        ("division", ("staff",)),
        ("division_mnth", ("schools", "classes", "students")),
        ("teacher", ("attendance", "grades", "health")),
        ("leader", tuple(FIELDS)),
    ],
)
def test_home_lists_the_fields_a_user_answers_for(world, login, who, fields):
    assert policy.responsible_fields(getattr(world, who)) == fields
    page = login(getattr(world, who)).get("/").text
    for code, label in FIELDS.items():
        assert (label in page) is (code in fields)


@pytest.mark.parametrize(
    ("who", "links"),
    [
        ("admin", {"Trường học", "Cơ sở vật chất", "Ngân sách"}),
        ("clerk", {"Trường học", "Cơ sở vật chất", "Ngân sách"}),
        ("division", set()),  # TCCB: staff only
        ("division_mnth", {"Trường học"}),
    ],
)
def test_navigation_shows_the_sections_a_user_may_open(world, login, who, links):
    page = login(getattr(world, who)).get("/").text
    nav = page.split('<nav aria-label="Chính">')[1].split("</nav>")[0]
    for label in ("Trường học", "Cơ sở vật chất", "Ngân sách"):
        assert (f">{label}</a>" in nav) is (label in links)


def test_every_field_links_its_page(world, login):
    page = login(world.leader).get("/").text
    fields = page.split("Lĩnh vực phụ trách</h2>")[1].split("</ul>")[0]
    assert '<span class="badge">sắp có</span>' not in fields
    assert '<a href="/graduation/">Tốt nghiệp</a>' in fields
    assert '<a href="/staff/">Đội ngũ cán bộ, giáo viên, nhân viên</a>' in fields
    assert '<a href="/students/">Hồ sơ học sinh</a>' in fields
    assert '<a href="/attendance/">Chuyên cần, thôi học</a>' in fields
    assert '<a href="/grades/">Điểm, kết quả học tập</a>' in fields
    teacher = login(world.teacher).get("/").text
    assert teacher.count('<span class="badge">sắp có</span>') == 0


def test_menu_marks_the_current_section_and_pages_end_with_help(world, login):
    page = login(world.clerk).get("/staff/").text
    nav = page.split('<nav aria-label="Chính">')[1].split("</nav>")[0]
    assert nav.count('aria-current="page"') == 1
    assert '<a href="/staff/" aria-current="page">Đội ngũ</a>' in nav
    assert page.index('href="#main">Bỏ qua menu</a>') < page.index("<header")
    assert "Cần hỗ trợ?" in page.split("</main>")[1]


def test_footer_names_the_help_desk_when_configured(app, world, login):
    app.config.update(
        SUPPORT_EMAIL="hotro@sgd.example.vn", SUPPORT_PHONE="0270 3822 111"
    )
    page = login(world.clerk).get("/").text
    foot = page.split('<footer class="foot">')[1]
    assert 'href="tel:02703822111"' in foot
    assert 'href="mailto:hotro@sgd.example.vn"' in foot
