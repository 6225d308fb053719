"""The silences page in a browser: an operator creates a silence from the form and expires it, on a phone."""

from __future__ import annotations

import pytest

from tests.browser import horizontal_overflow, login, screenshot
from tests.web.test_pages_browser import Watched


def _clean(found: dict) -> dict:
    # In a git worktree the vendored fonts are a symlink the static files refuse to follow: not this page's fault.
    return {**found, "errors": [e for e in found["errors"] if "/static/vendor/fonts/" not in e]}


@pytest.mark.parametrize("viewport", ["phone", "laptop"])
def test_silence_created_and_expired_from_the_page(live_server, new_page, make_user, viewport):
    name, _ = make_user("operator")
    watched = Watched(new_page(viewport))
    page = watched.page
    login(page, live_server.url, name)
    assert _clean(watched.visit(live_server.url + "/alerts/silences", "#nt-silence-form")) == {"errors": [], "csp": []}
    page.fill("#nt-silence-form [name=value]", "20194")
    page.fill("#nt-silence-form [name=comment]", "Bảo trì trạm đo mưa")
    page.click("#nt-silence-form button[type=submit]")
    page.wait_for_selector("text=Bảo trì trạm đo mưa", timeout=10000)
    assert "Đang hiệu lực" in page.inner_text("#nt-silences tbody")
    assert horizontal_overflow(page) == 0
    screenshot(page, f"notify-silences-{viewport}")
    page.click('#nt-silences a[href^="#expire-"]')
    page.wait_for_selector('#nt-silences td:has-text("Đã hết hạn")', timeout=10000)
    assert _clean(watched.visit(live_server.url + "/notifications", "#nt-log")) == {"errors": [], "csp": []}
    screenshot(page, f"notify-notifications-{viewport}")
