"""The alert hook: a firing alert labelled public_warning="draft"|"publish" issues a warning, once per fingerprint."""

from __future__ import annotations

import logging
from datetime import timedelta
from typing import Any

from sqlalchemy.orm import Session

from ioc.areas import service as areas_service
from ioc.auth.principal import SYSTEM
from ioc.kit.errors import Problem
from ioc.public_warnings import repository, service
from ioc.public_warnings.schemas import WarningIn
from ioc.public_warnings.settings import PublicWarningSettings
from ioc.runtime import settings_of

log = logging.getLogger(__name__)
SEVERITY = {"critical": "Extreme", "high": "Severe", "medium": "Moderate", "warning": "Moderate", "low": "Minor"}
CATEGORY = {
    "environment": "Env",
    "weather": "Met",
    "naturalDisaster": "Geo",
    "traffic": "Transport",
    "health": "Health",
    "security": "Security",
    "sensors": "Env",
}
MODES = ("draft", "publish")


def warning_from_alert(session: Session, alert: dict[str, Any]) -> WarningIn:
    """The warning a firing alert asks for: its annotations as texts, its area, its severity."""
    labels, notes = alert.get("labels") or {}, alert.get("annotations") or {}
    settings = settings_of(session)
    hours = settings.section(PublicWarningSettings).rule_warning_hours
    area = labels.get("area")
    codes = [area] if area and areas_service.get_area(session, area) else [settings.jurisdiction]
    summary = notes.get("summary") or labels.get("alertname") or "Cảnh báo"
    en = notes.get("summary_en")
    return WarningIn(
        category=labels.get("cap_category") or CATEGORY.get(labels.get("domain", ""), "Other"),
        event=(labels.get("alertname") or alert.get("rule") or "alert")[:200],
        urgency="Immediate",
        severity=SEVERITY.get(labels.get("severity", ""), "Unknown"),
        certainty="Observed",
        effective=alert["startsAt"],
        expires=alert["startsAt"] + timedelta(hours=hours),
        vi={"headline": summary[:160], "description": notes.get("description") or summary},
        en={"headline": en[:160], "description": notes.get("description_en") or en} if en else None,
        area_codes=codes,
    )


def _issue(session: Session, alert: dict[str, Any], mode: str) -> None:
    made = service.create_warning(session, SYSTEM, warning_from_alert(session, alert), now=alert["startsAt"])
    w = repository.get(session, made["id"])
    w.source_fingerprint, w.source_alert_id = alert["fingerprint"], alert.get("id")
    if mode == "publish":
        service.publish_warning(session, SYSTEM, w.id)


def on_alerts(session: Session, alerts: list[dict[str, Any]]) -> None:
    """For each firing alert asking for a public warning, draft or publish one unless its fingerprint has one."""
    for alert in alerts:
        mode = (alert.get("labels") or {}).get("public_warning")
        if alert.get("status") != "firing" or mode not in MODES or not alert.get("fingerprint"):
            continue
        if repository.by_fingerprint(session, alert["fingerprint"]) is not None:
            continue  # once per fingerprint; a resolved alert leaves the warning to the operators
        try:  # validation happens before anything is written: a refused warning leaves nothing behind
            _issue(session, alert, mode)
        except (Problem, ValueError) as exc:  # a bad rule annotation must not break the alerts transaction
            log.warning("alert %s could not issue a public warning: %s", alert.get("id"), exc)
