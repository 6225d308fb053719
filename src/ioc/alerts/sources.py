"""Where rules read their values: a batch's newest station values, and for the loop the stations' last-seen
times, overdue citizen reports, KPI tracks and event counts (each through the owning domain's service)."""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy.orm import Session

from ioc.alerts import engine
from ioc.alerts.evaluator import Result, RuleIndex, RuleSpec
from ioc.areas import service as areas
from ioc.auth import service as auth
from ioc.events import service as events
from ioc.feedback import service as feedback
from ioc.kpi import service as kpi
from ioc.sensors import service as sensors

log = logging.getLogger(__name__)
INDEX_KINDS = {"aqi": ("aqi_h", "air"), "wqi": ("wqi_h", "water")}  # rule quantity → (index kind, station kind)

# ---- at ingest: the touched stations' newest values ---------------------------------------------


def station_results(
    session: Session, index: RuleIndex, touched: dict[int, set[int]], kinds: dict[int, str]
) -> list[Result]:
    """The results of the rules on the touched stations' newest values (one query for raw quantities)."""
    wanted = index.quantities()
    readings = _raw_readings(session, list(touched), wanted - set(INDEX_KINDS))
    _index_readings(session, touched, kinds, wanted, readings)
    out: list[Result] = []
    for code, (ctx, values) in readings.items():
        for rule in index.for_station(code, set(values)):
            try:
                res = _station_result(rule, code, ctx, values)
            except (KeyError, TypeError, ValueError):  # a malformed stored rule never stops the others
                log.exception("alert rule %s skipped on %s", rule.key, code)
                continue
            if res is not None:
                out.append(res)
    return out


def _raw_readings(session: Session, ids: list[int], quantities: set[str]) -> dict[str, tuple[dict, dict]]:
    out: dict[str, tuple[dict, dict]] = {}
    for _sid, code, name, area, quantity, ts, value in sensors.good_readings(session, ids, sorted(quantities)):
        entry = out.setdefault(code, ({"name": name, "station_name": name, "area": area}, {}))
        entry[1][quantity] = (ts, value)
    return out


def _index_readings(
    session: Session, touched: dict[int, set[int]], kinds: dict[int, str], wanted: set[str], out: dict
) -> None:
    """The hourly AQI/WQI of the touched hours, for the stations of their kind, when some rule reads them."""
    needed = {q: k for q, k in INDEX_KINDS.items() if q in wanted}
    ids = [sid for sid, kind in kinds.items() if any(kind == k[1] for k in needed.values())]
    if not ids:
        return
    for station in sensors.stations_by_ids(session, ids):
        for quantity, (index_kind, station_kind) in needed.items():
            if station.kind != station_kind or not touched.get(station.id):
                continue
            start = max(touched[station.id])
            rows = sensors.index_history(session, station, index_kind, start, 10**11)
            if rows:
                ctx = {
                    "name": station.name,
                    "station_name": station.name,
                    "area": station.area_code,
                    "name_en": sensors.station_name(station, "en"),
                }
                entry = out.setdefault(station.code, (ctx, {}))
                entry[1][quantity] = (rows[-1].start, float(rows[-1].value))


def _station_result(rule: RuleSpec, code: str, ctx: dict, values: dict[str, tuple]) -> Result | None:
    cond = rule.condition
    if cond.get("stations") is not None and code not in cond["stations"]:
        return None
    if rule.kind in ("all", "any"):
        known = {q: values[q][1] for q in rule.quantities() if q in values}
        if not known:
            return None
        first = next((known[c["quantity"]] for c in cond["conditions"] if c["quantity"] in known), None)
        return Result(rule, code, engine.holds(cond, known), first, ctx)
    if cond["quantity"] not in values:
        return None
    ts, value = values[cond["quantity"]]
    true = engine.compare(cond["op"], value, cond["value"]) if rule.kind == "threshold" else False
    return Result(rule, code, true, value, ctx, at=float(ts))


# ---- the loop: kinds that time, not observations, moves -----------------------------------------


def loop_results(session: Session, index: RuleIndex, now: datetime) -> list[Result]:
    """The results of the rules the loop evaluates (absent, reports_overdue, indicator_off_track, event_count)."""
    out: list[Result] = []
    absent = index.of_kind("absent")
    if absent:
        out += guarded(session, _absent, absent, now)
    overdue = index.of_kind("reports_overdue")
    if overdue:
        out += guarded(session, _overdue, overdue, now)
    for rule in index.of_kind("indicator_off_track"):
        out += guarded(session, _off_track, rule)
    for rule in index.of_kind("event_count"):
        out += guarded(session, lambda s, r, t: [event_count(s, r, t)], rule, now)
    return out


def guarded(session: Session, read: Callable[..., list[Result]], *args: Any) -> list[Result]:
    """The results of one source, or none when it fails (in a savepoint: the loop's other rules go on)."""
    try:
        with session.begin_nested():
            return read(session, *args)
    except Exception:  # a bad rule or a failing domain never stops the loop
        log.exception("alert rule source %s failed", getattr(read, "__name__", read))
        return []


def _absent(session: Session, rules: list[RuleSpec], now: datetime) -> list[Result]:
    stations = sensors.active_stations(session)
    out = []
    for rule in rules:
        cond = rule.condition
        for st in stations:
            if (cond.get("stations") is not None and st.code not in cond["stations"]) or (
                cond.get("station_kind") and st.kind != cond["station_kind"]
            ):
                continue
            limit = max((cond.get("intervals") or 0) * st.interval_seconds, cond.get("duration_seconds") or 0)
            seen = st.last_seen_at or st.created_at
            silent = (now - seen).total_seconds() if seen else None
            true = silent is None or silent > limit
            minutes = round(silent / 60, 1) if silent is not None else None
            ctx = {
                "name": st.name,
                "station_name": st.name,
                "area": st.area_code,
                "name_en": sensors.station_name(st, "en"),
            }
            out.append(Result(rule, st.code, true, minutes, ctx))
    return out


def _overdue(session: Session, rules: list[RuleSpec], now: datetime) -> list[Result]:
    counts = feedback.overdue_by_agency(session, now)
    names = auth.agency_names(session)
    out = []
    for rule in rules:
        cond = rule.condition
        for code in cond.get("agencies") or sorted(names):
            n = counts.get(code, 0)
            ctx = {"name": names.get(code, (code, ""))[0], "label": "agency", "domain": "feedback"}
            out.append(Result(rule, code, engine.compare(cond["op"], n, cond["value"]), float(n), ctx))
    return out


def _off_track(session: Session, rule: RuleSpec) -> list[Result]:
    out = []
    for area in rule.condition["areas"]:
        off = set(kpi.off_track_codes(session, area))
        for code in rule.condition["indicators"]:
            ctx = {"name": code, "label": "indicator", "domain": "kpi", "area": area, "indicator": code}
            out.append(Result(rule, f"{code}@{area}", code in off, 1.0 if code in off else 0.0, ctx))
    return out


def event_count(session: Session, rule: RuleSpec, now: datetime) -> Result:
    """The count of an event_count rule's events in its area (and the area's units) over its window."""
    cond = rule.condition
    since = now - timedelta(seconds=cond["window_seconds"])
    codes = [cond["area"], *areas.area_labels(session, parent=cond["area"])]
    n = sum(events.count_events(session, cond["category"], cond.get("sub_category"), c, since) for c in codes)
    ctx = {"name": areas.area_labels(session, [cond["area"]]).get(cond["area"], cond["area"]), "label": "place"}
    ctx |= {"domain": "events", "area": cond["area"]}
    return Result(rule, cond["area"], engine.compare(cond["op"], n, cond["value"]), float(n), ctx)


def matches(rule: RuleSpec, event: dict[str, Any]) -> bool:
    """Whether a recorded event is of an event_count rule's category and sub-category."""
    cond = rule.condition
    return event.get("category") == cond["category"] and cond.get("sub_category") in (None, event.get("sub_category"))
