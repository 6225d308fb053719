"""The phone apps in a browser, at phone and laptop sizes: installable (manifest, service worker), a live
update arriving while the leader app is open, and the offline shell showing the last data marked stale."""

from __future__ import annotations

from datetime import timedelta

import pytest

from ioc.auth import service as auth_service
from ioc.directives import service as directives
from ioc.directives.schemas import DirectiveIn, ProgressIn
from ioc.kit.timeutil import utcnow
from tests.browser import horizontal_overflow, login, screenshot, watch_errors

TITLE = "Khắc phục ngập úng tuyến đường Nguyễn Văn Linh"


def _completed(db, leader: str, officer: str) -> None:
    boss = auth_service.principal_for_user(db, auth_service.get_user_by_name(db, leader))
    xd = auth_service.principal_for_user(db, auth_service.get_user_by_name(db, officer))
    body = DirectiveIn(title=TITLE, content="Báo cáo kết quả.", doc_ref="12/UBND-KT", lead_agency="SO_XD",
                       support_agencies=[], due_in_working_days=5)  # fmt: skip
    d = directives.create_directive(db, boss, body, now=utcnow() - timedelta(days=2))
    directives.act(db, xd, d["id"], "ack")
    directives.act(db, xd, d["id"], "complete", report=ProgressIn(text="Đã thông tuyến"))
    db.commit()


def _installable(page, scope: str) -> None:
    """What Chromium's install prompt needs: a manifest with icons, and a service worker controlling the page."""
    manifest = page.evaluate("fetch(document.querySelector('link[rel=manifest]').href).then((r) => r.json())")
    assert manifest["start_url"] == scope and manifest["display"] == "standalone" and len(manifest["icons"]) == 2
    registered = page.evaluate("navigator.serviceWorker.ready.then((r) => r.scope)")
    assert registered.endswith(scope)
    page.reload()  # the worker controls the pages loaded after it activated
    page.wait_for_function("navigator.serviceWorker.controller !== null")


@pytest.mark.parametrize("viewport", ["phone", "laptop"])
def test_the_leader_app_live_and_offline(live_server, new_page, people, db, province, viewport):
    page = new_page(viewport)
    errors = watch_errors(page, expected=("ERR_INTERNET_DISCONNECTED", "/stream"))
    login(page, live_server.url, people["leader"][0])
    page.goto(f"{live_server.url}/lanh-dao/")
    page.wait_for_selector("#live-indicator[data-state=on]")
    _installable(page, "/lanh-dao/")
    page.wait_for_selector("#live-indicator[data-state=on]")
    assert TITLE not in page.inner_text("#leader-app")

    _completed(db, people["leader"][0], people["xd"][0])  # an officer reports it done: it waits for the leader
    page.wait_for_selector(f"#leader-app .app-decide :text('{TITLE}')", timeout=10000)
    page.wait_for_selector("body[data-cached]")  # the worker's copy now holds the live data
    assert horizontal_overflow(page) == 0
    for part in ("strong", "small"):  # the app's name and the province, neither cut at 360 px
        assert page.locator(f"#app-title {part}").evaluate("e => e.scrollWidth <= e.clientWidth"), part
    assert page.locator("#app-title small").inner_text() != ""
    screenshot(page, f"apps-leader-{viewport}")

    page.context.set_offline(True)
    page.reload()
    banner = page.wait_for_selector("#app-offline:not([hidden])")
    assert "Ngoại tuyến" in banner.inner_text() and ":" in banner.inner_text()  # names the time of the data
    assert TITLE in page.inner_text("#leader-app .app-decide")
    screenshot(page, f"apps-leader-{viewport}-offline")
    page.context.set_offline(False)
    page.wait_for_selector("#app-offline[hidden]", state="attached")

    ward = page.eval_on_selector("#ward-pick option:nth-child(2)", "o => o.value")
    page.select_option("#ward-pick", ward)  # a ward in one tap
    page.wait_for_url(f"**/lanh-dao/phuong/{ward}")
    page.wait_for_selector("h2#h-inc")
    assert horizontal_overflow(page) == 0
    screenshot(page, f"apps-leader-ward-{viewport}")
    assert errors == []


@pytest.mark.parametrize("viewport", ["phone", "laptop"])
def test_the_citizen_app_installs_and_opens_offline(live_server, new_page, province, viewport):
    page = new_page(viewport)
    errors = watch_errors(page, expected=("ERR_INTERNET_DISCONNECTED",))
    page.goto(f"{live_server.url}/nguoi-dan/")
    _installable(page, "/nguoi-dan/")
    assert page.is_visible("a[href='/phan-anh']") and page.is_visible("#fb-device-codes")
    page.evaluate("localStorage.setItem('ioc.feedback.secret.PA-TEST-1', 's')")  # a code this device kept
    page.reload()
    page.wait_for_selector("#fb-device-codes a[href='/phan-anh/theo-doi/PA-TEST-1']")
    assert horizontal_overflow(page) == 0
    screenshot(page, f"apps-citizen-{viewport}")
    page.context.set_offline(True)
    page.reload()
    page.wait_for_selector("#app-offline:not([hidden])")
    assert page.is_visible("text=Gửi phản ánh mới")
    page.context.set_offline(False)
    assert errors == []


KEPT_PAGE = """async () => { for (const key of await caches.keys()) {
  const kept = await (await caches.open(key)).keys();
  if (kept.some((r) => new URL(r.url).pathname === '/lanh-dao/')) return true; } return false; }"""


@pytest.mark.parametrize("viewport", ["phone", "laptop"])
def test_signing_out_of_the_leader_app_leaves_nothing_on_a_shared_phone(
    live_server, new_page, people, db, province, viewport
):
    page = new_page(viewport)
    errors = watch_errors(page, expected=("ERR_INTERNET_DISCONNECTED", "/stream"))
    login(page, live_server.url, people["leader"][0])
    page.goto(f"{live_server.url}/lanh-dao/")
    _installable(page, "/lanh-dao/")
    page.wait_for_function(KEPT_PAGE)  # the worker keeps a copy of the leader's figures
    page.evaluate("localStorage.setItem('ioc-test', 'kept')")
    screenshot(page, f"apps-leader-{viewport}-signed-in")
    with page.expect_response(lambda r: r.url.endswith("/logout")) as answer:
        page.locator("#app-logout").click()
    assert answer.value.all_headers()["clear-site-data"] == '"cache", "storage"'
    page.wait_for_url("**/login")
    assert page.evaluate("caches.keys().then((k) => k.length)") == 0  # the kept copies are gone
    assert page.evaluate("navigator.serviceWorker.getRegistrations().then((r) => r.length)") == 0
    assert page.evaluate("localStorage.getItem('ioc-test')") is None
    page.context.set_offline(True)  # the next person, offline: no worker answers with the leader's figures
    with pytest.raises(Exception, match="ERR_INTERNET_DISCONNECTED"):
        page.goto(f"{live_server.url}/lanh-dao/")
    page.context.set_offline(False)
    assert errors == []
