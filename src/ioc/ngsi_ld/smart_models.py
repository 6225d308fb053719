"""FIWARE Smart Data Models → sensors stations and observations (the only coupling to sensors).

`check` runs on each entity's merged state before anything is written, so an entity whose
measurements the sensors domain would refuse is rejected whole (a 400, or an error entry in
a batch); `apply` then hands the written measurements to `ioc.sensors.service`.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Any

from shapely.geometry import shape
from sqlalchemy.orm import Session

from ioc.auth.principal import Principal
from ioc.kit.errors import Forbidden, Problem
from ioc.kit.timeutil import utcnow
from ioc.ngsi_ld.attrs import geometry_of, parse_time, plain_value
from ioc.ngsi_ld.errors import bad_data
from ioc.sensors import service as sensors
from ioc.sensors.service import EARLIEST as _EARLIEST_TS
from ioc.sensors.service import QUANTITIES, StationIn, unit_factor

if TYPE_CHECKING:
    from ioc.ngsi_ld.store import Change

# (station kind, attribute → (quantity, factor applied before the unit conversion)).
_N = 14.007  # nitrogen and phosphorus as the Vietnamese standards count them (N-NO3, P-PO4 …)
MODELS: dict[str, tuple[str, dict[str, tuple[str, float]]]] = {
    "AirQualityObserved": (
        "air",
        {
            "CO": ("co", 1),
            "NO2": ("no2", 1),
            "SO2": ("so2", 1),
            "O3": ("o3", 1),
            "PM10": ("pm10", 1),
            "PM2_5": ("pm25", 1),
            "PM25": ("pm25", 1),
            "pm10": ("pm10", 1),
            "pm25": ("pm25", 1),
            "temperature": ("temperature", 1),
            "relativeHumidity": ("humidity", 1),
            "windSpeed": ("wind_speed", 1),
            "atmosphericPressure": ("pressure", 1),
        },
    ),
    "WaterQualityObserved": (
        "water",
        {
            "pH": ("ph", 1),
            "temperature": ("water_temperature", 1),
            "conductivity": ("conductivity", 1),
            "turbidity": ("turbidity", 1),
            "O2": ("do", 1),
            "DO": ("do", 1),
            "BOD": ("bod5", 1),
            "COD": ("cod", 1),
            "TOC": ("toc", 1),
            "TSS": ("tss", 1),
            "tss": ("tss", 1),
            "NO3": ("n_no3", _N / 62.004),
            "NH4": ("n_nh4", _N / 18.038),
            "NO2": ("n_no2", _N / 46.005),
            "PO4": ("p_po4", 30.974 / 94.971),
            "Pb": ("pb", 1),
            "As": ("as", 1),
            "Cd": ("cd", 1),
            "Hg": ("hg", 1),
            "Cu": ("cu", 1),
            "Zn": ("zn", 1),
            "Cr": ("cr6", 1),
        },
    ),
    "TrafficFlowObserved": (
        "traffic",
        {"intensity": ("intensity", 1), "occupancy": ("occupancy", 1), "averageVehicleSpeed": ("average_speed", 1)},
    ),
    "CrowdFlowObserved": ("other", {"peopleCount": ("people_count", 1)}),
    # A Device (e.g. from the IoT Agent) reports under the canonical quantity names.
    "Device": ("other", {key: (key, 1) for key in QUANTITIES}),
}
# Observed-type models are stations by nature; a Device becomes one once it has a location.
LOCATION_OPTIONAL = {"Device"}
# Smart Data Models give these as fractions 0..1; the sensors domain keeps percent.
_FRACTIONS = {"humidity", "occupancy"}
_KIND_HINTS = {
    "air": {"co", "no2", "so2", "o3", "pm10", "pm25", "pm2_5", "airpollution"},
    "water": {"ph", "conductivity", "turbidity", "waterpollution", "dissolvedoxygen"},
    "traffic": {"trafficflow", "intensity", "occupancy"},
}
_CODE = re.compile(r"^[^/\s?#]+$")
MAX_FUTURE = timedelta(minutes=10)
EARLIEST = datetime.fromtimestamp(_EARLIEST_TS, UTC)  # the sensors domain refuses older times


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


def check(change: Change) -> None:
    """Raise 400 naming the field if the entity cannot become a station with observations."""
    if not handles(change.type):
        return
    if not _CODE.match(change.entity_id) or len(change.entity_id) > 200:
        raise bad_data("id", f"{change.type} ids become station codes: no '/', '?', '#' or spaces")
    if change.type in LOCATION_OPTIONAL and geometry_of(change.attrs) is None:
        return  # not a station (yet): stored as a plain entity
    _location(change)
    change.readings = readings(change)


def _location(change: Change) -> tuple[float, float]:
    geometry = geometry_of(change.attrs)
    if geometry is None:
        raise bad_data("location", f"{change.type} entities become monitoring stations and need a location")
    point = shape(geometry).representative_point() if geometry["type"] != "Point" else None
    lon, lat = (point.x, point.y) if point is not None else geometry["coordinates"][:2]
    return lat, lon


def readings(change: Change) -> list[Reading]:
    """The measurements this change wrote, in canonical quantities; 400 naming a bad one."""
    _, mapping = MODELS[change.type]
    default_time = _entity_time(change)
    latest = utcnow() + MAX_FUTURE
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
        if not math.isfinite(value):
            raise bad_data(f"{attr}.value", "must be a finite number")
        if "observedAt" in instance:
            when, field_name = parse_time(instance["observedAt"], f"{attr}.observedAt"), f"{attr}.observedAt"
        else:
            when, field_name = default_time
        if when > latest:
            raise bad_data(field_name, "too far in the future")
        if when < EARLIEST:
            raise bad_data(field_name, "before the year 2000")
        out.append(Reading(attr, quantity, value, unit, when))
    return out


def _scaled(quantity: str, value: float, unit: str | None, hours: float | None) -> float:
    if quantity in _FRACTIONS and unit is None and 0 <= value <= 1:
        return value * 100
    if quantity == "intensity" and hours:
        return value / hours  # vehicles counted over the observation period → vehicles per hour
    return value


def _entity_time(change: Change) -> tuple[datetime, str]:
    """The time of measurements without observedAt, and the field it came from."""
    for name in ("dateObserved", "dateObservedTo"):
        raw = change.written.get(name)
        if raw is None:
            continue
        value = plain_value(raw)
        if isinstance(value, str) and "/" in value:  # an ISO 8601 interval start/end: the end counts
            value = value.split("/", 1)[1]
        return parse_time(value, name), name
    return utcnow(), "observedAt"


def _interval_hours(change: Change) -> float | None:
    start, end = change.attrs.get("dateObservedFrom"), change.attrs.get("dateObservedTo")
    if start is None or end is None:
        return None
    seconds = (
        parse_time(plain_value(end), "dateObservedTo") - parse_time(plain_value(start), "dateObservedFrom")
    ).total_seconds()
    return seconds / 3600 if seconds > 0 else None


def _kind(change: Change) -> str:
    kind, _ = MODELS[change.type]
    if kind != "other":
        return kind
    props = plain_value(change.attrs.get("controlledProperty", {})) or []
    names = {str(p).lower() for p in (props if isinstance(props, list) else [props])}
    return next((k for k, hints in _KIND_HINTS.items() if names & hints), "other")


def _station_fields(change: Change) -> tuple[str, str, float, float]:
    """(name, kind, lat, lon) the station of an entity should have."""
    lat, lon = _location(change)
    name = plain_value(change.attrs.get("name", {})) or change.entity_id
    return str(name)[:200], _kind(change), lat, lon


def _station_in(change: Change, principal: Principal, quantities: list[str], owner: str | None) -> StationIn:
    name, kind, lat, lon = _station_fields(change)
    # A key of an agency registers that agency's stations; other writers keep the current owner.
    agency = principal.agency_code if principal.role == "integrator" and principal.agency_code else owner
    return StationIn(
        code=change.entity_id,
        name=name,
        kind=kind,
        lat=lat,
        lon=lon,
        quantities=quantities,
        owner_agency=agency,
        attributes={"source": "ngsi-ld", "ngsi_ld_type": change.type},
    )


@dataclass
class Plan:
    """What the Smart Data Models among a request's changes will do to the sensors domain."""

    refused: dict[str, Problem] = field(default_factory=dict)  # entity id → why (nothing of it is written)
    register: dict[str, StationIn] = field(default_factory=dict)  # stations to create or describe anew
    stations: dict[str, Any] = field(default_factory=dict)  # code → station row (see sensors.station_refs)
    rows: list[tuple[str, list[Reading]]] = field(default_factory=list)  # (entity id, its readings)


def prepare(session: Session, principal: Principal, changes: list[Change]) -> Plan:
    """Look up the batch's stations in one query and decide, per entity, before anything is written:
    refused (retired station, or one the caller's agency does not own), station to register or
    re-describe, or plain measurements of a known station."""
    plan = Plan()
    candidates = [c for c in changes if handles(c.type) and geometry_of(c.attrs) is not None]
    if not candidates:
        return plan
    plan.stations = sensors.station_refs(session, [c.entity_id for c in candidates])
    for change in candidates:
        code = change.entity_id
        station = plan.stations.get(code)
        if station is not None and not station.active:
            plan.refused[code] = bad_data("id", f"station {code} is retired and takes no more observations")
            continue
        if station is not None and not sensors.may_write_observations(principal, station):
            plan.refused[code] = Forbidden(
                f"id: station {code} belongs to {station.owner_agency or 'no agency'}; "
                f"this API key may only write to stations of {principal.agency_code}."
            )
            continue
        # Every state the request sent counts; an earlier one without readings was no station yet.
        found = [r for step in change.earlier for r in step.readings or []]
        found += change.readings if change.readings is not None else readings(change)
        quantities = {r.quantity for r in found}
        if (
            station is None
            or _station_fields(change) != (station.name, station.kind, station.lat, station.lon)
            or not quantities <= set(station.quantities)
        ):
            # New, moved, renamed or measuring something new: (re)register, audited once.
            known = set(station.quantities) if station is not None else set()
            owner = station.owner_agency if station is not None else None
            plan.register[code] = _station_in(change, principal, sorted(quantities | known), owner)
        if found:
            plan.rows.append((code, found))
    return plan


def apply(session: Session, principal: Principal, plan: Plan) -> None:
    """Register the planned stations and ingest every measurement of the request in one call."""
    new = [wanted for code, wanted in plan.register.items() if code not in plan.stations]
    changed = [wanted for code, wanted in plan.register.items() if code in plan.stations]
    if new:  # one INSERT for all of them
        for station in sensors.create_stations(session, principal, new):
            plan.stations[station.code] = station
    for wanted in changed:  # moved, renamed or measuring something new: rare, one by one
        plan.stations[wanted.code] = sensors.upsert_station(session, principal, wanted)
    rows = [
        {"station": code, "quantity": r.quantity, "time": r.time, "value": r.value, "unit": r.unit}
        for code, found in plan.rows
        for r in found
    ]
    if not rows:
        return
    result = sensors.ingest(session, principal, rows, source="ngsi-ld", stations=plan.stations)
    if result.rejected:  # `check` and `prepare` refuse such entities first: this would be a bug
        first = result.rejected[0]
        raise bad_data(rows[first["index"]]["quantity"], f"{first['field']}: {first['reason']}")
