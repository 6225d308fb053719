"""Weekly disease cases per ward as observations of a ward station, so alert rules (`threshold`) can watch them."""

from __future__ import annotations

from datetime import date

from sqlalchemy.orm import Session

from ioc.areas import service as areas_service
from ioc.auth.principal import Principal
from ioc.kit.timeutil import local_midnight
from ioc.sectors import repository
from ioc.sectors.catalogue import DISEASES, OUTBREAK_THRESHOLD
from ioc.sensors import service as sensors_service

STATION_PREFIX = "YT-"  # one surveillance station per ward: YT-<ward code>
QUANTITIES = {disease: f"{disease}_cases" for disease in DISEASES}  # dengue -> dengue_cases, hfmd -> hfmd_cases
WEEK_SECONDS = 7 * 86400  # one figure a week: the absent rules must not call these stations silent
NAMES_EN = {"dengue": "Dengue", "hfmd": "Hand-foot-mouth disease"}


def station_code(ward: str) -> str:
    """The surveillance station of a ward."""
    return f"{STATION_PREFIX}{ward}"


def _stations(session: Session, actor: Principal, wards: set[str]) -> None:
    known = sensors_service.station_refs(session, [station_code(w) for w in wards])
    for area in (areas_service.get_area(session, w) for w in sorted(wards) if station_code(w) not in known):
        if area is None or area.centroid_lat is None:
            continue
        sensors_service.upsert_station(session, actor, sensors_service.StationIn(
            code=station_code(area.code), name=f"Giám sát dịch bệnh {area.name}"[:200], kind="other",
            lat=area.centroid_lat, lon=area.centroid_lon, quantities=list(QUANTITIES.values()),
            interval_seconds=WEEK_SECONDS,
        ))  # fmt: skip


def record_week(session: Session, actor: Principal, disease: str, week: date, cases: dict[str, float]) -> None:
    """Store a week's cases per ward: the sector's figures, and observations alert rules are evaluated on."""
    rows = [{"area_code": w, "period_start": week, "dim": "", "value": v} for w, v in cases.items()]
    repository.replace_facts(session, "health", disease, rows, synthetic=actor.kind == "system")
    _stations(session, actor, set(cases))
    at = local_midnight(week).isoformat()  # the week's Monday, 00:00 in Vietnam
    obs = [{"station": station_code(w), "quantity": QUANTITIES[disease], "time": at, "value": v}
           for w, v in cases.items()]  # fmt: skip
    sensors_service.ingest(session, actor, obs, source="sectors.surveillance")


def outbreak_rule(disease: str) -> dict:
    """The alert rule (a `threshold` on the weekly cases of every ward station) of a disease's outbreak threshold."""
    label = DISEASES[disease]
    return {
        "key": f"outbreak-{disease}", "name": f"{label}: số ca tuần của xã, phường vượt ngưỡng {OUTBREAK_THRESHOLD}",
        "condition": {"quantity": QUANTITIES[disease], "op": ">=", "value": OUTBREAK_THRESHOLD, "stations": None},
        "labels": {"severity": "warning", "domain": "health"},
        "annotations": {
            "summary": f"{label}: {{value}} ca trong tuần tại {{station}} (ngưỡng {{threshold}})",
            "summary_en": f"{NAMES_EN[disease]}: {{value}} cases in the week at {{station}} (threshold {{threshold}})",
        },
    }  # fmt: skip
