"""Reading the events and alerts of the other domains through their services (once their branches are merged)."""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session


def get_event(session: Session, event_id: int) -> dict[str, Any] | None:
    """The event dict from the events service, or None."""
    return None


def get_alert(session: Session, alert_id: int) -> dict[str, Any] | None:
    """The alert dict from the alerts service, or None."""
    return None
