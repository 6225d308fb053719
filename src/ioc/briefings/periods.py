"""Briefing periods: an ISO week ("2026-W48") or a month ("2026-11"), in Asia/Ho_Chi_Minh local time."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from ioc.kit.errors import ValidationProblem
from ioc.kit.timeutil import VN_TZ, to_local

KINDS = ("week", "month")
WEEK = re.compile(r"^(\d{4})-W(\d{2})$")
MONTH = re.compile(r"^(\d{4})-(\d{2})$")
TITLES = {"week": "BÁO CÁO GIAO BAN TUẦN", "month": "BÁO CÁO GIAO BAN THÁNG"}


@dataclass(frozen=True)
class Period:
    """A briefing's period: kind, code, first local day and the day after the last."""

    kind: str
    code: str
    first: date
    after: date

    @property
    def start(self) -> datetime:
        """The period's first instant (local midnight, aware)."""
        return datetime.combine(self.first, time(0), VN_TZ)

    @property
    def end(self) -> datetime:
        """The instant after the period."""
        return datetime.combine(self.after, time(0), VN_TZ)

    @property
    def last(self) -> date:
        """The period's last local day."""
        return self.after - timedelta(days=1)

    def label(self) -> str:
        """How the document names the period ("Tuần 48/2026 (23/11 – 29/11/2026)", "Tháng 11/2026")."""
        if self.kind == "month":
            return f"Tháng {self.first.month:02d}/{self.first.year}"
        week = self.first.isocalendar().week
        return f"Tuần {week}/{self.first.isocalendar().year} ({self.first:%d/%m} – {self.last:%d/%m/%Y})"

    def previous(self) -> Period:
        """The period before this one (for comparisons)."""
        return containing(self.kind, self.first - timedelta(days=1))


def invalid(message: str) -> ValidationProblem:
    """A 422 on the period field."""
    return ValidationProblem(f"period: {message}", errors=[{"field": "period", "message": message}])


def parse(kind: str, code: str) -> Period:
    """The period of a code: "YYYY-Www" for a week, "YYYY-MM" for a month; 422 otherwise."""
    match = (WEEK if kind == "week" else MONTH).match(code or "")
    if kind not in KINDS or not match:
        raise invalid("a week is YYYY-Www (2026-W48), a month YYYY-MM (2026-11)")
    year, number = int(match[1]), int(match[2])
    if not 2000 <= year <= 2200:
        raise invalid("the year must be between 2000 and 2200")
    try:
        first = date.fromisocalendar(year, number, 1) if kind == "week" else date(year, number, 1)
    except ValueError:
        raise invalid("no such week or month") from None
    return containing(kind, first)


def containing(kind: str, day: date) -> Period:
    """The week or month a local day is in."""
    if kind == "week":
        first = day - timedelta(days=day.weekday())
        iso = first.isocalendar()
        return Period("week", f"{iso.year}-W{iso.week:02d}", first, first + timedelta(days=7))
    first = day.replace(day=1)
    after = date(first.year + first.month // 12, first.month % 12 + 1, 1)
    return Period("month", f"{first:%Y-%m}", first, after)


def last_complete(kind: str, now: datetime) -> Period:
    """The latest period that has ended by `now` (the one a scheduled briefing covers)."""
    return containing(kind, to_local(now).date()).previous()


def due(kind: str, now: datetime, hour: int) -> bool:
    """Whether the last complete period's briefing is due: from `hour` local on the Monday or the 1st on."""
    current = containing(kind, to_local(now).date())
    return now >= datetime.combine(current.first, time(hour), VN_TZ)
