"""Demo data of the alerts domain: the rules an operations center starts with."""

from __future__ import annotations

from ioc.alerts import repository, service
from ioc.alerts.schemas import RuleIn
from ioc.auth.principal import SYSTEM
from ioc.db.uow import unit_of_work

RULES = [
    {
        "key": "aqi-unhealthy",
        "name": "AQI giờ vượt 150 (không lành mạnh)",
        "condition": {"quantity": "aqi", "op": ">", "value": 150, "stations": None},
        "for": "10m",
        "keep_firing_for": "30m",
        "labels": {"severity": "critical", "domain": "environment"},
        "annotations": {
            "summary": "AQI {value} tại {station} vượt ngưỡng {threshold}",
            "summary_en": "AQI {value} at {station} is above {threshold}",
            "description": "Chất lượng không khí xấu; người nhạy cảm hạn chế ra ngoài.",
            "description_en": "Unhealthy air; sensitive groups should stay indoors.",
        },
    },
    {
        "key": "pm25-high",
        "name": "PM2,5 vượt 100 µg/m³",
        "condition": {"quantity": "pm25", "op": ">", "value": 100, "stations": None},
        "for": "5m",
        "keep_firing_for": "15m",
        "labels": {"severity": "warning", "domain": "environment"},
        "annotations": {
            "summary": "PM2,5 {value} µg/m³ tại {station}",
            "summary_en": "PM2.5 {value} µg/m³ at {station}",
        },
    },
]


def seed(ctx) -> None:
    """Idempotent: the AQI and PM2.5 rules, unless a rule with the same key exists."""
    with unit_of_work(ctx.session_factory) as session:
        for raw in RULES:
            if repository.rule_by_key(session, raw["key"]) is None:
                service.create_rule(session, SYSTEM, RuleIn.model_validate(raw))
