"""What the phone apps show, gathered from the other domains' services (the apps own no table)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session

from ioc.alerts import service as alerts_service
from ioc.areas import service as areas_service
from ioc.auth.principal import Principal
from ioc.directives import service as directives_service
from ioc.environment import service as environment_service
from ioc.feedback import service as feedback_service
from ioc.incidents import service as incidents_service
from ioc.kit.names import place
from ioc.kpi import service as kpi_service
from ioc.public_warnings import service as warnings_service

URGENT = ("critical", "high")  # incident priorities a leader decides on
PRIORITY_RANK = {"critical": 0, "high": 1, "medium": 2, "low": 3}
LIMIT = 50


def _open_incidents(session: Session, principal: Principal, area: str | None = None) -> list[dict]:
    filters: dict[str, Any] = {"open_only": True} | ({"area_code": area} if area else {})
    rows, _ = incidents_service.list_incidents(session, principal, filters, ("opened_at", True), 0, LIMIT)
    return sorted(rows, key=lambda r: (PRIORITY_RANK.get(r["priority"], 9), -r["opened_at"].timestamp()))


def _firing(session: Session, acknowledged: bool | None = None) -> list[dict]:
    filters = {"status": "firing", "acknowledged": acknowledged}
    return alerts_service.list_alerts(session, filters, ("starts_at", True), 0, LIMIT)[0]


def _alert_view(alert: dict, lang: str = "vi") -> dict:
    labels, notes = alert["labels"], alert["annotations"]
    summary = (notes.get("summary_en") if lang == "en" else None) or notes.get("summary")
    return {"id": alert["id"], "title": summary or labels.get("alertname", ""),
            "severity": labels.get("severity", ""), "area_code": labels.get("area"), "since": alert["startsAt"],
            "acknowledged": bool(alert["acknowledged"]), "url": alert["generatorURL"]}  # fmt: skip


def _wards_in_trouble(incidents: list[dict], alerts: list[dict], labels: dict[str, str]) -> list[dict]:
    counts: dict[str, dict[str, int]] = {}
    for row in incidents:
        if row["area_code"]:
            counts.setdefault(row["area_code"], {"incidents": 0, "alerts": 0})["incidents"] += 1
    for row in alerts:
        if row["area_code"]:
            counts.setdefault(row["area_code"], {"incidents": 0, "alerts": 0})["alerts"] += 1
    out = [{"code": c, "name": labels.get(c, c), **n} for c, n in counts.items()]
    return sorted(out, key=lambda w: (-(w["incidents"] + w["alerts"]), w["name"]))


def leader_summary(
    session: Session, principal: Principal, province: str, now: datetime, lang: str = "vi"
) -> dict[str, Any]:
    """Needs my decision, on fire, off track and the wards in trouble, for the leader's phone, in a language."""
    incidents = _open_incidents(session, principal)
    alerts = [_alert_view(a, lang) for a in _firing(session)]
    labels = areas_service.area_labels(session, parent=province, lang=lang)
    return {
        "generated_at": now,
        "decide": {
            "directives": directives_service.waiting_for(session, principal, now),
            "incidents": [i for i in incidents if i["priority"] in URGENT],
            "alerts": [a for a in alerts if not a["acknowledged"]],
        },
        "fire": {
            "alerts": alerts,
            "incidents": incidents,
            "counts": incidents_service.board_counts(session, principal),
        },
        "off_track": {
            "indicators": kpi_service.off_track_summary(session, province),
            "tracks": kpi_service.track_summary(session, province),
            "directives": directives_service.overdue(session, now, lang=lang),
        },
        "wards": _wards_in_trouble(incidents, alerts, labels),
        "all_wards": sorted(labels.items(), key=lambda kv: kv[1]),
    }


def ward_summary(
    session: Session, principal: Principal, code: str, now: datetime, lang: str = "vi"
) -> dict[str, Any] | None:
    """One ward for the leader's phone: its incidents, firing alerts, indicators off track and air."""
    area = areas_service.get_area(session, code)
    if area is None or area.level != "ward":
        return None
    alerts = [a for a in (_alert_view(x, lang) for x in _firing(session)) if a["area_code"] == code]
    return {
        "generated_at": now,
        "code": code,
        "name": place(area.name, lang),
        "incidents": _open_incidents(session, principal, code),
        "alerts": alerts,
        "indicators": kpi_service.off_track_summary(session, code),
        "tracks": kpi_service.track_summary(session, code),
        "air": [s for s in environment_service.current(session, "aqi", now) if s["area_code"] == code],
    }


def citizen_home(session: Session, province: str, area: str | None, now: datetime, lang: str = "vi") -> dict[str, Any]:
    """The citizen app: warnings in force, air quality now, the wards to pick from."""
    warnings = warnings_service.current_warnings(session, now)
    air = [s for s in environment_service.current(session, "aqi", now) if s["state"] != "never"]
    if area:
        air.sort(key=lambda s: s["area_code"] != area)
    return {
        "generated_at": now,
        "warnings": warnings,
        "air": air,
        "wards": sorted(areas_service.area_labels(session, parent=province, lang=lang).items(), key=lambda kv: kv[1]),
        "area": area,
    }


def public_results(session: Session, area: str | None, lang: str) -> list[dict[str, Any]]:
    """Public reports of a ward (or the province), newest first, with the agency's answer."""
    return feedback_service.public_results(session, area, lang)


def account_reports(session: Session, principal: Principal, lang: str) -> list[dict[str, Any]]:
    """A signed-in citizen's own reports."""
    return feedback_service.account_reports(session, principal, lang)
