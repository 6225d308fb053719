"""The reporting calendar of Decree 09/2019/NĐ-CP: period M runs from day 15 of M-1 to day 14 of M."""

from __future__ import annotations

from datetime import UTC, datetime

from ioc.federation.calendar import due_period, shift, window
from ioc.kit.timeutil import VN_TZ


def test_a_monthly_period_runs_from_the_15th_of_the_previous_month():
    start, end = window("2026-01")
    assert (start, end) == (datetime(2025, 12, 15, tzinfo=VN_TZ), datetime(2026, 1, 15, tzinfo=VN_TZ))
    assert start.astimezone(UTC) == datetime(2025, 12, 14, 17, tzinfo=UTC)  # midnight in Hà Nội


def test_the_round_of_a_month_is_due_from_its_cut_off_day_in_vietnam():
    assert due_period(datetime(2026, 11, 14, 16, 59, tzinfo=UTC)) == "2026-10"  # 23:59 on the 14th in Vietnam
    assert due_period(datetime(2026, 11, 14, 17, 0, tzinfo=UTC)) == "2026-11"  # 00:00 on the 15th
    assert due_period(datetime(2026, 1, 3, tzinfo=UTC)) == "2025-12"
    assert shift("2026-01", -2) == "2025-11" and shift("2025-12", 1) == "2026-01"
