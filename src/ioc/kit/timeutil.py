"""Time helpers: storage in aware UTC, display in the deployment's zone."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

VN_TZ = ZoneInfo("Asia/Ho_Chi_Minh")
HOUR = 3600
DAY = 86400
VN_OFFSET = 7 * HOUR  # Asia/Ho_Chi_Minh has had no daylight saving since 1975


def utcnow() -> datetime:
    """The current time, timezone-aware UTC."""
    return datetime.now(UTC)


def to_local(value: datetime, tz: ZoneInfo = VN_TZ) -> datetime:
    """Convert an aware datetime to the display zone."""
    return value.astimezone(tz)


def parse_aware(text: str, *, field: str = "time", max_future: timedelta | None = None) -> datetime:
    """Parse ISO 8601 text that must carry a zone; returns aware UTC or raises ValueError."""
    try:
        value = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except (ValueError, AttributeError) as exc:
        raise ValueError(f"{field}: not an ISO 8601 date-time: {text!r}") from exc
    if value.tzinfo is None:
        raise ValueError(f"{field}: a time zone is required (e.g. 'Z' or '+07:00'): {text!r}")
    value = value.astimezone(UTC)
    if max_future is not None and value > utcnow() + max_future:
        raise ValueError(f"{field}: too far in the future: {text!r}")
    return value


def format_vi(value: datetime | None, tz: ZoneInfo = VN_TZ) -> str:
    """Vietnamese display format: 29/11/2026 14:05."""
    if value is None:
        return "—"
    return to_local(value, tz).strftime("%d/%m/%Y %H:%M")


def to_utc(ts: int) -> datetime:
    """Aware UTC datetime of epoch seconds."""
    return datetime.fromtimestamp(ts, UTC)


def local_day_start(ts: int) -> int:
    """Epoch of the Asia/Ho_Chi_Minh midnight that starts the day holding ts."""
    return (ts + VN_OFFSET) // DAY * DAY - VN_OFFSET


def local_midnight(day: date, tz: ZoneInfo = VN_TZ) -> datetime:
    """The aware UTC instant at which a local calendar day begins."""
    return datetime.combine(day, time(0), tz).astimezone(UTC)


def local_date(value: datetime, tz: ZoneInfo = VN_TZ) -> date:
    """The local calendar day an instant falls on."""
    return to_local(value, tz).date()
