"""Reporting periods: a start date and a frequency (month, quarter, year), read the Vietnamese way."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime

from ioc.kit.timeutil import VN_TZ, utcnow

FREQUENCIES = ("month", "quarter", "year")
MONTHS_IN = {"month": 1, "quarter": 3, "year": 12}
FIRST_YEAR = 2000  # older figures belong to the statistical yearbooks, not the IOC

_MONTH = [
    re.compile(r"^(?P<y>\d{4})-(?P<m>\d{1,2})$"),
    re.compile(r"^(?:T|Tháng\s*)?(?P<m>\d{1,2})/(?P<y>\d{4})$", re.I),
]
_QUARTER = [
    re.compile(r"^(?P<y>\d{4})-Q(?P<q>[1-4])$", re.I),
    re.compile(r"^(?:Q|Quý\s*)(?P<q>[1-4])/(?P<y>\d{4})$", re.I),
]
_YEAR = re.compile(r"^(?:Năm\s*)?(?P<y>\d{4})$", re.I)


@dataclass(frozen=True, order=True)
class Period:
    """A reporting period, identified by its first day and its frequency."""

    start: date
    frequency: str

    @property
    def year(self) -> int:
        """Calendar year of the period."""
        return self.start.year

    @property
    def quarter(self) -> int:
        """Quarter (1–4) the period starts in."""
        return (self.start.month - 1) // 3 + 1

    @property
    def months_elapsed(self) -> int:
        """Months of the year covered once this period ends (March → 3, Q2 → 6, year → 12)."""
        return self.start.month - 1 + MONTHS_IN[self.frequency]

    @property
    def end(self) -> date:
        """The first day after the period (a period has ended when today is on or after it)."""
        index = self.start.year * 12 + self.start.month - 1 + MONTHS_IN[self.frequency]
        return date(index // 12, index % 12 + 1, 1)

    def shift_years(self, years: int) -> Period:
        """The same period in another year."""
        return Period(self.start.replace(year=self.start.year + years), self.frequency)

    def code(self) -> str:
        """Machine form: 2025-03, 2025-Q1, 2025."""
        if self.frequency == "month":
            return f"{self.year}-{self.start.month:02d}"
        if self.frequency == "quarter":
            return f"{self.year}-Q{self.quarter}"
        return str(self.year)

    def label(self, lang: str = "vi") -> str:
        """Human form: T3/2025, Quý 1/2025, Năm 2025 (Mar 2025, Q1 2025, 2025 in English)."""
        if self.frequency == "month":
            return f"T{self.start.month}/{self.year}" if lang == "vi" else self.start.strftime("%b %Y")
        if self.frequency == "quarter":
            return f"Quý {self.quarter}/{self.year}" if lang == "vi" else f"Q{self.quarter} {self.year}"
        return f"Năm {self.year}" if lang == "vi" else str(self.year)


def period_of(value: date, frequency: str) -> Period:
    """The period of this frequency that contains a day."""
    if frequency == "month":
        return Period(date(value.year, value.month, 1), frequency)
    if frequency == "quarter":
        return Period(date(value.year, (value.month - 1) // 3 * 3 + 1, 1), frequency)
    return Period(date(value.year, 1, 1), frequency)


def parse_period(raw: object, frequency: str) -> Period:
    """Read a period written as 2025-03 / 03/2025 / T3/2025, 2025-Q1 / Quý 1/2025, or 2025.

    The form must match the indicator's frequency; a spreadsheet date cell is read as the
    period that contains it. Raises ValueError with a message for people.
    """
    if isinstance(raw, datetime):
        raw = raw.date()
    if isinstance(raw, date):
        return period_of(raw, frequency)
    if isinstance(raw, (int, float)) and float(raw).is_integer():
        raw = str(int(raw))
    text = str(raw or "").strip()
    if not text:
        raise ValueError("kỳ báo cáo trống")
    found = _match(text)
    if found is None:
        raise ValueError(f"kỳ '{text}' không đúng dạng (2025-03, 2025-Q1 hoặc 2025)")
    if found.frequency != frequency:
        raise ValueError(
            f"kỳ '{text}' là kỳ {_FREQ_VI[found.frequency]} nhưng chỉ tiêu báo cáo theo {_FREQ_VI[frequency]}"
        )
    return found


_FREQ_VI = {"month": "tháng", "quarter": "quý", "year": "năm"}


def _match(text: str) -> Period | None:
    for pattern in _MONTH:
        m = pattern.match(text)
        if m and 1 <= int(m["m"]) <= 12 and int(m["y"]) > 0:
            return Period(date(int(m["y"]), int(m["m"]), 1), "month")
    for pattern in _QUARTER:
        m = pattern.match(text)
        if m and int(m["y"]) > 0:
            return Period(date(int(m["y"]), (int(m["q"]) - 1) * 3 + 1, 1), "quarter")
    m = _YEAR.match(text)
    return Period(date(int(m["y"]), 1, 1), "year") if m and int(m["y"]) > 0 else None  # there is no year 0


def today_vn() -> date:
    """Today's date in Vietnam (periods follow the local calendar)."""
    return utcnow().astimezone(VN_TZ).date()


def check_in_range(period: Period, today: date | None = None) -> None:
    """Refuse periods before 2000 or starting after today (a future period has no figures yet)."""
    today = today or today_vn()
    if period.year < FIRST_YEAR:
        raise ValueError(f"kỳ {period.code()} trước năm {FIRST_YEAR}")
    if period.start > today:
        raise ValueError(f"kỳ {period.code()} chưa bắt đầu (kỳ tương lai)")


def check_official(period: Period, status: str, today: date | None = None) -> None:
    """Refuse an official figure for a period that has not ended (it can only be an estimate)."""
    if status == "official" and period.end > (today or today_vn()):
        raise ValueError(f"kỳ {period.code()} chưa kết thúc: số liệu chỉ có thể là ước tính")


def periods_back(frequency: str, count: int) -> int:
    """How many months `count` periods of this frequency span (for look-back windows)."""
    return MONTHS_IN[frequency] * count


def detect_period(raw: object) -> Period:
    """A period in any of the accepted forms, its frequency read from the form itself."""
    found = _match(str(raw or "").strip())
    if found is None:
        raise ValueError(f"kỳ '{raw}' không đúng dạng (2025-03, 2025-Q1 hoặc 2025)")
    return found
