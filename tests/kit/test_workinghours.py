"""Working hours with a controlled clock: office periods, lunch, weekends, Tết, compensatory days."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from ioc.kit.workinghours import WorkingCalendar, default_calendar, load_holidays, make_calendar, parse_office_hours

VN = ZoneInfo("Asia/Ho_Chi_Minh")


def vn(y, m, d, h=0, mi=0):
    return datetime(y, m, d, h, mi, tzinfo=VN)


@pytest.fixture
def cal():
    return default_calendar()


def test_hours_inside_one_morning(cal):
    assert cal.add(vn(2025, 3, 3, 8, 0), 2) == vn(2025, 3, 3, 10, 0)  # a Monday


def test_lunch_break_is_skipped(cal):
    assert cal.add(vn(2025, 3, 3, 10, 30), 2) == vn(2025, 3, 3, 14, 30)


def test_exactly_to_closing_time_stays_that_day(cal):
    assert cal.add(vn(2025, 3, 3, 13, 30), 3.5) == vn(2025, 3, 3, 17, 0)


def test_eight_hours_from_friday_afternoon_ends_on_monday(cal):
    # Friday 15:00 → 2 h left on Friday, 4 h Monday morning, 2 h Monday afternoon.
    assert cal.add(vn(2025, 3, 7, 15, 0), 8) == vn(2025, 3, 10, 15, 30)


def test_start_outside_office_hours_counts_from_next_opening(cal):
    assert cal.add(vn(2025, 3, 8, 22, 0), 1) == vn(2025, 3, 10, 8, 30)  # Saturday night
    assert cal.add(vn(2025, 3, 3, 6, 0), 1) == vn(2025, 3, 3, 8, 30)
    assert cal.add(vn(2025, 3, 3, 12, 0), 1) == vn(2025, 3, 3, 14, 30)


def test_tet_2025_is_skipped_entirely(cal):
    # Friday 24/01/2025 16:00; Tết holiday runs Monday 27/01 to Friday 31/01; next working day is 03/02.
    assert cal.add(vn(2025, 1, 24, 16, 0), 4) == vn(2025, 2, 3, 10, 30)


def test_national_day_2025_and_input_in_utc(cal):
    start_utc = vn(2025, 8, 29, 16, 0).astimezone(UTC)
    due = cal.add(start_utc, 2)
    assert due.tzinfo == UTC
    assert due == vn(2025, 9, 3, 8, 30).astimezone(UTC)


def test_between_counts_only_office_time(cal):
    assert cal.between(vn(2025, 3, 3, 7, 30), vn(2025, 3, 3, 17, 0)) == timedelta(hours=7.5)
    assert cal.between(vn(2025, 3, 7, 15, 0), vn(2025, 3, 10, 15, 30)) == timedelta(hours=8)
    assert cal.between(vn(2025, 3, 8, 0, 0), vn(2025, 3, 9, 23, 0)) == timedelta(0)
    assert cal.between(vn(2025, 3, 4), vn(2025, 3, 3)) == timedelta(0)
    assert cal.working_hours_between(vn(2025, 1, 24, 16, 0), vn(2025, 2, 3, 10, 30)) == 4


def test_add_and_between_agree_over_many_starts(cal):
    start = vn(2025, 12, 29, 9, 15)
    for step in range(0, 300, 7):
        begin = start + timedelta(hours=step)
        for hours in (0.5, 4, 8, 40):
            assert cal.working_hours_between(begin, cal.add(begin, hours)) == pytest.approx(hours)


def test_configured_hours_saturday_and_compensatory_day():
    custom = make_calendar("mon-fri 08:00-12:00,13:00-17:00; sat 08:00-12:00", extra_workdays="2025-04-26")
    assert custom.add(vn(2025, 3, 7, 16, 0), 2) == vn(2025, 3, 8, 9, 0)  # Saturday morning counts
    assert custom.is_working_time(vn(2025, 3, 8, 9, 0)) and not custom.is_working_time(vn(2025, 3, 8, 13, 0))
    only_weekdays = make_calendar("mon-fri 07:30-11:30", extra_workdays="2025-04-26")
    assert only_weekdays.is_working_time(vn(2025, 4, 26, 8, 0))  # a Saturday worked for the 30/4 bridge


def test_holiday_file_override(tmp_path):
    path = tmp_path / "holidays.txt"
    path.write_text("2025-03-04  # provincial day\n\n", encoding="utf-8")
    custom = make_calendar(holidays_file=str(path))
    assert custom.add(vn(2025, 3, 3, 16, 0), 2) == vn(2025, 3, 5, 8, 30)
    assert date(2025, 1, 29) not in load_holidays(path)


def test_shipped_holidays_cover_2025_to_2027():
    days = load_holidays()
    assert {date(2025, 1, 29), date(2026, 2, 17), date(2027, 2, 8), date(2026, 9, 2)} <= days
    assert all(d.weekday() < 5 for d in days)


def test_bad_configuration_is_refused():
    with pytest.raises(ValueError, match="unknown day"):
        parse_office_hours("mon-xyz 07:30-11:30")
    with pytest.raises(ValueError, match="ends before"):
        parse_office_hours("mon 11:30-07:30")
    with pytest.raises(ValueError, match="timezone-aware"):
        default_calendar().add(datetime(2025, 3, 3, 8, 0), 1)
    with pytest.raises(ValueError, match="no office hours"):
        WorkingCalendar(periods={}).add(vn(2025, 3, 3), 1)
