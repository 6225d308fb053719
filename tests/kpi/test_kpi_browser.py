"""A leader on a phone sees which indicators are off track this month, and in which wards."""

from __future__ import annotations

from ioc.auth.principal import SYSTEM
from ioc.kit.periods import Period
from ioc.kpi import service
from tests.browser import horizontal_overflow, login, screenshot

WARDS = {"20242": ("Phường Hải Châu", 95.0), "20257": ("Phường Hòa Cường", 120.0), "20209": ("Phường Thanh Khê", 40.0)}


def _seed_month(db) -> None:
    from datetime import date

    month = Period(date(2026, 10, 1), "month")
    values = [service.ValueIn("BUDGET_REVENUE", "48", month, "official", 240.0)]
    values += [service.ValueIn("BUDGET_REVENUE", code, month, "official", v) for code, (_, v) in WARDS.items()]
    values.append(service.ValueIn("RETAIL_SALES", "48", month, "estimate", 1000.0))
    values.append(service.ValueIn("RETAIL_SALES", "48", Period(date(2026, 9, 1), "month"), "official", 900.0))
    targets = [
        service.TargetIn("BUDGET_REVENUE", "48", 2026, 0, 3600.0),  # plan to October: 3 000 → 240 is far behind
        service.TargetIn("RETAIL_SALES", "48", 2026, 0, 1000.0),
    ]
    targets += [service.TargetIn("BUDGET_REVENUE", code, 2026, 0, 120.0) for code in WARDS]  # plan 100 each
    service.write_targets(db, SYSTEM, targets)
    service.write_values(db, SYSTEM, values)
    db.commit()


def test_phone_leader_sees_off_track_indicators_and_wards(live_server, new_page, make_user, catalogue, db):
    _seed_month(db)
    name, _ = make_user("leader")
    page = new_page("phone")
    login(page, live_server.url, name)
    assert page.url.endswith("/picture")  # the first navigation entry: the province picture
    page.locator(".tabbar a[href='/overview']").click()  # "Chỉ tiêu", one tap away
    page.wait_for_selector(".kpi-tile[data-code='BUDGET_REVENUE']")
    assert horizontal_overflow(page) == 0
    screenshot(page, "kpi-overview-phone")
    page.click("#filter-off-track")
    page.wait_for_selector(".kpi-tile")
    tiles = page.locator(".kpi-tile")
    assert tiles.count() == 1
    tile = tiles.first
    assert tile.get_attribute("data-code") == "BUDGET_REVENUE"
    assert "Chậm tiến độ" in tile.locator(".track-chip").inner_text()
    wards_text = tile.locator(".kpi-wards").inner_text()
    assert "Phường Thanh Khê" in wards_text and "Phường Hải Châu" not in wards_text  # 95 of a plan of 100 is at risk
    assert horizontal_overflow(page) == 0
    screenshot(page, "kpi-off-track-phone")
    tile.locator("a.kpi-name").click()
    page.wait_for_selector("#kpi-ward-map.is-ready", timeout=15000)
    assert page.get_attribute("#kpi-ward-map", "data-ward-count") == "3"
    first_row = page.locator("#wards tbody tr").first.inner_text()
    assert "Phường Thanh Khê" in first_row  # worst first
    assert horizontal_overflow(page) == 0
    screenshot(page, "kpi-indicator-phone")


def test_laptop_overview_and_indicator_export(live_server, new_page, make_user, catalogue, db):
    _seed_month(db)
    name, _ = make_user("leader")
    page = new_page("laptop")
    login(page, live_server.url, name)
    page.goto(f"{live_server.url}/overview")
    page.wait_for_selector(".kpi-tile[data-code='RETAIL_SALES'] .spark svg")
    assert "1 Chậm tiến độ" in " ".join(page.locator(".kpi-counts [data-count='off_track']").inner_text().split())
    screenshot(page, "kpi-overview-laptop")
    page.goto(f"{live_server.url}/overview/BUDGET_REVENUE?track=off_track")
    page.wait_for_selector("#plan-chart.is-ready")
    assert page.evaluate(LEGEND_MATCHES_BARS) == []
    page.wait_for_selector("#kpi-ward-map.is-ready", timeout=15000)
    shown = page.locator("#wards tbody tr").all_inner_texts()
    assert len(shown) == 1 and "Phường Thanh Khê" in shown[0]
    screenshot(page, "kpi-indicator-laptop")
    href = page.locator("#wards a:has-text('CSV')").get_attribute("href")
    response = page.request.get(f"{live_server.url}{href}")
    lines = response.text().lstrip("\ufeff").strip().splitlines()
    assert lines[0].startswith('"Xã, phường",Giá trị') and len(lines) == 2 and "Phường Thanh Khê" in lines[1]
    assert '"33,3 %"' in lines[1]  # Vietnamese number format, as shown on the page


def test_each_status_chip_lists_as_many_indicators_as_it_counts(live_server, new_page, make_user, catalogue, db):
    _seed_month(db)
    name, _ = make_user("leader")
    page = new_page("laptop")
    login(page, live_server.url, name)
    page.goto(f"{live_server.url}/overview")
    counts = {
        key: int(page.locator(f".kpi-counts [data-count='{key}'] .num").inner_text())
        for key in ("off_track", "at_risk", "on_track", "no_data")
    }
    assert counts["off_track"] >= 1 and counts["on_track"] >= 1 and sum(counts.values()) > 4
    for key, n in counts.items():
        page.goto(f"{live_server.url}/overview")
        page.click(f".kpi-counts a[data-count='{key}']")  # a chip is a link to the list behind it
        page.wait_for_url(f"**/overview?filter={key}")
        assert page.locator(".kpi-tile").count() == n
        assert page.locator(f".kpi-tile[data-track='{key}']").count() == n or n == 0
    screenshot(page, "kpi-overview-at-risk-laptop")


# Bars whose colour differs from their legend swatch (the series' visual colour): none.
LEGEND_MATCHES_BARS = """(() => {
  const chart = echarts.getInstanceByDom(document.getElementById('plan-chart'));
  const bad = [];
  chart.getOption().series.forEach((s, i) => {
    if (s.type !== 'bar') return;
    const swatch = chart.getVisual({ seriesIndex: i }, 'color');
    s.data.forEach((v, j) => {
      const fill = chart.getVisual({ seriesIndex: i, dataIndex: j }, 'color');
      if (v !== null && fill !== swatch) bad.push(`${s.name} ${j}: ${fill} vs ${swatch}`);
    });
  });
  return bad;
})()"""
