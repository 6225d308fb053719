"""Time helpers: storage in aware UTC, display in the deployment's zone."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from zoneinfo import ZoneInfo

VN_TZ = ZoneInfo("Asia/Ho_Chi_Minh")


def utcnow() -> datetime:
    """The current time, timezone-aware UTC."""
    return datetime.now(timezone.utc)


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
    value = value.astimezone(timezone.utc)
    if max_future is not None and value > utcnow() + max_future:
        raise ValueError(f"{field}: too far in the future: {text!r}")
    return value


def format_vi(value: datetime | None, tz: ZoneInfo = VN_TZ) -> str:
    """Vietnamese display format: 29/11/2026 14:05."""
    if value is None:
        return "—"
    return to_local(value, tz).strftime("%d/%m/%Y %H:%M")
