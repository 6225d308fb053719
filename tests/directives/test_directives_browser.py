"""A leader on a phone sees what waits for them and accepts it; on a laptop issues a directive from an indicator."""

from __future__ import annotations

from datetime import timedelta

from ioc.auth import service as auth_service
from ioc.directives import service
from ioc.directives.schemas import DirectiveIn, ProgressIn
from ioc.kit.timeutil import utcnow
from tests.browser import horizontal_overflow, login, screenshot


def _completed(db, leader: str, officer: str) -> int:
    boss = auth_service.principal_for_user(db, auth_service.get_user_by_name(db, leader))
    xd = auth_service.principal_for_user(db, auth_service.get_user_by_name(db, officer))
    issued = utcnow() - timedelta(days=20)
    body = DirectiveIn(title="Khắc phục tăng trưởng GRDP chậm so với kế hoạch", content="Rà soát, báo cáo giải pháp.",
                       doc_ref="125/UBND-KT", lead_agency="SO_XD", support_agencies=[], due_in_working_days=5,
                       source_kind="indicator", source_id="GRDP_GROWTH")  # fmt: skip
    d = service.create_directive(db, boss, body, now=issued)
    service.act(db, xd, d["id"], "ack", now=issued + timedelta(hours=2))
    service.act(db, xd, d["id"], "complete", report=ProgressIn(text="Đã hoàn thành báo cáo"), now=utcnow())
    db.commit()
    return d["id"]


def test_phone_leader_accepts_what_waits_and_it_is_late(live_server, new_page, people, db):
    leader, _ = people["leader"]
    directive_id = _completed(db, leader, people["xd"][0])
    page = new_page("phone")
    login(page, live_server.url, leader)
    page.goto(f"{live_server.url}/directives")
    page.wait_for_selector("#dv-mine .dv-card")
    assert "Khắc phục tăng trưởng GRDP" in page.locator("#dv-mine").inner_text()
    assert horizontal_overflow(page) == 0
    screenshot(page, "directives-list-phone")
    page.locator("#dv-mine .dv-card a").first.click()
    page.wait_for_selector("form.dv-act[data-action='accept']")
    assert horizontal_overflow(page) == 0
    screenshot(page, "directives-detail-phone")
    page.click("form.dv-act[data-action='accept'] button")
    page.wait_for_selector(".page-head .chip-warn")
    assert "Hoàn thành quá hạn" in page.locator(".page-head").inner_text()
    assert page.url.endswith(f"/directives/{directive_id}")


def test_laptop_leader_issues_a_directive_from_an_indicator(live_server, new_page, people, db):
    page = new_page("laptop")
    login(page, live_server.url, people["leader"][0])
    page.goto(f"{live_server.url}/overview/GRDP_GROWTH")
    page.click("#kpi-directive")
    page.wait_for_selector("#dv-new")
    page.fill("#dv-doc", "200/UBND-KT")
    page.select_option("#dv-lead", "SO_XD")
    page.fill("#dv-days", "3")
    screenshot(page, "directives-new-laptop")
    page.click("#dv-new button[type=submit]")
    page.wait_for_selector("#dv-detail")
    text = page.locator("main").inner_text()
    assert "200/UBND-KT" in text and "Chưa thực hiện" in text and "GRDP_GROWTH" in text
    screenshot(page, "directives-detail-laptop")


def test_a_leader_lists_the_directives_of_a_ward_on_a_phone_and_a_laptop(live_server, new_page, people, db, province):
    from tests.browser import watch_errors

    boss = auth_service.principal_for_user(db, auth_service.get_user_by_name(db, people["leader"][0]))
    for title, area in (("Khơi thông cống Hải Châu", "20242"), ("Báo cáo thu ngân sách", None)):
        body = DirectiveIn(title=title, lead_agency="SO_XD", due_in_working_days=5, area_code=area)
        service.create_directive(db, boss, body)
    db.commit()
    for viewport in ("phone", "laptop"):
        page = new_page(viewport)
        errors = watch_errors(page)
        login(page, live_server.url, people["leader"][0])
        page.goto(f"{live_server.url}/directives")
        page.select_option("#dv-area", "20242")
        page.locator(".dv-filters button[type=submit]").click()
        page.wait_for_url("**area=20242**")
        listed = page.inner_text("#dv-list")
        assert "Khơi thông cống Hải Châu" in listed and "Báo cáo thu ngân sách" not in listed
        assert "Phường Hải Châu" in page.inner_text("#dv-area-filter")
        assert horizontal_overflow(page) == 0
        screenshot(page, f"directives-ward-{viewport}")
        assert errors == []
