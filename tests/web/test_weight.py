"""Light pages: compressed responses, cached fingerprinted assets, nothing from other hosts."""

import re

from tests.conftest import HX

BR = {"Accept-Encoding": "br, gzip"}
ASSET = re.compile(r'(?:src|href)="(/static/[^"]+)"')


def wire_bytes(client, url: str) -> int:
    resp = client.get(url, headers=BR)
    body = resp.get_data()
    resp.close()
    assert resp.status_code == 200, url
    if len(body) > 500:  # tiny files are not worth compressing
        assert resp.headers.get("Content-Encoding") in ("br", "gzip"), url
    return len(body)


def test_first_page_after_login_weighs_at_most_40_kb_compressed(world, login):
    client = login(world.admin)
    html = client.get("/").text
    assets = ASSET.findall(html)
    assert any(a.endswith(".css") or ".css?" in a for a in assets)
    assert any("htmx" in a for a in assets)
    total = wire_bytes(client, "/") + sum(wire_bytes(client, a) for a in assets)
    print(f"first page after login: {total / 1024:.1f} KB compressed with its assets")
    assert total <= 40 * 1024


def test_fragments_and_later_pages_are_a_few_kb(world, login):
    client = login(world.admin)
    assert wire_bytes(client, "/units/") < 3 * 1024
    fragment = client.get(f"/units/{world.dept.id}/children", headers={**HX, **BR})
    assert len(fragment.get_data()) < 2 * 1024


def test_static_assets_are_cached_for_a_year_by_fingerprinted_url(world, login):
    html = login(world.admin).get("/").text
    for asset in ASSET.findall(html):
        assert "?v=" in asset
        resp = login(world.admin).get(asset)
        resp.close()
        assert "max-age=31536000" in resp.headers["Cache-Control"]


def test_no_page_loads_anything_from_another_host(world, login):
    client = login(world.admin)
    for url in (
        "/",
        "/units/",
        f"/units/{world.s1.id}",
        "/accounts/",
        f"/accounts/{world.clerk.id}",
        "/accounts/new",
        "/units/new",
        "/password",
        "/calendar/",
        "/calendar/unlocks",
    ):
        html = client.get(url).text
        assert not re.search(r'(?:src|href|action)="(?:https?:)?//', html), url
    assert not re.search(r'(?:src|href)="(?:https?:)?//', client.get("/logout").text)
