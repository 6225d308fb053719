"""Working hours: add N office hours to an instant, count office time between two instants.

Office hours per weekday and the public-holiday list are configuration. The default is the
common Vietnamese administration schedule (Mon–Fri 07:30–11:30 and 13:30–17:00, Asia/Ho_Chi_Minh)
and the national holidays shipped in `kit/data/holidays_vn.json` (Tết included).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from functools import lru_cache
from pathlib import Path
from zoneinfo import ZoneInfo

DEFAULT_OFFICE_HOURS = "mon-fri 07:30-11:30,13:30-17:00"
DEFAULT_TZ = "Asia/Ho_Chi_Minh"
HOLIDAYS_FILE = Path(__file__).resolve().parent / "data" / "holidays_vn.json"
DAY_NAMES = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
MAX_DAYS = 3 * 366  # a deadline further than this means a broken calendar, not a slow office

Period = tuple[time, time]


def _parse_time(text: str) -> time:
    match = re.fullmatch(r"(\d{1,2}):(\d{2})", text.strip())
    if not match or int(match[1]) > 24 or int(match[2]) > 59:
        raise ValueError(f"office hours: not a time HH:MM: {text!r}")
    hour, minute = int(match[1]), int(match[2])
    return time.max if hour == 24 else time(hour, minute)


def _day_index(name: str) -> int:
    key = name.strip().lower()[:3]
    if key not in DAY_NAMES:
        raise ValueError(f"office hours: unknown day {name.strip()!r}; use mon … sun")
    return DAY_NAMES.index(key)


def _parse_days(text: str) -> list[int]:
    days: list[int] = []
    for part in text.split(","):
        if "-" in part:
            first, last = (_day_index(p) for p in part.split("-", 1))
            days += list(range(first, last + 1))
        else:
            days.append(_day_index(part))
    return days


def parse_office_hours(spec: str) -> dict[int, tuple[Period, ...]]:
    """Parse 'mon-fri 07:30-11:30,13:30-17:00; sat 07:30-11:30' into periods per weekday (0=Monday)."""
    result: dict[int, tuple[Period, ...]] = {}
    for clause in filter(None, (c.strip() for c in spec.split(";"))):
        days_text, _, ranges_text = clause.partition(" ")
        periods = []
        for item in filter(None, (r.strip() for r in ranges_text.split(","))):
            start_text, _, end_text = item.partition("-")
            start, end = _parse_time(start_text), _parse_time(end_text)
            if end <= start:
                raise ValueError(f"office hours: period ends before it starts: {item!r}")
            periods.append((start, end))
        if not periods:
            raise ValueError(f"office hours: no time ranges in {clause!r}")
        for day in _parse_days(days_text):
            result[day] = tuple(sorted(periods))
    return result


def load_holidays(path: str | Path | None = None) -> frozenset[date]:
    """Holidays from a JSON file ({"2025": [...]} or a flat list) or a text file with one date a line."""
    source = Path(path) if path else HOLIDAYS_FILE
    text = source.read_text(encoding="utf-8")
    if source.suffix == ".json":
        data = json.loads(text)
        values = data if isinstance(data, list) else [d for k, v in data.items() if not k.startswith("_") for d in v]
    else:
        values = [line.split("#")[0].strip() for line in text.splitlines()]
    return frozenset(date.fromisoformat(v) for v in values if v)


@dataclass(frozen=True)
class WorkingCalendar:
    """Office hours per weekday, holidays and worked compensatory days, in one time zone."""

    periods: dict[int, tuple[Period, ...]]
    holidays: frozenset[date] = frozenset()
    tz: ZoneInfo = field(default_factory=lambda: ZoneInfo(DEFAULT_TZ))
    # Saturdays worked to make up for a bridged holiday take the schedule of a Monday.
    extra_workdays: frozenset[date] = frozenset()

    def day_periods(self, day: date) -> list[tuple[datetime, datetime]]:
        """The office periods of one local date, as aware datetimes (empty on days off)."""
        if day in self.holidays:
            return []
        weekday = 0 if day in self.extra_workdays else day.weekday()
        out = []
        for start, end in self.periods.get(weekday, ()):
            end_dt = (
                datetime.combine(day + timedelta(days=1), time(0), self.tz)
                if end == time.max
                else datetime.combine(day, end, self.tz)
            )
            out.append((datetime.combine(day, start, self.tz), end_dt))
        return out

    def add(self, start: datetime, hours: float) -> datetime:
        """The instant when `hours` of office time have passed after `start` (aware in, aware out)."""
        if start.tzinfo is None:
            raise ValueError("start must be timezone-aware")
        remaining = timedelta(hours=hours)
        cursor = start.astimezone(self.tz)
        if remaining <= timedelta(0):
            return start
        day = cursor.date()
        for _ in range(MAX_DAYS):
            for period_start, period_end in self.day_periods(day):
                if period_end <= cursor:
                    continue
                begin = max(cursor, period_start)
                available = period_end - begin
                if remaining <= available:
                    return (begin + remaining).astimezone(start.tzinfo)
                remaining -= available
            day += timedelta(days=1)
        raise ValueError("no office hours within three years: check the office-hours configuration")

    def between(self, start: datetime, end: datetime) -> timedelta:
        """Office time between two aware instants (zero if end is not after start)."""
        if start.tzinfo is None or end.tzinfo is None:
            raise ValueError("start and end must be timezone-aware")
        if end <= start:
            return timedelta(0)
        a, b = start.astimezone(self.tz), end.astimezone(self.tz)
        total = timedelta(0)
        day = a.date()
        while day <= b.date():
            for period_start, period_end in self.day_periods(day):
                overlap = min(b, period_end) - max(a, period_start)
                if overlap > timedelta(0):
                    total += overlap
            day += timedelta(days=1)
        return total

    def working_hours_between(self, start: datetime, end: datetime) -> float:
        """Office hours between two instants, as a float."""
        return self.between(start, end).total_seconds() / 3600

    def is_working_time(self, instant: datetime) -> bool:
        """True if the office is open at this instant."""
        local = instant.astimezone(self.tz)
        return any(s <= local < e for s, e in self.day_periods(local.date()))


def make_calendar(
    office_hours: str = DEFAULT_OFFICE_HOURS,
    holidays_file: str | None = None,
    tz: str = DEFAULT_TZ,
    extra_workdays: str = "",
) -> WorkingCalendar:
    """A calendar from configuration text (office hours spec, holidays file, comma list of worked days)."""
    extra = frozenset(date.fromisoformat(d.strip()) for d in extra_workdays.split(",") if d.strip())
    return WorkingCalendar(parse_office_hours(office_hours), load_holidays(holidays_file), ZoneInfo(tz), extra)


@lru_cache
def default_calendar() -> WorkingCalendar:
    """The shipped Vietnamese calendar."""
    return make_calendar()
