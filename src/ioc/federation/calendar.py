"""The reporting calendar of Decree 09/2019/NĐ-CP: a monthly period runs from day 15 of the previous month to day 14."""

from __future__ import annotations

from datetime import date, datetime, time

from ioc.kit.timeutil import VN_TZ


def month_key(year: int, month: int) -> str:
    """The period code YYYY-MM."""
    return f"{year:04d}-{month:02d}"


def shift(period: str, months: int) -> str:
    """The period `months` later (earlier when negative)."""
    year, month = (int(p) for p in period.split("-"))
    index = year * 12 + month - 1 + months
    return month_key(index // 12, index % 12 + 1)


def window(period: str, cutoff_day: int = 15) -> tuple[datetime, datetime]:
    """A monthly period's data window: [day `cutoff_day` of the previous month, that day of this one), local time."""
    year, month = (int(p) for p in period.split("-"))
    prev_year, prev_month = (year, month - 1) if month > 1 else (year - 1, 12)
    start = datetime.combine(date(prev_year, prev_month, cutoff_day), time(), VN_TZ)
    end = datetime.combine(date(year, month, cutoff_day), time(), VN_TZ)
    return start, end


def due_period(now: datetime, cutoff_day: int = 15) -> str:
    """The latest period whose window has closed by `now`: this month's from the cut-off day on, else the previous."""
    local = now.astimezone(VN_TZ)
    period = month_key(local.year, local.month)
    return period if local.day >= cutoff_day else shift(period, -1)


def month_start(period: str) -> date:
    """The first day of the period's month (where monthly indicator values start)."""
    year, month = (int(p) for p in period.split("-"))
    return date(year, month, 1)
