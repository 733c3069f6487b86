"""Record pages say where they sit: a trail of links back to their list."""

from smasweb.extensions import db
from tests.factories import make_staff, make_student

TRAIL = '<nav class="crumbs" aria-label="Đường dẫn">'


def trail(html: str) -> str:
    return html.split(TRAIL)[1].split("</nav>")[0]


def test_record_pages_and_their_edit_forms_show_the_trail(world, login):
    member = make_staff(world.s1, full_name="Đỗ Thị Ánh")
    student = make_student(world.s1, full_name="Lê Văn Tám")
    db.session.commit()
    clerk = login(world.clerk)
    staff_page = trail(clerk.get(f"/staff/{member.id}").text)
    assert '<a href="/staff/">Đội ngũ</a> › <span aria-current="page">Đỗ Thị Ánh' in (
        staff_page
    )
    edit = trail(clerk.get(f"/staff/{member.id}/edit").text)
    assert f'<a href="/staff/{member.id}">Đỗ Thị Ánh</a>' in edit
    assert '<span aria-current="page">Sửa hồ sơ</span>' in edit
    assert '<a href="/students/">Học sinh</a>' in trail(
        clerk.get(f"/students/{student.id}").text
    )
    admin = login(world.admin)
    assert '<a href="/accounts/">Tài khoản</a>' in trail(
        admin.get(f"/accounts/{world.clerk.id}").text
    )
    unit = trail(admin.get(f"/units/{world.s1.id}").text)
    assert '<a href="/units/">Đơn vị</a>' in unit
    assert "Phòng Giáo dục và Đào tạo huyện Long Hồ ›" in unit
    assert f'<a href="/units/{world.s1.id}">' in trail(
        admin.get(f"/units/{world.s1.id}/edit").text
    )
