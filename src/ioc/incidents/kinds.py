"""Incident kinds and how an event's category and sub-category map to one."""

from __future__ import annotations

KIND_LABELS = {
    "traffic_accident": "Tai nạn giao thông",
    "fire": "Cháy, nổ",
    "flood": "Ngập lụt",
    "air_pollution": "Ô nhiễm không khí",
    "public_order": "Mất trật tự công cộng",
    "other": "Sự cố khác",
}
SUB_CATEGORY_KINDS = {
    "carAccident": "traffic_accident",
    "roadAccident": "traffic_accident",
    "RoadAccident": "traffic_accident",
    "buildingFire": "fire",
    "forestFire": "fire",
    "fire": "fire",
    "smoke": "fire",
    "flood": "flood",
    "flashFlood": "flood",
    "waterLevel": "flood",
    "airPollution": "air_pollution",
    "highAQI": "air_pollution",
    "civilDisorder": "public_order",
    "robbery": "public_order",
    "crowd": "public_order",
}
CATEGORY_KINDS = {"environment": "air_pollution"}
SEVERITIES = ("informational", "low", "medium", "high", "critical")
SEVERITY_PRIORITY = {"informational": "low", "low": "low", "medium": "medium", "high": "high", "critical": "critical"}


def kind_of(category: str | None, sub_category: str | None) -> str | None:
    """The incident kind of an event, or None when its kind never becomes an incident."""
    if sub_category and sub_category in SUB_CATEGORY_KINDS:
        return SUB_CATEGORY_KINDS[sub_category]
    return CATEGORY_KINDS.get(category or "")


def severity_at_least(severity: str, minimum: str) -> bool:
    """True if a severity is at or above a minimum (unknown severities count as medium)."""
    rank = {s: i for i, s in enumerate(SEVERITIES)}
    return rank.get(severity, 2) >= rank.get(minimum, 2)
