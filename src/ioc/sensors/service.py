"""Sensors domain logic: the station registry and observation ingestion (the API other domains use)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy.orm import Session

from ioc.areas import service as areas_service
from ioc.auth import audit
from ioc.auth.principal import Principal
from ioc.kit import bus
from ioc.kit.errors import Forbidden, NotFound, ValidationProblem
from ioc.kit.timeutil import to_utc, utcnow
from ioc.registry import registry_of
from ioc.sensors import batch, checks
from ioc.sensors.batch import EARLIEST as EARLIEST  # re-exported: the oldest time accepted
from ioc.sensors.display import quantity_label, quantity_symbol, quantity_unit, station_name  # noqa: F401 (re-exported)
from ioc.sensors.models import Station
from ioc.sensors.quantities import FLAG_NAMES, QUANTITIES, STATION_KINDS  # noqa: F401 (STATION_KINDS re-exported)
from ioc.sensors.quantities import unit_factor as unit_factor  # re-exported: NGSI-LD converts units with it
from ioc.sensors.repository import rollups as rollup_repo
from ioc.sensors.repository import stations as station_repo
from ioc.sensors.schemas import IngestResult, LatestOut, StationIn, StationOut, StationPatch

STATION_FIELDS = (
    "code",
    "name",
    "kind",
    "lat",
    "lon",
    "area_code",
    "quantities",
    "interval_seconds",
    "owner_agency",
    "attributes",
    "active",
)
# Clock skew tolerated for device times ahead of ours.
MAX_FUTURE = timedelta(minutes=10)
WRITER_ROLES = checks.WRITER_ROLES
# Devices publish to <prefix>/<station code>/observations (the MQTT adapter; the demo publishes there too).
MQTT_TOPIC_PREFIX = "ioc/v1/stations"


# ---- stations -------------------------------------------------------------------------------


def upsert_station(session: Session, principal: Principal, data: StationIn) -> Station:
    """Create a station or replace its description; the ward is resolved from lat/lon."""
    station = station_repo.station_by_code(session, data.code)
    checks.writer(principal, data.owner_agency)
    if station is not None:
        checks.writer(principal, station.owner_agency)
    checks.agency(session, data.owner_agency, station.owner_agency if station is not None else None)
    before = audit.snapshot(station, STATION_FIELDS) if station else None
    if station is None:
        station = Station(code=data.code)
        session.add(station)
    _describe(session, station, data)
    session.flush()
    audit.record(
        session,
        principal,
        "station.create" if before is None else "station.update",
        "station",
        station.code,
        before=before,
        after=audit.snapshot(station, STATION_FIELDS),
    )
    bus.emit_after_commit(session, "sensors.station.changed", {"station": station.code})
    return station


def _describe(session: Session, station: Station, data: StationIn) -> None:
    for name in ("name", "kind", "lat", "lon", "interval_seconds", "owner_agency", "attributes"):
        setattr(station, name, getattr(data, name))
    station.quantities = list(data.quantities)
    station.area_code = areas_service.locate_code(session, data.lat, data.lon)
    station.active = True


def create_stations(session: Session, principal: Principal, items: list[StationIn]) -> list[Station]:
    """Create stations the caller has just found absent (see `station_refs`), in one INSERT; each audited.

    A concurrent creator of the same code makes the transaction fail with an IntegrityError.
    """
    for data in items:
        checks.writer(principal, data.owner_agency)
    for code in {data.owner_agency for data in items}:
        checks.agency(session, code)
    stations = []
    for data in items:
        station = Station(code=data.code)
        _describe(session, station, data)
        stations.append(station)
    session.add_all(stations)
    session.flush()
    for station in stations:
        audit.record(
            session, principal, "station.create", "station", station.code, after=audit.snapshot(station, STATION_FIELDS)
        )
        bus.emit_after_commit(session, "sensors.station.changed", {"station": station.code})
    return stations


def get_station(session: Session, code: str) -> Station | None:
    """A station by code, or None."""
    return station_repo.station_by_code(session, code)


def require_station(session: Session, code: str) -> Station:
    """A station by code, or a 404 problem."""
    station = station_repo.station_by_code(session, code)
    if station is None:
        raise NotFound(f"No station with code {code!r}.")
    return station


def patch_station(session: Session, principal: Principal, code: str, patch: StationPatch) -> Station:
    """Change some fields of a station."""
    station = require_station(session, code)
    changes = patch.model_dump(exclude_unset=True)
    checks.writer(principal, station.owner_agency)
    if "owner_agency" in changes:
        checks.writer(principal, changes["owner_agency"])
        checks.agency(session, changes["owner_agency"], station.owner_agency)
    before = audit.snapshot(station, STATION_FIELDS)
    for name, value in changes.items():
        setattr(station, name, value)
    if "lat" in changes or "lon" in changes:
        station.area_code = areas_service.locate_code(session, station.lat, station.lon)
    session.flush()
    audit.record(
        session,
        principal,
        "station.update",
        "station",
        code,
        before=before,
        after=audit.snapshot(station, STATION_FIELDS),
    )
    bus.emit_after_commit(session, "sensors.station.changed", {"station": code})
    return station


def station_state(station: Station, now: datetime | None = None) -> str:
    """online within 1.5 intervals of the last observation, stale within 6, then offline."""
    if station.last_seen_at is None:
        return "never"
    age = ((now or utcnow()) - station.last_seen_at).total_seconds()
    if age <= 1.5 * station.interval_seconds:
        return "online"
    return "stale" if age <= 6 * station.interval_seconds else "offline"


def station_out(station: Station, now: datetime | None = None) -> StationOut:
    """The API view of a station."""
    return StationOut(
        **{n: getattr(station, n) for n in STATION_FIELDS},
        last_seen_at=station.last_seen_at,
        state=station_state(station, now),
    )


def search_stations(session: Session, **filters: Any) -> tuple[list[Station], int]:
    """A filtered page of stations."""
    return station_repo.search_stations(session, **filters)


# ---- ingestion ------------------------------------------------------------------------------


def station_refs(session: Session, codes: Iterable[str]) -> dict[str, Any]:
    """Code → plain row (id, code, kind, name, lat, lon, quantities, owner_agency, active), one query."""
    return {r.code: r for r in station_repo.station_refs(session, codes)}


def _station_ids(principal: Principal, refs: Iterable[Any]) -> dict[str, int | bool]:
    # code → id of an active station the caller may write to, False if it may not.
    return {s.code: s.id if may_write_observations(principal, s) else False for s in refs if s.active}


def may_write_observations(principal: Principal, station: Any) -> bool:
    """True if the caller may send observations of this station (a row or a Station)."""
    if principal.role not in WRITER_ROLES:
        return False
    return not (
        principal.role == "integrator" and principal.agency_code and station.owner_agency != principal.agency_code
    )


def ingest(
    session: Session, principal: Principal, rows: list[dict], *, source: str, stations: Mapping[str, Any] | None = None
) -> IngestResult:
    """Store a batch: good rows kept, bad rows reported by index and field, repeats stored once.

    `stations` (code → row from `station_refs`) saves the station lookup when the caller already
    made it in this transaction.
    """
    if principal.role not in WRITER_ROLES:
        raise Forbidden(f"Sending observations needs one of the roles {', '.join(WRITER_ROLES)}.")
    result = IngestResult()
    if stations is None:
        codes = {r.get("station") for r in rows if isinstance(r, dict) and isinstance(r.get("station"), str)}
        stations = station_refs(session, codes)
    inserted = _store_rows(session, principal, rows, stations, result)
    audit.record(
        session,
        principal,
        "observations.ingest",
        "observation_batch",
        source,
        after={
            "source": source,
            **result.to_dict(),
            "rejected": len(result.rejected),
            "stations": len(result.stations),
        },
    )
    if inserted:
        bus.emit_after_commit(
            session,
            "sensors.observations.ingested",
            {"stations": result.stations, "stored": result.stored, "source": source},
        )
    return result


def _store_rows(
    session: Session, principal: Principal, rows: list[dict], stations: Mapping[str, Any], result: IngestResult
) -> list[tuple]:
    """Check, dedupe and insert the rows, then fold the new ones in; the rows inserted (counts go to the result)."""
    ids = _station_ids(principal, stations.values())
    by_id = {s.id: s for s in stations.values()}
    latest_allowed = int((utcnow() + MAX_FUTURE).timestamp())
    valid = batch.validate(rows, ids, latest_allowed, result.rejected)
    previous = rollup_repo.latest_states(session, {r[0] for r in valid}) if valid else {}
    valid, repeats, states = batch.dedupe_and_flag_stuck(valid, previous)
    inserted = station_repo.insert_observations(session, valid)
    result.stored, result.duplicates = len(inserted), repeats + len(valid) - len(inserted)
    result.inserted = inserted
    if inserted:
        _after_insert(session, inserted, states, {sid: s.kind for sid, s in by_id.items()})
    result.stations = sorted({by_id[r[0]].code for r in inserted})
    return inserted


def _after_insert(session: Session, inserted: list[tuple], states: dict, kinds: dict[int, str]) -> None:
    hourly, daily = batch.aggregates(inserted)
    rollup_repo.add_rollups(session, hourly, daily)
    rollup_repo.upsert_latest(
        session, [{"s": k[0], "q": k[1], "t": v[0], "v": v[1], "f": v[3], "r": v[2]} for k, v in states.items()]
    )
    newest: dict[int, int] = {}
    touched: dict[int, set[int]] = {}
    for h in hourly:
        touched.setdefault(h["s"], set()).add(h["t"])
    for key, state in states.items():
        newest[key[0]] = max(newest.get(key[0], 0), state[0])
    station_repo.touch_stations(session, {sid: to_utc(ts) for sid, ts in newest.items()})
    # Hooks declared by the domains (registry.ingest_hooks), e.g. the AQI of the hours touched.
    for hook in registry_of(session).ingest_hooks:
        hook(session, touched, {sid: kinds[sid] for sid in touched})


def latest(session: Session, station_codes: list[str] | None = None) -> list[LatestOut]:
    """The newest value of every quantity of these stations (all stations when None)."""
    ids = None
    if station_codes is not None:
        ids = [s.id for s in station_repo.stations_by_codes(session, station_codes)]
    return [
        LatestOut(
            station=code,
            quantity=lv.quantity,
            time=to_utc(lv.ts),
            value=lv.value,
            unit=QUANTITIES[lv.quantity].unit,
            flag=FLAG_NAMES.get(lv.flag, "good"),
        )
        for lv, code in rollup_repo.latest_values(session, ids)
    ]


def good_readings(session: Session, station_ids: list[int], quantities: list[str]) -> list[tuple]:
    """(station id, code, name, area, quantity, ts, value) of the good newest values (one query, for alert rules)."""
    return rollup_repo.good_latest(session, station_ids, quantities)


def check_series_args(quantity: str, resolution: str, start: datetime, end: datetime) -> None:
    """Raise a validation problem naming the bad series argument."""
    if quantity not in QUANTITIES:
        raise ValidationProblem(
            f"quantity: unknown quantity {quantity!r}", errors=[{"field": "quantity", "message": "unknown quantity"}]
        )
    if resolution not in ("raw", "hour", "day"):
        raise ValidationProblem(
            "resolution: one of raw, hour, day", errors=[{"field": "resolution", "message": "one of raw, hour, day"}]
        )
    if end <= start:
        raise ValidationProblem("to: must be after from", errors=[{"field": "to", "message": "must be after from"}])


def series(
    session: Session, code: str, quantity: str, resolution: str, start: datetime, end: datetime, limit: int = 50_000
) -> dict[str, Any]:
    """A station's series of one quantity: raw values, or hourly/daily rollups (mean, min, max, count)."""
    check_series_args(quantity, resolution, start, end)
    station = require_station(session, code)
    t0, t1 = int(start.timestamp()), int(end.timestamp())
    if resolution == "raw":
        points = [
            {"time": to_utc(o.ts), "value": o.value, "flag": FLAG_NAMES.get(o.flag)}
            for o in station_repo.raw_series(session, station.id, quantity, t0, t1, limit)
        ]
    else:
        rows = rollup_repo.rollup_series(session, resolution == "day", station.id, quantity, t0, t1)
        points = [
            {"time": to_utc(t), "value": total / n if n else None, "min": vmin, "max": vmax, "count": n}
            for t, n, total, vmin, vmax in rows
        ]
    return {
        "station": code,
        "quantity": quantity,
        "unit": QUANTITIES[quantity].unit,
        "resolution": resolution,
        "points": points,
    }


def purge_raw(session: Session, principal: Principal, keep_days: int) -> int:
    """Delete raw observations older than keep_days (rollups are kept); audited."""
    cutoff = int((utcnow() - timedelta(days=keep_days)).timestamp())
    deleted = station_repo.delete_raw_before(session, cutoff)
    after = {"keep_days": keep_days, "deleted": deleted}
    audit.record(session, principal, "observations.purge", "observation_batch", None, after=after)
    return deleted


# ---- derived indices (computed by the environment domain, stored here beside the series) ---------


def stations_by_ids(session: Session, ids: list[int]) -> list[Station]:
    """Stations by id."""
    return station_repo.stations_by_ids(session, ids)


def active_stations(session: Session, kinds: list[str] | None = None) -> list[Station]:
    """Every active station, optionally of some kinds."""
    return station_repo.all_stations(session, kinds)


def hourly_means(
    session: Session, station_ids: list[int], quantities: list[str], start: int, end: int
) -> dict[tuple[int, str, int], float]:
    """(station, quantity, hour start) → mean of good values, for hours in [start, end)."""
    return {(s, q, t): v for s, q, t, v in rollup_repo.hourly_means(session, station_ids, quantities, start, end)}


def store_indices(session: Session, rows: list[dict]) -> None:
    """Store index values: dicts of s (station id), k (kind), t (period start), v, d, details (JSON text)."""
    rollup_repo.upsert_indices(session, rows)


def current_indices(session: Session, kind: str, since: int | None = None) -> list[tuple[Any, Station]]:
    """The newest index value of a kind per station (only values since `since`, Unix time, when given)."""
    return rollup_repo.current_indices(session, kind, since)


def index_history(session: Session, station: Station, kind: str, start: int, end: int) -> list[Any]:
    """A station's index values of a kind in [start, end)."""
    return rollup_repo.index_history(session, station.id, kind, start, end)


def import_rollups(
    session: Session, principal: Principal, hourly: list[dict], daily: list[dict], *, source: str
) -> None:
    """Add archived hourly/daily aggregates (s, q, t, n, total, vmin, vmax, f) without raw rows; audited."""
    if principal.role not in WRITER_ROLES:
        raise Forbidden(f"Importing history needs one of the roles {', '.join(WRITER_ROLES)}.")
    rollup_repo.add_rollups(session, batch.fold_rollups(hourly), batch.fold_rollups(daily))
    after = {"hourly": len(hourly), "daily": len(daily)}
    audit.record(session, principal, "rollups.import", "observation_batch", source, after=after)


# ---- families of stations (the facilities' figures, docs/decisions/0013-*) ---------------------
def area_period_sums(session: Session, code_prefix: str, quantity: str, bounds: list[int]) -> list[tuple]:
    """(area_code, period index, count, sum) of daily values per ward and period, for a family of stations."""
    return rollup_repo.area_period_sums(session, code_prefix, quantity, bounds)


def latest_by_prefix(session: Session, code_prefix: str, quantity: str) -> dict[str, tuple[int, float]]:
    """Station code → (epoch seconds, value) of the newest value of a quantity, for a family of stations."""
    return rollup_repo.latest_by_prefix(session, code_prefix, quantity)
