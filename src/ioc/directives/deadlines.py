"""Deadlines of directives in working days, with the holidays the project knows (ioc.kit.workinghours)."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from ioc.kit.errors import ValidationProblem
from ioc.kit.workinghours import WorkingCalendar, default_calendar


def _invalid(field: str, message: str) -> ValidationProblem:
    return ValidationProblem(f"{field}: {message}", errors=[{"field": field, "message": message}])


def aware(value: datetime | None) -> datetime | None:
    """An instant without a time zone is read as Vietnamese time (Asia/Ho_Chi_Minh)."""
    if value is None or value.tzinfo is not None:
        return value
    return value.replace(tzinfo=default_calendar().tz)


def end_of_day(day: date, calendar: WorkingCalendar | None = None) -> datetime | None:
    """The close of the office on this date, or None on a day off."""
    periods = (calendar or default_calendar()).day_periods(day)
    return periods[-1][1] if periods else None


def add_working_days(start: datetime, days: int, calendar: WorkingCalendar | None = None) -> datetime:
    """The close of the office on the `days`-th working day after the date of `start`."""
    cal = calendar or default_calendar()
    day = start.astimezone(cal.tz).date()
    counted = 0
    for _ in range(3 * 366):
        day += timedelta(days=1)
        if cal.day_periods(day):
            counted += 1
            if counted == days:
                return end_of_day(day, cal)
    raise ValueError("no working day within three years: check the calendar")


def working_days_left(now: datetime, deadline: datetime, calendar: WorkingCalendar | None = None) -> int:
    """Working days from today to the deadline's date (0 on the day itself; negative once past)."""
    cal = calendar or default_calendar()
    today, last = now.astimezone(cal.tz).date(), deadline.astimezone(cal.tz).date()
    sign, (a, b) = (1, (today, last)) if last >= today else (-1, (last, today))
    count, day = 0, a
    while day < b:
        day += timedelta(days=1)
        if cal.day_periods(day):
            count += 1
    return sign * count


def resolve(deadline: datetime | None, due_date: date | None, working_days: int | None, now: datetime) -> datetime:
    """The deadline from exactly one of an instant, a date or a number of working days; never in the past."""
    given = [x for x in (deadline, due_date, working_days) if x is not None]
    if len(given) != 1:
        raise _invalid("deadline", "give exactly one of deadline, due_date, due_in_working_days")
    if deadline is not None:
        result = aware(deadline)
    elif due_date is not None:
        result = end_of_day(due_date)
        if result is None:
            raise _invalid("due_date", f"{due_date.isoformat()} is not a working day (weekend or holiday)")
    else:
        result = add_working_days(now, working_days)
    if result <= now:
        raise _invalid("deadline", "the deadline is in the past")
    return result
