"""Shared helpers of the incident tests: an SOP and event dicts as the events hook passes them."""

from __future__ import annotations

from datetime import UTC, datetime

from ioc.auth.principal import SYSTEM
from ioc.incidents import service

T0 = datetime(2026, 3, 2, 1, 0, tzinfo=UTC)
HERE = (16.0600, 108.2200)
CRASH_SOP = {
    "name": "Tai nạn giao thông",
    "lead_agency": None,
    "supporting_agencies": [],
    "steps": [
        {
            "title": "Điều động CSGT đến hiện trường",
            "role": "operator",
            "due_minutes": 10,
            "checklist": ["Gọi tổ CSGT", "Xác nhận đã đến"],
        },
        {"title": "Thông báo Trung tâm cấp cứu 115", "role": "operator", "due_minutes": 5},
        {"title": "Phân luồng giao thông", "role": "agency_officer", "due_minutes": 30},
    ],
}


def put_crash_sop(db, **over) -> None:
    """Store the traffic-accident SOP."""
    service.put_sop(db, SYSTEM, "traffic_accident", CRASH_SOP | over)
    db.flush()


def crash(event_id: int, at: datetime = T0, lat: float = HERE[0], lon: float = HERE[1], severity: str = "high") -> dict:
    """An event dict for a car accident, as the events domain hands it to the hook."""
    return {
        "id": event_id,
        "category": "traffic",
        "sub_category": "carAccident",
        "severity": severity,
        "occurred_at": at,
        "lat": lat,
        "lon": lon,
        "area_code": None,
        "source": "camera",
        "source_id": f"cam-{event_id}",
        "title": f"Va chạm giao thông #{event_id}",
    }
