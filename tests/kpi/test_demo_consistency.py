"""The demo's figures hold together on a given day: nothing dated after it, no official figure for an open
period, parts within their whole, ward flows adding up to the province, plans a tile can state honestly."""

from __future__ import annotations

import random
from collections import defaultdict
from datetime import date

import pytest

from ioc.kit.periods import Period, check_official
from ioc.kpi import demo, synthetic
from ioc.kpi.catalogue import builtin_rows
from ioc.kpi.models import Indicator
from ioc.kpi.queries import plan_fact

PROVINCE = "48"
WARDS = [f"W{i:02d}" for i in range(40)]
TODAY = date(2026, 12, 2)  # the day a Q4 figure was once shown as official


@pytest.fixture(scope="module")
def seeded():
    inds = sorted((Indicator(**r) for r in builtin_rows()), key=lambda i: i.code in demo.DERIVED_LAST)
    values, targets = demo.build(inds, PROVINCE, WARDS, TODAY, random.Random(11))
    by = {(v.indicator_code, v.area_code, v.period.start): v for v in values}
    return {i.code: i for i in inds}, values, targets, by


def test_no_figure_for_a_period_that_has_not_ended(seeded):
    _, values, _, _ = seeded
    assert values
    assert all(v.period.end <= TODAY for v in values)
    assert not [v for v in values if v.period.frequency == "quarter" and v.period.start == date(2026, 10, 1)]


def test_official_only_a_month_after_the_period_ends(seeded):
    _, values, _, by = seeded
    assert by[("CRIMES", PROVINCE, date(2026, 11, 1))].status == "estimate"
    assert by[("CRIMES", PROVINCE, date(2026, 10, 1))].status == "official"
    assert by[("GRDP_GROWTH", PROVINCE, date(2026, 7, 1))].status == "official"
    for v in values:
        check_official(v.period, v.status, TODAY)


def test_an_official_figure_for_an_open_period_is_refused():
    with pytest.raises(ValueError, match="chưa kết thúc"):
        check_official(Period(date(2026, 10, 1), "quarter"), "official", TODAY)
    check_official(Period(date(2026, 10, 1), "quarter"), "estimate", TODAY)


def test_parts_stay_within_their_whole(seeded):
    _, values, _, by = seeded
    checked = 0
    for v in values:
        if v.indicator_code in synthetic.PARTS:
            whole = by[(synthetic.PARTS[v.indicator_code][0], v.area_code, v.period.start)]
            assert v.value <= whole.value, (v.indicator_code, v.period.code())
            checked += 1
    assert checked > 100
    deaths = by[("TRAFFIC_DEATHS", PROVINCE, date(2026, 11, 1))].value
    assert 0 < deaths <= by[("TRAFFIC_ACCIDENTS", PROVINCE, date(2026, 11, 1))].value


def test_ward_flows_add_up_to_the_province_and_counts_are_not_zero(seeded):
    inds, values, _, by = seeded
    sums: dict = defaultdict(float)
    for v in values:
        if v.area_code != PROVINCE:
            sums[(v.indicator_code, v.period.start)] += v.value
    for (code, start), total in sums.items():
        if inds[code].time_agg == "sum":
            assert total == pytest.approx(by[(code, PROVINCE, start)].value), (code, start)
    for code in ("CRIMES", "TRAFFIC_ACCIDENTS"):
        assert all(v.value > 0 for v in values if v.indicator_code == code and v.area_code == PROVINCE)


def test_trade_balance_and_gdp_shares_agree(seeded):
    _, values, _, by = seeded
    start = date(2026, 11, 1)
    balance = by[("TRADE_BALANCE", PROVINCE, start)].value
    assert balance == pytest.approx(by[("EXPORTS", PROVINCE, start)].value - by[("IMPORTS", PROVINCE, start)].value)
    year = date(2025, 1, 1)
    shares = sum(by[(c, PROVINCE, year)].value for c in ("SHARE_AGRI", "SHARE_INDUSTRY", "SHARE_SERVICES"))
    assert 85 <= shares <= 100


def test_disbursement_rate_follows_the_money_and_its_quarter_plans(seeded):
    _, values, targets, by = seeded
    rates = [by[("PUBLIC_INVESTMENT_RATE", PROVINCE, date(2026, m, 1))].value for m in range(1, 12)]
    assert rates == sorted(rates) and rates[0] < 20 and rates[-1] > 60
    plans = {t.quarter: t.value for t in targets if t.indicator_code == "PUBLIC_INVESTMENT_RATE" and t.year == 2026}
    assert plans[1] < plans[2] < plans[3] < plans[4] <= plans[0]


def test_plans_are_positive_and_stated_in_a_form_that_fits_the_indicator(seeded):
    inds, _, targets, _ = seeded
    assert all(t.value > 0 for t in targets if t.indicator_code != "TRADE_BALANCE")
    crimes = plan_fact(inds["CRIMES"], 210.0, 41.4, "vi")
    assert crimes == {"label": "Kế hoạch năm", "text": "≤ 210 vụ"}
    rate = plan_fact(inds["PUBLIC_INVESTMENT_RATE"], 95.0, 94.5, "vi")
    assert rate["text"] == "≥ 95,0 % kế hoạch" and "%" not in rate["label"]
    revenue = plan_fact(inds["BUDGET_REVENUE"], 12000.0, 88.26, "en")
    assert revenue == {"label": "% of annual target", "text": "88.3 %"}
    assert plan_fact(inds["CRIMES"], None, None, "en") == {"label": "Annual target", "text": "Not set"}
