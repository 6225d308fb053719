"""The tiles of the province picture, read from the other domains' services only.

Each section names the live subjects it depends on (`SUBJECTS`), so a page re-renders only the
tiles whose figures an event may have changed. Every figure carries the link to the list behind it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any
from urllib.parse import urlencode

from sqlalchemy.orm import Session

from ioc.alerts import service as alerts_service
from ioc.auth.principal import Principal
from ioc.directives import service as directives_service
from ioc.environment import service as environment_service
from ioc.feedback import service as feedback_service
from ioc.govperf import service as govperf_service
from ioc.incidents import service as incidents_service
from ioc.kit.timeutil import VN_TZ, utcnow
from ioc.kpi import service as kpi_service

ROLES = ("admin", "leader", "operator")
RANGES = {"today": "Hôm nay", "24h": "24 giờ qua", "7d": "7 ngày qua", "30d": "30 ngày qua"}
# section → the bus subjects whose events may change its figures (the page's one EventSource listens to these).
SUBJECTS = {
    "fire": ("alerts.>", "incidents.>"),
    "track": ("kpi.>",),
    "feedback": ("feedback.>",),
    "env": ("sensors.>",),
    "gov": ("govperf.>",),
    "directives": ("directives.>",),
}
SECTIONS = tuple(SUBJECTS)
# Alert severities are the rules' labels (Alertmanager's critical, warning, info, or high); the total counts them all.
SEVERITIES = ("critical", "high", "warning", "info")
PRIORITIES = ("critical", "high", "medium", "low")
DUE_DAYS = 7
BAD_BANDS = ("poor", "bad", "very_bad", "hazardous", "unhealthy", "very_unhealthy")


@dataclass(frozen=True)
class View:
    """What the caller asked for: a ward (None: the whole province) and a time range."""

    province: str
    ward: str | None = None
    range: str = "today"
    now: datetime | None = None

    @property
    def at(self) -> datetime:
        """The moment the figures describe."""
        return self.now or utcnow()

    @property
    def since(self) -> datetime:
        """The start of the time range (today: local midnight)."""
        if self.range == "today":
            local = self.at.astimezone(VN_TZ)
            return datetime.combine(local.date(), time(), VN_TZ).astimezone(self.at.tzinfo)
        return self.at - {"24h": timedelta(hours=24), "7d": timedelta(days=7), "30d": timedelta(days=30)}[self.range]

    def days(self) -> tuple[str, str]:
        """The range as local dates (the lists' date filters)."""
        return self.since.astimezone(VN_TZ).date().isoformat(), self.at.astimezone(VN_TZ).date().isoformat()


def _link(path: str, **query: Any) -> str:
    values = {k: v for k, v in query.items() if v not in (None, "", False)}
    return f"{path}?{urlencode(values)}" if values else path


def fire(session: Session, principal: Principal, view: View) -> dict[str, Any]:
    """Alerts firing by severity and open incidents by priority."""
    scope = {"area": view.ward} if view.ward else {}
    alerts = []
    for sev in SEVERITIES:
        _, n = alerts_service.list_alerts(session, {"status": "firing", "severity": sev} | scope, ("id", True), 0, 1)
        alerts.append({"key": sev, "count": n, "url": _link("/alerts", status="firing", severity=sev, area=view.ward)})
    _, firing = alerts_service.list_alerts(session, {"status": "firing"} | scope, ("id", True), 0, 1)
    _, unacked = alerts_service.list_alerts(
        session, {"status": "firing", "acknowledged": False} | scope, ("id", True), 0, 1
    )
    incidents = []
    for prio in PRIORITIES:
        where = {"open_only": True, "priority": prio, "area_code": view.ward}
        _, n = incidents_service.list_incidents(session, principal, where, ("id", True), 0, 1)
        incidents.append({"key": prio, "count": n, "url": _link("/incidents", priority=prio, area=view.ward)})
    return {
        "alerts": alerts,
        "alerts_total": firing,
        "alerts_unacked": unacked,
        "alerts_unacked_url": _link("/alerts", status="unacknowledged", area=view.ward),
        "alerts_url": _link("/alerts", status="firing", area=view.ward),
        "incidents": incidents,
        "incidents_total": sum(i["count"] for i in incidents),
        "incidents_url": _link("/incidents", area=view.ward),
    }


def track(session: Session, view: View) -> dict[str, Any]:
    """Indicators by status (in the ward when one is chosen) and wards with an indicator off track."""
    counts = kpi_service.track_summary(session, view.ward or view.province)
    wards = kpi_service.ward_tracks(session, view.province)
    off_wards = sorted(code for code, tracks in wards.items() if tracks.get("off_track"))
    statuses = [
        {"key": k, "count": counts.get(k, 0), "url": _link("/overview", filter=k, ward=view.ward)}
        for k in ("off_track", "at_risk", "on_track", "no_data")
    ]
    return {
        "statuses": statuses,
        "wards_off_track": len(off_wards),
        "wards_total": len(wards),
        "wards_url": _link("/map", measure="off_track"),
    }


def feedback(session: Session, view: View) -> dict[str, Any]:
    """Citizen reports received in the range, not finished and overdue now, and their mean rating.

    "Received" counts from local midnight of the range's first day, as the list its link opens does.
    """
    start, end = view.days()
    first = datetime.combine(date.fromisoformat(start), time(), VN_TZ)
    figures = feedback_service.glance(session, first, view.at, view.ward)
    return figures | {
        "received_url": _link("/feedback", tab="all", ward=view.ward, start=start, end=end),
        "open_url": _link("/feedback", tab="unfinished", ward=view.ward),
        "overdue_url": _link("/feedback", tab="overdue", ward=view.ward),
        # The statistics page has no ward filter: with a ward chosen, it opens the table by ward.
        "satisfaction_url": _link("/stats/feedback", dimension="area" if view.ward else None, start=start, end=end),
    }


def _env_index(session: Session, index: str, view: View) -> dict[str, Any]:
    rows = [r for r in environment_service.current(session, index, view.at, fresh_only=True) if not r["outdated"]]
    if view.ward:
        rows = [r for r in rows if r["area_code"] == view.ward]
    worst = max(rows, key=lambda r: r["value"] if index == "aqi" else -r["value"], default=None)
    # In a bad band: AQI above 100 (poor or worse, as the tile says), WQI below 51 — the briefing's thresholds too.
    bad = [r for r in rows if (r["value"] > 100 if index == "aqi" else r["value"] < 51)]
    out: dict[str, Any] = {"stations": len(rows), "bad": len(bad), "url": "/environment"}
    if worst:
        out["worst"] = {
            "name": worst["name"],
            "name_en": worst["name_en"],
            "value": worst["value"],
            "band": worst["band"]["key"],
            "color": worst["band"]["color"],
            "label": worst["band"]["name_vi"],
            "label_en": worst["band"]["name_en"],
            "time": worst["time"],
            "url": f"/environment/stations/{worst['station']}",
        }
    return out


def env(session: Session, view: View) -> dict[str, Any]:
    """Air (worst AQI now) and water (worst WQI now) of the stations reporting."""
    return {"aqi": _env_index(session, "aqi", view), "wqi": _env_index(session, "wqi", view)}


def gov(session: Session, view: View) -> dict[str, Any]:
    """Administrative dossiers received and resolved in the range, overdue now, and the online share."""
    rows = govperf_service.figures(session, "ward" if view.ward else "agency", view.since, view.at, view.at)
    if view.ward:
        rows = [r for r in rows if r["unit"] == view.ward]
    total = lambda key: sum(r[key] or 0 for r in rows)  # noqa: E731
    received, online = total("received"), total("online")
    start, end = view.days()
    # The dossier page ranks wards but has no ward filter: with a ward chosen, its figures open that ranking.
    url = _link("/govperf", start=start, end=end, show="wards" if view.ward else None)
    return {
        "received": received,
        "resolved": total("resolved"),
        "on_time": total("on_time"),
        "overdue": total("overdue_now"),
        "online_share": round(online / received * 100, 1) if received else None,
        "url": url,
    }


def directives(session: Session, view: View) -> dict[str, Any]:
    """Directives falling due within the week and overdue now (of the ward chosen: those concerning it)."""
    due = directives_service.due_summary(session, view.at, DUE_DAYS, view.ward)
    return due | {
        "due_url": _link("/directives", due_within=DUE_DAYS, area=view.ward),
        "overdue_url": _link("/directives", overdue=1, area=view.ward),
    }


def section(session: Session, principal: Principal, view: View, name: str) -> dict[str, Any]:
    """One section's figures."""
    if name == "fire":
        return fire(session, principal, view)
    return {"track": track, "feedback": feedback, "env": env, "gov": gov, "directives": directives}[name](session, view)


def picture(session: Session, principal: Principal, view: View, names: tuple[str, ...] = SECTIONS) -> dict[str, Any]:
    """Every section asked for, as of one moment."""
    return {
        "ward": view.ward,
        "range": view.range,
        "since": view.since,
        "generated_at": view.at,
        "sections": {name: section(session, principal, view, name) for name in names},
    }
