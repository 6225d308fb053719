"""The documented status rules (docs/kpi.md R1–R6), Vietnamese numbers and periods."""

from __future__ import annotations

from datetime import date

import pytest

from ioc.kit.numbers import parse_number
from ioc.kit.periods import Period, check_in_range, parse_period
from ioc.kpi import status
from ioc.kpi.derive import Rule, derive_series, effective


def test_r1_no_value_or_no_target_is_no_data():
    assert status.judge("up", None, 100) == "no_data"
    assert status.judge("up", 100, None) == "no_data"
    assert status.plan_for("sum", 6, None, {}) is None


def test_r2_sum_plan_is_pro_rata_of_the_annual_target():
    assert status.plan_for("sum", 3, 1200) == 300
    assert status.plan_for("sum", 12, 1200) == 1200


def test_r2_sum_plan_uses_quarter_targets_and_fills_missing_quarters():
    # Q1 100, Q2 unknown (1200/4 = 300), May is two months into Q2.
    assert status.plan_for("sum", 5, 1200, {1: 100}) == pytest.approx(100 + 300 * 2 / 3)


def test_r2_rates_are_judged_at_their_level_not_pro_rata():
    assert status.plan_for("mean", 2, 95.0) == 95.0
    assert status.plan_for("last", 8, 95.0, {3: 93.0}) == 93.0


def test_r3_year_to_date_follows_the_time_aggregation():
    assert status.year_to_date("sum", [1, 2, 3]) == 6
    assert status.year_to_date("mean", [1, 2, 3]) == 2
    assert status.year_to_date("last", [1, 2, 3]) == 3


def test_r4_r5_bands_for_higher_is_better():
    assert status.judge("up", 98.0, 100) == "on_track"
    assert status.judge("up", 97.9, 100) == "at_risk"
    assert status.judge("up", 90.0, 100) == "at_risk"
    assert status.judge("up", 89.9, 100) == "off_track"


def test_r4_r5_bands_flip_when_lower_is_better():
    assert status.judge("down", 102.0, 100) == "on_track"
    assert status.judge("down", 105.0, 100) == "at_risk"
    assert status.judge("down", 111.0, 100) == "off_track"
    assert status.judge("down", 50.0, 100) == "on_track"


def test_r6_zero_plan():
    assert status.judge("down", 0, 0) == "on_track"
    assert status.judge("down", 3, 0) == "off_track"
    assert status.judge("up", -1, 0) == "off_track"


def test_official_value_wins_over_estimate():
    assert effective((10.0, "estimate"), (12.0, "official")) == (12.0, "official")
    assert effective((10.0, "estimate"), None) == (10.0, "estimate")


def test_derived_series_yoy_ytd_and_percent_of_target():
    values = {date(2025, m, 1): (100.0, "official") for m in range(1, 4)}
    values |= {date(2026, m, 1): (110.0, "official") for m in range(1, 4)}
    rows = derive_series(Rule("X", "month", "sum", "up"), "48", values, {2026: {0: 1200.0}}, range(2026, 2027))
    march = rows[-1]
    assert march["yoy_pct"] == pytest.approx(10.0) and march["yoy_diff"] == pytest.approx(10.0)
    assert march["ytd"] == 330 and march["plan"] == 300
    assert march["pct_target"] == pytest.approx(27.5) and march["track"] == "on_track"


@pytest.mark.parametrize(
    "text, expected",
    [
        ("1.234,5", 1234.5),
        ("1234,5", 1234.5),
        ("1.234", 1234.0),
        ("-2,75", -2.75),
        ("1 234 567,8", 1234567.8),
        ("12", 12.0),
        ("1.234.567,89", 1234567.89),
        (3.5, 3.5),
    ],
)
def test_vietnamese_numbers(text, expected):
    assert parse_number(text) == pytest.approx(expected)


@pytest.mark.parametrize("text", ["12.5", "1,234.5", "1,2,3", "12%", "abc", "", "1.23,4"])
def test_numbers_that_are_refused(text):
    with pytest.raises(ValueError):
        parse_number(text)


def test_periods_in_every_accepted_form_and_frequency_match():
    assert parse_period("2025-03", "month") == Period(date(2025, 3, 1), "month")
    assert parse_period("T3/2025", "month").code() == "2025-03"
    assert parse_period("Quý 2/2025", "quarter").code() == "2025-Q2"
    assert parse_period(2024, "year").code() == "2024"
    with pytest.raises(ValueError, match="quý"):
        parse_period("2025-Q1", "month")


def test_future_and_too_old_periods_are_refused():
    with pytest.raises(ValueError, match="tương lai"):
        check_in_range(Period(date(2026, 12, 1), "month"), today=date(2026, 11, 29))
    with pytest.raises(ValueError, match="2000"):
        check_in_range(Period(date(1999, 1, 1), "year"), today=date(2026, 11, 29))
    check_in_range(Period(date(2026, 11, 1), "month"), today=date(2026, 11, 29))
