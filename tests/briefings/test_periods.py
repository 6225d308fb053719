"""Briefing periods: ISO weeks and months in local time, the schedule's due moment."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from ioc.briefings import periods
from ioc.kit.errors import ValidationProblem


def test_weeks_and_months_parse_to_local_days():
    week = periods.parse("week", "2026-W48")
    assert (week.first, week.last, week.code) == (date(2026, 11, 23), date(2026, 11, 29), "2026-W48")
    assert week.start.isoformat() == "2026-11-23T00:00:00+07:00"
    assert week.label() == "Tuần 48/2026 (23/11 – 29/11/2026)"
    month = periods.parse("month", "2026-12")
    assert (month.first, month.after, month.label()) == (date(2026, 12, 1), date(2027, 1, 1), "Tháng 12/2026")
    assert periods.parse("week", "2026-W01").first == date(2025, 12, 29)  # ISO week 1 may start in December


@pytest.mark.parametrize(("kind", "code"), [("week", "2026-11"), ("month", "2026-13"), ("week", "2026-W54"),
                                            ("month", "1999-12"), ("day", "2026-11"), ("month", "")])  # fmt: skip
def test_bad_periods_are_a_422_on_the_period(kind, code):
    with pytest.raises(ValidationProblem) as err:
        periods.parse(kind, code)
    assert err.value.errors[0]["field"] == "period"


def test_the_schedule_is_due_from_monday_and_the_first_at_seven_local():
    monday_early = datetime(2026, 12, 6, 23, 30, tzinfo=UTC)  # Monday 7 December 06:30 in Hà Nội
    monday_late = datetime(2026, 12, 7, 0, 30, tzinfo=UTC)  # 07:30
    assert not periods.due("week", monday_early, 7) and periods.due("week", monday_late, 7)
    assert periods.last_complete("week", monday_late).code == "2026-W49"
    assert periods.last_complete("month", monday_late).code == "2026-11"
    first_early = datetime(2026, 11, 30, 23, 0, tzinfo=UTC)  # 1 December 06:00
    assert not periods.due("month", first_early, 7)
    assert periods.due("month", datetime(2026, 12, 1, 0, 0, tzinfo=UTC), 7)
