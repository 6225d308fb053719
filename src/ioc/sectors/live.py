"""The event hook: accidents, violations and security reports recorded as events add to the sector figures."""

from __future__ import annotations

import logging
from datetime import datetime
from typing import Any

from shapely.geometry import Point, shape
from sqlalchemy.orm import Session

from ioc.events import service as events_service
from ioc.kit.timeutil import VN_TZ
from ioc.sectors import extras, repository
from ioc.sectors.catalogue import SECURITY_TYPES, VIOLATIONS

log = logging.getLogger(__name__)
ACCIDENTS = ("carAccident", "roadAccident", "RoadAccident")
SEGMENT_DEGREES = 0.003  # an accident further than ~300 m from every segment is counted for its ward only


def _int(value: Any) -> int:
    try:
        return max(0, int(float(value or 0)))
    except (TypeError, ValueError):
        return 0


def _segment(session: Session, lat: float | None, lon: float | None, cache: dict) -> str:
    if lat is None or lon is None:
        return ""
    if "segments" not in cache:
        cache["segments"] = [(f["properties"][extras.SEGMENT_PROPERTY], shape(f["geometry"]))
                             for f in extras.segments(session)]  # fmt: skip
    here = Point(lon, lat)
    near = min(cache["segments"], key=lambda s: s[1].distance(here), default=None)
    return near[0] if near and near[1].distance(here) <= SEGMENT_DEGREES else ""


def _counts(e: dict[str, Any]) -> bool:
    """True if an event adds to a sector figure (what _additions counts)."""
    sub = e.get("sub_category")
    if e.get("category") == "traffic":
        return sub in ACCIDENTS or sub == "trafficViolation"
    return e.get("category") == "security" and sub in SECURITY_TYPES


def _additions(session: Session, e: dict[str, Any], cache: dict) -> list[tuple[str, str, str, float]]:
    """(sector, metric, dim, delta) an event adds to its ward's month."""
    sub = e.get("sub_category")
    if e["category"] == "traffic" and sub in ACCIDENTS:
        payload = (events_service.get_event(session, e["id"]) or {}).get("payload", {})
        dead = _int(payload.get("totalDeadPeopleWithin24Hours") or payload.get("totalDeadPeopleWithin30Days"))
        hurt = _int(payload.get("totalInjured"))
        seg = _segment(session, e.get("lat"), e.get("lon"), cache)
        return [("traffic", "accidents", seg, 1), ("traffic", "deaths", seg, dead), ("traffic", "injuries", seg, hurt)]
    if e["category"] == "traffic" and sub == "trafficViolation":
        payload = (events_service.get_event(session, e["id"]) or {}).get("payload", {})
        kind = str(payload.get("violationType") or payload.get("titleViolation") or "")
        return [("traffic", "violations", kind if kind in VIOLATIONS else "khac", 1)]
    if e["category"] == "security" and sub in SECURITY_TYPES:
        return [("security", "security_events", sub, 1)]
    return []


def on_events(session: Session, records: list[dict[str, Any]]) -> None:
    """Event hook: count each new accident (deaths, injuries, nearest segment), violation and security report."""
    counted = [e for e in records if e.get("area_code") and isinstance(e.get("occurred_at"), datetime) and _counts(e)]
    if not counted:
        return  # most events (congestion, floods, an event outside every ward) add nothing: no savepoint either
    cache: dict = {}
    try:
        with session.begin_nested():
            for e in counted:
                local = e["occurred_at"].astimezone(VN_TZ)
                month = local.date().replace(day=1)
                for sector, metric, dim, delta in _additions(session, e, cache):
                    key = {"sector": sector, "metric": metric, "area_code": e["area_code"], "period_start": month,
                           "dim": dim}  # fmt: skip
                    repository.add_to(session, key, delta)
    except Exception:  # a figure missed must never lose the events themselves
        log.exception("sector figures of %d events not counted", len(records))
