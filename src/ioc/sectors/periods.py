"""Period starts of the sectors' figures (local calendar)."""

from __future__ import annotations

from datetime import date, timedelta


def month_start(day: date) -> date:
    """The first day of the day's month."""
    return date(day.year, day.month, 1)


def months_back(day: date, months: int) -> date:
    """The first day of the month `months` before the day's month."""
    index = day.year * 12 + day.month - 1 - months
    return date(index // 12, index % 12 + 1, 1)


def week_start(day: date) -> date:
    """The Monday of the day's week."""
    return day - timedelta(days=day.weekday())


def period_starts(today: date, period: str) -> date:
    """Where a chart begins: 24 months, 52 weeks or 5 years back."""
    if period == "week":
        return week_start(today) - timedelta(weeks=51)
    if period == "year":
        return date(today.year - 5, 1, 1)
    return months_back(today, 23)


def current_start(today: date, period: str) -> date:
    """The start of the period today is in: the one still running, whose figures are not complete."""
    if period == "week":
        return week_start(today)
    if period == "year":
        return date(today.year, 1, 1)
    return month_start(today)
