"""Every number of the province picture and of the leader app opens its list already filtered, and the list shows
the same count: clicked one by one in Chromium."""

from __future__ import annotations

import re

from ioc.alerts.models import Alert
from ioc.kit.timeutil import utcnow
from tests.browser import login, watch_errors

OPEN_COLUMNS = ("open", "responding", "contained")
GOV = {
    "gov-received": "received",
    "gov-resolved": "resolved",
    "gov-overdue": "overdue_now",
    "gov-online": "online_share",
}
LISTS = ("/alerts", "/incidents", "/feedback", "/directives", "/overview", "/govperf")


def _alerts(db) -> None:
    """Three alerts firing (high, warning acknowledged, critical) and one resolved."""
    now = utcnow()
    rows = [("high", "firing", None), ("warning", "firing", now), ("critical", "firing", None),
            ("high", "resolved", None)]  # fmt: skip
    db.add_all(
        Alert(rule_id=1, fingerprint=f"pic-{i}", status=status, severity=sev, labels={"severity": sev},
              annotations={"summary": f"Cảnh báo {i}"}, starts_at=now, ack_at=ack, points=[])
        for i, (sev, status, ack) in enumerate(rows)
    )  # fmt: skip
    db.commit()


def _number(text: str) -> int | None:
    found = re.search(r"\d+", text.replace(".", ""))  # "—": no figure
    return int(found.group()) if found else None


def _list_count(page, path: str, key: str = "") -> int:
    """The count the landed list shows for what it lists (its current tab, its filtered total)."""
    if path == "/alerts":
        return _number(page.locator('.ar-tabs a[aria-current="page"] .chip').inner_text())
    if path == "/incidents":
        return sum(_number(page.locator(f'a[data-tab="{s}"] .chip').first.inner_text()) for s in OPEN_COLUMNS)
    if path == "/feedback":
        return _number(page.locator('.fb-tabs a[aria-current="page"] .fb-tab-count').inner_text())
    if path == "/directives":
        return _number(page.locator("#dv-count").inner_text())
    if path == "/overview":
        return _number(page.locator("#overview-filtered").inner_text())
    if path == "/govperf":
        return _number(page.locator(f"#total-{GOV[key]} strong").inner_text())
    raise AssertionError(f"no count known for {path}")


def _check_links(page, base: str, start: str, figures: list[tuple[str, str, str]]) -> list[str]:
    """Open each (key, href, value) and compare the list's count; answers the keys checked."""
    checked = []
    for key, href, value in figures:
        path = href.split("?")[0]
        page.goto(base + href)
        assert page.url.endswith(href), (key, page.url)
        if path.startswith("/environment/stations/"):  # the worst station's own page shows its index now
            assert value.split()[0] in page.locator("main").inner_text(), (key, value)
        elif path in LISTS and "show=" not in href:
            assert _list_count(page, path, key) == _number(value), (key, href, value)
        else:
            continue
        checked.append(key)
    page.goto(base + start)
    return checked


def _figures(page, scope: str) -> list[tuple[str, str, str]]:
    links = page.locator(f"{scope} a[data-fig]")
    return [
        (links.nth(i).get_attribute("data-fig"), links.nth(i).get_attribute("href"), links.nth(i).inner_text())
        for i in range(links.count())
    ]


def test_every_number_of_the_picture_lands_on_its_list_with_the_same_count(
    live_server, new_page, make_user, db, picture_data
):
    _alerts(db)
    name, _ = make_user("leader")
    page = new_page("laptop")
    errors = watch_errors(page)
    login(page, live_server.url, name)
    page.goto(f"{live_server.url}/picture")
    page.wait_for_selector("#tile-fire")
    unacked = page.locator('a[data-fig="alerts-unacked"]')
    assert (
        unacked.inner_text() == "2 chưa xác nhận" and unacked.get_attribute("href") == "/alerts?status=unacknowledged"
    )
    figures = _figures(page, "#pic-tiles")
    checked = _check_links(page, live_server.url, "/picture", figures)
    expected = {"alerts", "alerts-critical", "alerts-high", "alerts-warning", "alerts-info", "alerts-unacked",
                "incidents", "incidents-critical", "incidents-high", "incidents-medium", "incidents-low",
                "track-off_track", "track-at_risk", "track-on_track", "track-no_data",
                "fb-received", "fb-open", "fb-overdue", "dv-due", "dv-overdue", "env-aqi",
                "gov-received", "gov-resolved", "gov-overdue", "gov-online"}  # fmt: skip
    assert set(checked) == expected
    # The unacknowledged tab lists the two firing alerts nobody took on, not the acknowledged or resolved ones.
    page.goto(f"{live_server.url}/alerts?status=unacknowledged")
    assert page.locator('.ar-tabs .chip[data-count="unacknowledged"]').inner_text() == "2"
    assert "Cảnh báo 1" not in page.content() and "Cảnh báo 3" not in page.content()

    # A ward chosen: the numbers keep the ward in their links.
    page.goto(f"{live_server.url}/picture?ward=20242")
    page.wait_for_selector("#tile-fire")
    ward_figures = _figures(page, "#pic-tiles")
    kept = [h for k, h, _ in ward_figures if k.startswith(("fb-", "track-", "alerts", "incidents", "dv-"))]
    assert all("ward=20242" in h or "area=20242" in h or "dimension=area" in h for h in kept), kept
    _check_links(page, live_server.url, "/picture?ward=20242", ward_figures)
    assert errors == []


def test_the_leader_apps_numbers_land_on_their_lists_with_the_same_count(
    live_server, new_page, make_user, db, picture_data
):
    _alerts(db)
    name, _ = make_user("leader")
    page = new_page("phone")
    login(page, live_server.url, name)
    page.goto(f"{live_server.url}/lanh-dao/")
    page.wait_for_selector("#h-decide")
    figures = [
        (href, text)
        for href, text in ((a.get_attribute("href"), a.inner_text()) for a in page.locator(".app-figures a").all())
    ]
    hrefs = [h for h, _ in figures]
    assert "/alerts?status=unacknowledged" in hrefs and "/overview?filter=off_track" in hrefs
    assert "/directives?overdue=1" in hrefs
    for href, text in figures:
        page.goto(live_server.url + href)
        assert _list_count(page, href.split("?")[0]) == _number(text), (href, text)
