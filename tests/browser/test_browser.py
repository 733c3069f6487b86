"""What a user sees in Chromium: login, hx-boost navigation, tree, search, errors."""

import re
from urllib.parse import urlsplit

import pytest

from tests.factories import PASSWORD

try:
    from playwright.sync_api import expect
except ImportError:  # the `browser` fixture skips (or fails in CI)
    expect = None

pytestmark = pytest.mark.browser

WEIGHT_LIMIT = 40 * 1024  # bytes on the wire for the first page after login
MISMATCH = "Hai lần nhập mật khẩu mới không khớp."
LOGIN_FAILED = "Tên đăng nhập hoặc mật khẩu không đúng."


def submit(page, button: str):
    """Click a submit button; return the response to the POST it sends."""
    with page.expect_response(lambda r: r.request.method == "POST") as info:
        page.get_by_role("button", name=button, exact=True).click()
    return info.value


def log_in(page, username: str, password: str = PASSWORD) -> None:
    page.goto("/login")
    page.locator("input[name=username]").fill(username)
    page.locator("input[name=password]").fill(password)
    submit(page, "Đăng nhập")
    expect(page.get_by_role("heading", name="Xin chào")).to_be_visible()


def nav(page, label: str) -> None:
    page.get_by_role("navigation", name="Chính").get_by_role("link", name=label).click()


def mark_document(page) -> None:
    """Tag the current document; a full page load would lose the tag."""
    page.evaluate("window.__sameDocument = true")


def same_document(page) -> bool:
    return page.evaluate("window.__sameDocument === true")


def settled(page) -> None:
    """Wait until htmx has wired up the content it just swapped in.

    htmx processes new content (hx-trigger and the like) when it settles, a moment
    after the swap: typing into a search box before that triggers nothing. Without
    JavaScript nothing settles and this returns at once. A request still in
    flight counts too: clicking the old page's link before the new page has
    arrived races it (both push their address; the form once kept the list's).
    """
    expect(page.locator("body")).not_to_have_class(re.compile(r"\bhtmx-settling\b"))
    busy = ".htmx-request, .htmx-swapping, .htmx-settling"
    expect(page.locator(busy)).to_have_count(0)


def test_login_navigate_search_and_logout_with_javascript(new_page, live_server):
    page = new_page()
    page.goto("/")
    expect(page).to_have_url(re.compile(r"/login\?next=/$"))
    expect(page.get_by_role("heading", name="Đăng nhập")).to_be_visible()

    page.locator("input[name=username]").fill("bgh1")
    page.locator("input[name=password]").fill(PASSWORD)
    submit(page, "Đăng nhập")
    expect(page).to_have_url(f"{live_server}/")
    expect(page.get_by_role("heading", name="Xin chào, Phạm Thị Lan")).to_be_visible()
    expect(page.locator("header")).to_contain_text(
        "Phạm Thị Lan · Trường Tiểu học Long Phước"
    )

    mark_document(page)
    nav(page, "Đơn vị")
    expect(page).to_have_url(f"{live_server}/units/")
    expect(page.get_by_role("heading", name="Cây đơn vị")).to_be_visible()
    expect(page.locator(".tree")).to_contain_text("Trường Tiểu học Long Phước")

    nav(page, "Tài khoản")
    expect(page).to_have_url(f"{live_server}/accounts/")
    results = page.locator("#account-results")
    expect(results).to_contain_text("Võ Văn An")
    assert same_document(page), "hx-boost navigation should not reload the page"

    settled(page)
    page.get_by_label("Tìm theo họ tên hoặc tên đăng nhập").fill("pham thi lan")
    expect(page).to_have_url(re.compile(r"q=pham(\+|%20)thi(\+|%20)lan"))
    expect(results).not_to_contain_text("Võ Văn An")
    expect(results.get_by_role("link", name="Phạm Thị Lan")).to_be_visible()
    expect(results).to_contain_text("1 tài khoản")

    page.get_by_role("button", name="Đăng xuất").click()
    expect(page).to_have_url(f"{live_server}/login")
    expect(page.get_by_text("Bạn đã đăng xuất.")).to_be_visible()
    page.goto("/accounts/")
    expect(page).to_have_url(re.compile(r"/login\?next=/accounts/"))


def test_unit_tree_loads_children_when_a_node_is_expanded(new_page):
    page = new_page()
    log_in(page, "admin")
    nav(page, "Đơn vị")
    dept = page.locator(
        "details",
        has=page.get_by_role(
            "link", name="Sở Giáo dục và Đào tạo Vĩnh Long", exact=True
        ),
    )
    district = "Phòng Giáo dục và Đào tạo huyện Long Hồ"
    expect(dept).not_to_contain_text(district)  # not loaded until expanded

    with page.expect_response(re.compile(r"/units/\d+/children$")) as info:
        dept.locator("summary small").click()
    assert info.value.status == 200
    expect(dept.get_by_role("link", name=district)).to_be_visible()

    long_ho = dept.locator("details", has=page.get_by_role("link", name=district))
    long_ho.locator("summary small").click()
    expect(long_ho.get_by_role("link", name="Trường THCS Long Phước")).to_be_visible()
    expect(page).to_have_url(re.compile(r"/units/$"))  # expanding stays on the tree


def test_works_without_javascript_and_shows_errors_inline(new_page, live_server):
    page = new_page(js=False)
    page.goto("/")
    expect(page).to_have_url(re.compile(r"/login"))
    page.locator("input[name=username]").fill("pgd857")
    page.locator("input[name=password]").fill("sai-mat-khau-1")
    assert submit(page, "Đăng nhập").status == 422
    expect(page.get_by_role("alert")).to_contain_text(LOGIN_FAILED)
    expect(page.locator("input[name=username]")).to_have_value("pgd857")

    page.locator("input[name=password]").fill(PASSWORD)
    submit(page, "Đăng nhập")
    expect(page).to_have_url(f"{live_server}/")
    expect(page.get_by_role("heading", name="Xin chào, Trần Văn Bình")).to_be_visible()

    nav(page, "Đơn vị")
    expect(page.get_by_role("heading", name="Cây đơn vị")).to_be_visible()
    nav(page, "Tài khoản")
    expect(page).to_have_url(f"{live_server}/accounts/")
    page.get_by_label("Tìm theo họ tên hoặc tên đăng nhập").fill("tran van binh")
    page.get_by_role("button", name="Tìm kiếm").click()
    expect(page).to_have_url(re.compile(r"q=tran\+van\+binh"))
    expect(
        page.locator("#account-results").get_by_role("link", name="Trần Văn Bình")
    ).to_be_visible()

    page.get_by_role("link", name="Đổi mật khẩu").click()
    page.get_by_label("Mật khẩu hiện tại").fill(PASSWORD)
    page.get_by_label("Mật khẩu mới", exact=True).fill("Matkhaumoi2024")
    page.get_by_label("Nhập lại mật khẩu mới").fill("Matkhaukhac2024")
    assert submit(page, "Lưu").status == 422
    expect(page.locator("#confirm-error")).to_have_text(MISMATCH)
    confirm = page.get_by_label("Nhập lại mật khẩu mới")
    expect(confirm).to_have_attribute("aria-invalid", "true")

    page.get_by_role("button", name="Đăng xuất").click()
    expect(page).to_have_url(f"{live_server}/login")
    expect(page.get_by_text("Bạn đã đăng xuất.")).to_be_visible()


def test_invalid_forms_show_errors_without_reload(new_page):
    page = new_page()
    page.goto("/login")
    mark_document(page)
    page.locator("input[name=username]").fill("cb1")
    page.locator("input[name=password]").fill("sai-mat-khau-1")
    assert submit(page, "Đăng nhập").status == 422
    expect(page.get_by_role("alert")).to_contain_text(LOGIN_FAILED)
    assert same_document(page)

    log_in(page, "cb1")
    page.get_by_role("link", name="Đổi mật khẩu").click()
    expect(page.get_by_role("heading", name="Đổi mật khẩu")).to_be_visible()
    mark_document(page)
    page.get_by_label("Mật khẩu hiện tại").fill(PASSWORD)
    page.get_by_label("Mật khẩu mới", exact=True).fill("Matkhaumoi2024")
    page.get_by_label("Nhập lại mật khẩu mới").fill("Matkhaukhac2024")
    assert submit(page, "Lưu").status == 422
    expect(page.locator("#confirm-error")).to_contain_text("không khớp")
    summary = page.locator("#error-summary")  # focused by app.js
    expect(summary).to_be_focused()
    summary.get_by_role("link", name="Nhập lại mật khẩu mới").click()
    expect(page.get_by_label("Nhập lại mật khẩu mới")).to_be_focused()
    assert same_document(page)


def test_a_boosted_link_to_something_gone_says_so_in_the_alerts(new_page):
    """A 404 (a record deleted meanwhile, a unit out of scope) keeps the page and
    shows the server's Vietnamese alert, instead of doing nothing."""
    page = new_page()
    log_in(page, "cb1")
    mark_document(page)
    page.evaluate(
        """() => {
        const a = document.createElement("a");
        a.href = "/units/999999"; a.textContent = "Đơn vị đã xóa";
        document.querySelector("main").append(a);
        htmx.process(a);
        }"""
    )
    with page.expect_response(lambda r: r.url.endswith("/units/999999")) as info:
        page.get_by_role("link", name="Đơn vị đã xóa").click()
    assert info.value.status == 404
    expect(page.locator("#alerts").get_by_role("alert")).to_contain_text(
        "Không tìm thấy"
    )
    assert same_document(page)


def test_no_foreign_requests_and_no_csp_violations(new_page, live_server):
    page = new_page()
    requests, csp_messages, page_errors = [], [], []
    page.context.on("request", lambda r: requests.append(r.url))
    page.on(
        "console",
        lambda m: "Content Security Policy" in m.text and csp_messages.append(m.text),
    )
    page.on("pageerror", lambda e: page_errors.append(str(e)))

    log_in(page, "admin")
    nav(page, "Đơn vị")
    page.locator("details summary small").first.click()
    expect(page.get_by_role("link", name="Văn phòng Sở")).to_be_visible()
    nav(page, "Tài khoản")
    expect(page.get_by_role("heading", name="Tài khoản", exact=True)).to_be_visible()
    settled(page)
    page.get_by_label("Tìm theo họ tên hoặc tên đăng nhập").fill("quan tri")
    expect(page).to_have_url(re.compile(r"q=quan(\+|%20)tri"))
    page.get_by_role("link", name="Đổi mật khẩu").click()
    page.get_by_role("button", name="Lưu").click()
    expect(page.locator("#current_password-error")).to_be_visible()
    page.get_by_role("button", name="Đăng xuất").click()
    expect(page).to_have_url(f"{live_server}/login")

    network = [u for u in requests if not u.startswith("data:")]  # inline, no host
    foreign = [u for u in network if urlsplit(u).hostname != "127.0.0.1"]
    assert len(network) > 10 and not foreign
    assert not csp_messages
    assert not page_errors

    # The listener does catch a violation: an injected inline script is refused.
    with page.expect_console_message(lambda m: "Content Security Policy" in m.text):
        page.evaluate(
            "document.head.append(Object.assign("
            "document.createElement('script'), {textContent: '1'}))"
        )


def test_first_page_after_login_is_light(new_page):
    page = new_page()
    log_in(page, "admin")
    cdp = page.context.new_cdp_session(page)
    cdp.send("Network.enable")
    cdp.send("Network.setCacheDisabled", {"cacheDisabled": True})
    responses = []
    page.on("response", lambda r: responses.append(r))
    page.goto("/", wait_until="load")
    expect(page.get_by_role("heading", name="Xin chào")).to_be_visible()

    total = 0
    for r in responses:
        if r.request.resource_type not in ("document", "stylesheet", "script"):
            continue
        sizes = r.request.sizes()
        wire = sizes["responseHeadersSize"] + sizes["responseBodySize"]
        total += wire
        encoding = r.headers.get("content-encoding", "identity")
        print(
            f"  {wire:6d} B ({sizes['responseBodySize']:6d} body, {encoding}) "
            f"{urlsplit(r.url).path}"
        )
    print(
        f"first page after login: {total / 1024:.1f} KB on the wire "
        "(document + CSS + JS, headers included)"
    )
    assert {r.request.resource_type for r in responses} >= {
        "document",
        "stylesheet",
        "script",
    }
    assert total <= WEIGHT_LIMIT
