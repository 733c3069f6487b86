"""`flask smas init` and `flask smas demo`: the demo province logs in by role and scope."""

import json

import pytest

from smasweb.extensions import db
from smasweb.models import Unit, User
from smasweb.models.accounts import ROLE_LABELS


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


def test_init_creates_the_first_admin_once(runner, client):
    result = runner.invoke(
        args=["smas", "init", "--username", "quantri", "--password", "MatKhau2019"]
    )
    assert result.exit_code == 0, result.output
    assert (
        client.post(
            "/login", data={"username": "quantri", "password": "MatKhau2019"}
        ).status_code
        == 303
    )
    again = runner.invoke(
        args=["smas", "init", "--username", "quantri", "--password", "MatKhau2019"]
    )
    assert again.exit_code == 0 and "đã có" in again.output
    assert db.session.query(User).count() == 1


def test_init_refuses_a_weak_password(runner):
    result = runner.invoke(
        args=["smas", "init", "--username", "quantri", "--password", "123"]
    )
    assert result.exit_code != 0 and "ít nhất 8 ký tự" in result.output


def test_demo_writes_a_manifest_with_every_role(demo_db):
    output = demo_db.config["DEMO_OUTPUT"]
    assert "Đã nạp 47 trường" in output and "mật khẩu: Demo2019x" in output
    manifest = demo_db.config["DEMO_MANIFEST"]
    assert f"Danh sách đủ 155 tài khoản mẫu: {manifest}" in output
    with open(demo_db.config["DEMO_MANIFEST"], encoding="utf-8") as fh:
        rows = json.load(fh)
    assert {r["role"] for r in rows} == set(ROLE_LABELS)
    assert set(rows[0]) == {"username", "role", "unit_id", "unit_name"}
    districts = {r["unit_id"] for r in rows if r["role"] == "district"}
    schools = {r["unit_id"] for r in rows if r["role"] == "school_leader"}
    assert len(districts) == 8 and len(schools) >= 2
    names = {u.name for u in db.session.query(Unit).filter_by(kind="district")}
    assert "Phòng Giáo dục và Đào tạo huyện Long Hồ" in names
    codes = {u.admin_code for u in db.session.query(Unit).filter_by(kind="district")}
    assert codes == {"855", "857", "858", "859", "860", "861", "862", "863"}
    again = demo_db.test_cli_runner().invoke(
        args=["smas", "demo", "--password", "x", "--if-empty"]
    )
    assert again.exit_code == 0 and "bỏ qua" in again.output


def test_every_demo_role_logs_in_and_sees_only_its_units(demo_db):
    with open(demo_db.config["DEMO_MANIFEST"], encoding="utf-8") as fh:
        rows = json.load(fh)
    school_ids = [u.id for u in db.session.query(Unit).filter_by(kind="school")]
    seen_roles = set()
    for row in rows:
        if row["role"] in seen_roles and row["role"] != "district":
            continue
        seen_roles.add(row["role"])
        client = demo_db.test_client()
        resp = client.post(
            "/login", data={"username": row["username"], "password": "Demo2019x"}
        )
        assert resp.status_code == 303, row
        assert client.get("/").status_code == 200
        assert client.get(f"/units/{row['unit_id']}").status_code == 200
        visible = sum(
            client.get(f"/units/{sid}").status_code == 200 for sid in school_ids
        )
        if row["role"] in ("admin", "division"):
            assert visible == len(school_ids)
        elif row["role"] == "district":
            assert 0 < visible < len(school_ids)
        else:
            assert visible == 1


def test_demo_refuses_a_database_that_already_has_schools(demo_db):
    schools = db.session.query(Unit).filter_by(kind="school").count()
    again = demo_db.test_cli_runner().invoke(
        args=["smas", "demo", "--password", "Demo2019x"]
    )
    assert again.exit_code != 0 and "đã có trường học" in again.output
    db.session.rollback()
    assert db.session.query(Unit).filter_by(kind="school").count() == schools


def test_province_scale_builds_about_1400_schools(province_demo_db):
    schools = db.session.query(Unit).filter_by(kind="school").count()
    assert 1200 <= schools <= 1600
    assert db.session.query(User).filter_by(role="school_leader").count() == schools
