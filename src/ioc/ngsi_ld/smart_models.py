"""FIWARE Smart Data Models → sensors stations and observations (the only coupling to sensors).

`check` runs on each entity's merged state before anything is written, so an entity whose
measurements the sensors domain would refuse is rejected whole (a 400, or an error entry in
a batch); `apply` then hands the written measurements to `ioc.sensors.service`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from sqlalchemy.orm import Session
from shapely.geometry import shape

from ioc.auth.principal import Principal
from ioc.kit.timeutil import utcnow
from ioc.ngsi_ld.attrs import geometry_of, parse_time, plain_value
from ioc.ngsi_ld.errors import bad_data
from ioc.sensors import service as sensors
from ioc.sensors.quantities import QUANTITIES, unit_factor
from ioc.sensors.schemas import StationIn

if TYPE_CHECKING:
    from ioc.ngsi_ld.store import Change

# (station kind, attribute → (quantity, factor applied before the unit conversion)).
_N = 14.007  # nitrogen and phosphorus as the Vietnamese standards count them (N-NO3, P-PO4 …)
MODELS: dict[str, tuple[str, dict[str, tuple[str, float]]]] = {
    "AirQualityObserved": ("air", {
        "CO": ("co", 1), "NO2": ("no2", 1), "SO2": ("so2", 1), "O3": ("o3", 1), "PM10": ("pm10", 1),
        "PM2_5": ("pm25", 1), "PM25": ("pm25", 1), "pm10": ("pm10", 1), "pm25": ("pm25", 1),
        "temperature": ("temperature", 1), "relativeHumidity": ("humidity", 1),
        "windSpeed": ("wind_speed", 1), "atmosphericPressure": ("pressure", 1)}),
    "WaterQualityObserved": ("water", {
        "pH": ("ph", 1), "temperature": ("water_temperature", 1), "conductivity": ("conductivity", 1),
        "turbidity": ("turbidity", 1), "O2": ("do", 1), "DO": ("do", 1), "BOD": ("bod5", 1),
        "COD": ("cod", 1), "TOC": ("toc", 1), "TSS": ("tss", 1), "tss": ("tss", 1),
        "NO3": ("n_no3", _N / 62.004), "NH4": ("n_nh4", _N / 18.038), "NO2": ("n_no2", _N / 46.005),
        "PO4": ("p_po4", 30.974 / 94.971), "Pb": ("pb", 1), "As": ("as", 1), "Cd": ("cd", 1),
        "Hg": ("hg", 1), "Cu": ("cu", 1), "Zn": ("zn", 1), "Cr": ("cr6", 1)}),
    "TrafficFlowObserved": ("traffic", {
        "intensity": ("intensity", 1), "occupancy": ("occupancy", 1),
        "averageVehicleSpeed": ("average_speed", 1)}),
    # A Device (e.g. from the IoT Agent) reports under the canonical quantity names.
    "Device": ("other", {key: (key, 1) for key in QUANTITIES}),
}
# Observed-type models are stations by nature; a Device becomes one once it has a location.
LOCATION_OPTIONAL = {"Device"}
# Smart Data Models give these as fractions 0..1; the sensors domain keeps percent.
_FRACTIONS = {"humidity", "occupancy"}
_KIND_HINTS = {"air": {"co", "no2", "so2", "o3", "pm10", "pm25", "pm2_5", "airpollution"},
               "water": {"ph", "conductivity", "turbidity", "waterpollution", "dissolvedoxygen"},
               "traffic": {"trafficflow", "intensity", "occupancy"}}
_CODE = re.compile(r"^[^/\s?#]+$")
MAX_FUTURE = timedelta(minutes=10)


@dataclass
class Reading:
    """One measurement found in an entity."""

    attr: str
    quantity: str
    value: float
    unit: str | None
    time: datetime


def handles(entity_type: str) -> bool:
    """True if entities of this type become stations."""
    return entity_type in MODELS


def check(change: "Change") -> None:
    """Raise 400 naming the field if the entity cannot become a station with observations."""
    if not handles(change.type):
        return
    if not _CODE.match(change.entity_id) or len(change.entity_id) > 200:
        raise bad_data("id", f"{change.type} ids become station codes: no '/', '?', '#' or spaces")
    if change.type in LOCATION_OPTIONAL and geometry_of(change.attrs) is None:
        return  # not a station (yet): stored as a plain entity
    _location(change)
    readings(change)


def _location(change: "Change") -> tuple[float, float]:
    geometry = geometry_of(change.attrs)
    if geometry is None:
        raise bad_data("location", f"{change.type} entities become monitoring stations and need a location")
    point = shape(geometry).representative_point() if geometry["type"] != "Point" else None
    lon, lat = (point.x, point.y) if point is not None else geometry["coordinates"][:2]
    return lat, lon


def readings(change: "Change") -> list[Reading]:
    """The measurements this change wrote, in canonical quantities; 400 naming a bad one."""
    _, mapping = MODELS[change.type]
    default_time = _entity_time(change)
    hours = _interval_hours(change)
    out = []
    for attr, (quantity, factor) in mapping.items():
        written = change.written.get(attr)
        if written is None:
            continue
        instance = written[0] if isinstance(written, list) else written
        value = plain_value(instance)
        if not isinstance(value, (int, float)) or isinstance(value, bool):
            raise bad_data(f"{attr}.value", "must be a number")
        unit = instance.get("unitCode")
        if unit is not None and unit_factor(quantity, unit) is None:
            raise bad_data(f"{attr}.unitCode", f"unit {unit!r} is not accepted for {quantity}")
        value = _scaled(quantity, value * factor, unit, hours)
        when = parse_time(instance["observedAt"], f"{attr}.observedAt") if "observedAt" in instance else default_time
        if when > utcnow() + MAX_FUTURE:
            raise bad_data(f"{attr}.observedAt", "too far in the future")
        out.append(Reading(attr, quantity, value, unit, when))
    return out


def _scaled(quantity: str, value: float, unit: str | None, hours: float | None) -> float:
    if quantity in _FRACTIONS and unit is None and 0 <= value <= 1:
        return value * 100
    if quantity == "intensity" and hours:
        return value / hours  # vehicles counted over the observation period → vehicles per hour
    return value


def _entity_time(change: "Change") -> datetime:
    for name in ("dateObserved", "dateObservedTo"):
        raw = change.written.get(name)
        if raw is None:
            continue
        value = plain_value(raw)
        if isinstance(value, str) and "/" in value:  # an ISO 8601 interval start/end: the end counts
            value = value.split("/", 1)[1]
        return parse_time(value, name)
    return utcnow()


def _interval_hours(change: "Change") -> float | None:
    start, end = change.attrs.get("dateObservedFrom"), change.attrs.get("dateObservedTo")
    if start is None or end is None:
        return None
    seconds = (parse_time(plain_value(end), "dateObservedTo")
               - parse_time(plain_value(start), "dateObservedFrom")).total_seconds()
    return seconds / 3600 if seconds > 0 else None


def _kind(change: "Change") -> str:
    kind, _ = MODELS[change.type]
    if kind != "other":
        return kind
    props = plain_value(change.attrs.get("controlledProperty", {})) or []
    names = {str(p).lower() for p in (props if isinstance(props, list) else [props])}
    return next((k for k, hints in _KIND_HINTS.items() if names & hints), "other")


def _station_in(change: "Change", principal: Principal, quantities: list[str]) -> StationIn:
    lat, lon = _location(change)
    name = plain_value(change.attrs.get("name", {})) or change.entity_id
    agency = principal.agency_code if principal.role == "integrator" else None
    return StationIn(code=change.entity_id, name=str(name)[:200], kind=_kind(change), lat=lat, lon=lon,
                     quantities=quantities, owner_agency=agency,
                     attributes={"source": "ngsi-ld", "ngsi_ld_type": change.type})


def _ensure_station(session: Session, principal: Principal, change: "Change", quantities: set[str]) -> None:
    station = sensors.get_station(session, change.entity_id)
    wanted = _station_in(change, principal, sorted(quantities | set(station.quantities if station else [])))
    if station is not None and (station.name, station.kind, station.lat, station.lon) == \
            (wanted.name, wanted.kind, wanted.lat, wanted.lon) and set(wanted.quantities) <= set(station.quantities):
        return  # unchanged: no station write, no audit noise on every measurement
    sensors.upsert_station(session, principal, wanted)


def apply(session: Session, principal: Principal, changes: list["Change"]) -> None:
    """Register stations and ingest the measurements of the Smart Data Models among changes."""
    rows: list[dict[str, Any]] = []
    for change in changes:
        if not handles(change.type) or geometry_of(change.attrs) is None:
            continue
        found = readings(change)
        if _station_may_change(change, found):
            _ensure_station(session, principal, change, {r.quantity for r in found if r.quantity in QUANTITIES})
        rows += [{"station": change.entity_id, "quantity": r.quantity, "time": r.time, "value": r.value,
                  "unit": r.unit} for r in found]
    if not rows:
        return
    result = sensors.ingest(session, principal, rows, source="ngsi-ld")
    if result.rejected:
        first = result.rejected[0]
        raise bad_data(rows[first["index"]]["quantity"], f"{first['field']}: {first['reason']}")


def _station_may_change(change: "Change", found: list[Reading]) -> bool:
    # Checking the station costs a query per entity; skip it for plain new measurements.
    if change.pk is None or "location" not in change.before:
        return True
    if "location" in change.written or "name" in change.written:
        return True
    return any(r.attr not in change.before for r in found)
