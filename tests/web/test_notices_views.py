"""Notices: a user sees their unit's and everyone's unexpired notices, newest first,
on the home page."""

from datetime import date, datetime, timedelta

import time_machine

from smasweb import clock
from smasweb.extensions import db
from smasweb.services import notices

POSTED = datetime(2026, 9, 4, 10, 0, tzinfo=clock.VN_TZ)


def post_all(world) -> None:
    with time_machine.travel(POSTED, tick=False) as traveller:
        notices.post(None, "lock", "Kỳ «Báo cáo tháng 09/2026» đã khóa số liệu")
        traveller.shift(timedelta(minutes=1))
        notices.post(world.s2.id, "reminder", "Cho trường khác")
        notices.post(
            world.s1.id,
            "reminder",
            "Đã hết hạn",
            expires_at=clock.end_of(date(2026, 9, 3)),
        )
        traveller.shift(timedelta(minutes=1))
        notices.post(
            world.s1.id,
            "reminder",
            "Còn 2 ngày để cập nhật «Báo cáo sau khai giảng 2026-2027»",
            body="Hạn cuối 06/09/2026.",
            expires_at=clock.end_of(date(2026, 9, 6)),
        )
    db.session.commit()


def test_a_user_gets_their_units_and_everyones_unexpired_notices_newest_first(world):
    post_all(world)
    with time_machine.travel(POSTED + timedelta(hours=1), tick=False):
        titles = [n.title for n in notices.for_user(world.clerk)]
        assert titles == [
            "Còn 2 ngày để cập nhật «Báo cáo sau khai giảng 2026-2027»",
            "Kỳ «Báo cáo tháng 09/2026» đã khóa số liệu",
        ]
        assert [n.title for n in notices.for_user(world.clerk, limit=1)] == titles[:1]
        district = [n.title for n in notices.for_user(world.district)]
        assert district == ["Kỳ «Báo cáo tháng 09/2026» đã khóa số liệu"]
    with time_machine.travel(datetime(2026, 9, 7, 8, 0, tzinfo=clock.VN_TZ)):
        assert len(notices.for_user(world.clerk)) == 1  # the reminder has expired


def test_home_page_lists_the_notices_with_date_and_link(world, login):
    post_all(world)
    with time_machine.travel(POSTED + timedelta(hours=1), tick=False):
        page = login(world.clerk).get("/").text
    section = page.split('<section class="notices"')[1].split("</section>")[0]
    assert "Thông báo" in section
    assert "Còn 2 ngày để cập nhật «Báo cáo sau khai giảng 2026-2027»" in section
    assert "04/09/2026" in section and "Hạn cuối 06/09/2026." in section
    assert 'href="/calendar/"' in section
    assert "Cho trường khác" not in page and "Đã hết hạn" not in page


def test_home_page_without_notices_has_no_notice_section(world, login):
    assert 'class="notices"' not in login(world.admin).get("/").text
