"""The staff reports list: search by number or text, filters, tab counts and pages that keep the filters."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

from tests.browser import horizontal_overflow, login, screenshot
from tests.feedback.conftest import cookie_login, file_report


def _listed(html: str) -> list[int]:
    return [int(i) for i in re.findall(r'class="card fb-item[^"]*" data-id="(\d+)"', html)]


def _count(html: str, tab: str) -> int:
    return int(re.search(rf'data-tab="{tab}".*?fb-tab-count num">([\d.]+)<', html, re.S)[1].replace(".", ""))


def _seed(db, feedback) -> list:
    old = datetime.now(UTC) - timedelta(days=3)
    reports = [file_report(db, feedback) for _ in range(26)]
    reports.append(file_report(db, feedback, category="DEN_DUONG", description="Đèn đường hỏng"))
    reports.append(file_report(db, feedback, category="DEN_DUONG", at=old, description="Đèn tắt cả tuần"))
    return reports


def test_search_filters_counts_and_pages(client, db, make_user, feedback):
    reports = _seed(db, feedback)
    name, _ = make_user("operator")
    cookie_login(client, name)
    page = client.get("/feedback", params={"tab": "all"}).text
    assert len(_listed(page)) == 25 and _count(page, "all") == 28 and _count(page, "verify") == 28
    second = re.search(r'href="(/feedback\?[^"]*page=2[^"]*)"', page)[1].replace("&amp;", "&")
    assert len(_listed(client.get(second).text)) == 3  # the 26th to 28th are one click away
    target = reports[5]
    found = client.get("/feedback", params={"tab": "all", "q": f"#{target.id}"}).text
    assert _listed(found) == [target.id]
    lights = client.get("/feedback", params={"tab": "all", "category": "DEN_DUONG"}).text
    assert sorted(_listed(lights)) == sorted(r.id for r in reports[-2:]) and _count(lights, "open") == 0
    assert 'href="/feedback?category=DEN_DUONG&amp;tab=open"' in lights  # tabs keep the filters
    text = client.get("/feedback", params={"tab": "all", "q": "tắt cả tuần"}).text
    assert _listed(text) == [reports[-1].id]
    day = (datetime.now(UTC) - timedelta(days=3)).astimezone(feedback_tz()).date().isoformat()
    dated = client.get("/feedback", params={"tab": "all", "start": day, "end": day}).text
    assert _listed(dated) == [reports[-1].id]
    assert _listed(client.get("/feedback", params={"tab": "all", "ward": reports[0].area_code}).text)
    assert _listed(client.get("/feedback", params={"tab": "all", "ward": "00000"}).text) == []
    assert _listed(client.get("/feedback", params={"tab": "open", "status": "received"}).text) == []


def feedback_tz():
    from ioc.kit.timeutil import VN_TZ

    return VN_TZ


def test_the_list_with_filters_in_the_browser(live_server, new_page, make_user, db, feedback):
    _seed(db, feedback)
    name, _ = make_user("operator")
    for size, shot in (("phone", "feedback-queue-filters-phone"), ("laptop", "feedback-queue-filters-laptop")):
        page = new_page(size)
        login(page, live_server.url, name)
        page.goto(f"{live_server.url}/feedback?tab=all")
        page.click("#fb-filters summary")
        page.select_option("#fb-f-category", "DEN_DUONG")
        page.click("#fb-filters button[type=submit]")
        page.wait_for_url("**category=DEN_DUONG**")
        assert page.locator("#fb-queue-list .fb-item").count() == 2
        assert page.locator("[data-tab='all'] .fb-tab-count").inner_text() == "2"
        assert horizontal_overflow(page) == 0
        screenshot(page, shot)
