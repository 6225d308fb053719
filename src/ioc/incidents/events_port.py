"""Reading the events and alerts of the other domains through their services."""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from ioc.alerts import service as alerts_service
from ioc.events import service as events_service


def get_event(session: Session, event_id: int) -> dict[str, Any] | None:
    """The event dict from the events service, or None."""
    return events_service.get_event(session, event_id)


def cancelled_ids(session: Session, event_ids: list[int]) -> set[int]:
    """Those of these events a CAP Cancel withdrew."""
    return events_service.cancelled_ids(session, event_ids)


def get_alert(session: Session, alert_id: int) -> dict[str, Any] | None:
    """The alert dict from the alerts service, or None."""
    return alerts_service.get_alert(session, alert_id)
