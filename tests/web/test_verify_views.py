"""/verify/: anyone, signed in or not, checks an official document by its code."""

from datetime import UTC, datetime

import pytest
from sqlalchemy import select

from smasweb.extensions import db
from smasweb.models.calendar import ReportPeriod
from smasweb.models.reports import IssuedDocument
from tests.conftest import HX

CODE = "7KQ2-M9XA-4TPD"
CHECKSUM = "ab" * 32


@pytest.fixture
def issued(world):
    period = db.session.scalar(
        select(ReportPeriod).where(ReportPeriod.kind == "after_opening")
    )
    doc = IssuedDocument(
        code=CODE,
        report_code="after_opening",
        unit_id=world.d1.id,
        period_id=period.id,
        level="02",
        number="/BC-PGDĐT",
        checksum=CHECKSUM,
        issued_at=datetime(2026, 9, 30, 20, 0, tzinfo=UTC),  # 01/10 in Vietnam
        issued_by_id=world.district.id,
    )
    db.session.add(doc)
    db.session.commit()
    return doc, period


@pytest.mark.parametrize(
    "typed", [CODE, CODE.lower(), "7kq2m9xa4tpd", " 7KQ2 M9XA 4TPD ", "7kq2-m9xa4tpd"]
)
def test_anyone_confirms_a_document_typed_any_way(issued, client, typed):
    resp = client.get(f"/verify/{typed}")
    html = resp.get_data(as_text=True)
    assert resp.status_code == 200
    _, period = issued
    for text in (
        "Văn bản hợp lệ",
        "Báo cáo thống kê kỳ đầu năm học",
        "Phòng Giáo dục và Đào tạo huyện Long Hồ",
        "Tiểu học",
        period.title,
        "01/10/2026",
        CHECKSUM,
        CODE,
        "Chưa ghi số (ký hiệu BC-PGDĐT)",  # no number recorded: not a bare "/BC-…"
    ):
        assert text in html
    assert "/BC-PGDĐT" not in html
    assert "Trần Văn Bình" not in html  # who printed it is not shown


def test_a_recorded_document_number_is_shown_with_its_symbol(issued, client):
    doc, _ = issued
    doc.number, doc.document_number = "12/BC-PGDĐT", "12"
    db.session.commit()
    html = client.get(f"/verify/{CODE}").get_data(as_text=True)
    assert "<dt>Số, ký hiệu</dt><dd>12/BC-PGDĐT</dd>" in html
    assert "Chưa ghi số" not in html


def test_unknown_code_is_404_with_the_code(app, client):
    resp = client.get("/verify/ABCD-EFGH-JKLM")
    assert resp.status_code == 404
    assert "Không tìm thấy văn bản với mã ABCD-EFGH-JKLM" in resp.get_data(as_text=True)
    assert client.get("/verify/not-a-code").status_code == 404


def test_the_form_sends_a_typed_code_to_its_page(app, client):
    page = client.get("/verify/")
    assert page.status_code == 200 and 'name="code"' in page.get_data(as_text=True)
    resp = client.get("/verify/?code=7kq2 m9xa 4tpd")
    assert resp.status_code == 303
    assert resp.headers["Location"].endswith(f"/verify/{CODE}")
    bad = client.get("/verify/?code=xyz")
    assert bad.status_code == 422
    assert "XXXX-XXXX-XXXX" in bad.get_data(as_text=True)


@pytest.mark.parametrize(
    "who", [None, "leader", "district", "district2", "division", "admin", "teacher"]
)
def test_verify_is_public_for_every_role(issued, client, login, world, who):
    if who:
        login(getattr(world, who))
    assert client.get("/verify/").status_code == 200
    assert client.get(f"/verify/{CODE}").status_code == 200
    assert client.get(f"/verify/{CODE}", headers=HX).status_code == 200


def test_a_user_who_must_change_the_password_may_still_verify(
    issued, client, login, world
):
    world.clerk.must_change_password = True
    db.session.commit()
    login(world.clerk)
    assert client.get(f"/verify/{CODE}").status_code == 200
    assert client.get("/reports/").status_code == 302  # the rest still waits
