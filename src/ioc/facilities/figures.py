"""Facilities' figures over time, stored as observations of each facility's sensors station."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy.orm import Session

from ioc.auth.principal import Principal
from ioc.facilities import repository
from ioc.facilities.kinds import FIGURES
from ioc.facilities.models import Facility
from ioc.facilities.schemas import first_of_period
from ioc.facilities.service import invalid, station_prefix
from ioc.kit.errors import ValidationProblem
from ioc.kit.timeutil import local_day_start, to_utc
from ioc.sensors import service as sensors_service

LOCAL = ZoneInfo("Asia/Ho_Chi_Minh")
WARD_PREFIX = "facw-"


def _row(f: Facility, day: date, value: float, quantity: str | None, where: str) -> dict[str, Any]:
    if f.kind not in FIGURES:
        raise invalid(f"{where}.facility", f"a {f.kind} has no figures over time")
    expected, period = FIGURES[f.kind]
    if quantity not in (None, expected):
        raise invalid(f"{where}.quantity", f"a {f.kind} reports {expected}, not {quantity!r}")
    if value < 0:
        raise invalid(f"{where}.value", "must not be negative")
    low, high = sensors_service.QUANTITIES[expected].low, sensors_service.QUANTITIES[expected].high
    if not low <= value <= high:
        raise invalid(f"{where}.value", f"must be between {low:g} and {high:g}")
    moment = datetime.combine(first_of_period(day, period), time(0), LOCAL)
    return {"station": f.station_code, "quantity": expected, "time": moment.isoformat(), "value": value}


def row_for(f: Facility, day: date, value: float) -> dict[str, Any]:
    """The series row of one checked figure of a facility (for seeders and benchmarks)."""
    return _row(f, day, value, None, "figures")


def store(session: Session, principal: Principal, rows: list[dict[str, Any]], source: str) -> dict[str, int]:
    """Ingest checked figure rows on the sensors path; a row the series refuses undoes the whole write.

    The rows actually stored (not repeats) are also added to their ward's daily rollups (a station
    `facw-<kind>-<ward>` per kind and ward), so a sector's year per ward reads wards, not facilities.
    """
    if not rows:
        return {"stored": 0, "duplicates": 0, "facilities": 0}
    result = sensors_service.ingest(session, principal, rows, source=source)
    if result.rejected:
        first = result.rejected[0]
        raise ValidationProblem(
            f"figures[{first['index']}].{first['field']}: {first['reason']}; nothing was stored",
            errors=[{"field": f"figures[{r['index']}].{r['field']}", "message": r["reason"]} for r in result.rejected],
        )
    _add_to_wards(session, principal, result.inserted, {r["station"] for r in rows}, source)
    return {"stored": result.stored, "duplicates": result.duplicates, "facilities": len(result.stations)}


def ward_station(kind: str, area_code: str | None) -> str:
    """The code of the station that carries the sums of a kind's figures in a ward."""
    return f"{WARD_PREFIX}{kind}-{area_code or 'none'}"


def _add_to_wards(session: Session, principal: Principal, inserted: list[tuple], codes: set[str], source: str) -> None:
    refs = sensors_service.station_refs(session, codes)
    code_of = {r.id: code for code, r in refs.items()}
    places = repository.places_of_stations(session, codes)
    sums: dict[tuple, list] = {}
    for row in inserted:
        sid, quantity, ts, value = row[0], row[1], row[2], row[3]
        kind, area, lat, lon = places[code_of[sid]]
        key = (ward_station(kind, area), quantity, local_day_start(ts))
        cell = sums.setdefault(key, [0, 0.0, value, value, lat, lon])
        cell[0], cell[1], cell[2], cell[3] = cell[0] + 1, cell[1] + value, min(cell[2], value), max(cell[3], value)
    if not sums:
        return
    wards = {key[0]: (key[1], cell[4], cell[5]) for key, cell in sums.items()}
    known = sensors_service.station_refs(session, wards)
    missing = [
        sensors_service.StationIn(code=code, name=code, kind="facility", lat=lat, lon=lon, quantities=[quantity],
                                  interval_seconds=86400, attributes={"ward_sum": True})
        for code, (quantity, lat, lon) in wards.items() if code not in known
    ]  # fmt: skip
    ids = {code: r.id for code, r in known.items()} | {
        s.code: s.id for s in sensors_service.create_stations(session, principal, missing)
    }
    daily = [{"s": ids[code], "q": q, "t": t, "n": c[0], "total": c[1], "vmin": c[2], "vmax": c[3], "f": 0}
             for (code, q, t), c in sums.items()]  # fmt: skip
    sensors_service.import_rollups(session, principal, [], daily, source=source)


def for_facility(session: Session, principal: Principal, f: Facility, items: list[Any]) -> dict[str, int]:
    """Store figures of one facility (FigureIn items); all or none."""
    rows = [_row(f, i.date, i.value, i.quantity, f"figures[{n}]") for n, i in enumerate(items)]
    return store(session, principal, rows, source=f"facility:{f.code}")


def known_codes(session: Session, codes: set[str]) -> set[str]:
    """Which of these facility codes exist."""
    return set(repository.by_codes(session, codes))


def check_bulk(session: Session, items: list[Any]) -> list[dict[str, Any]]:
    """Figure rows of items naming their facility by code; an unknown facility is a 422 naming the row."""
    known = repository.by_codes(session, {i.facility for i in items})
    rows = []
    for n, item in enumerate(items):
        f = known.get(item.facility)
        if f is None:
            raise invalid(f"figures[{n}].facility", f"unknown facility {item.facility!r}")
        rows.append(_row(f, item.date, item.value, item.quantity, f"figures[{n}]"))
    return rows


def series(session: Session, f: Facility, start: date, end: date) -> dict[str, Any]:
    """A facility's figures between two days (daily rollups of its station)."""
    if f.kind not in FIGURES or not f.station_code:
        raise invalid("id", f"a {f.kind} has no figures over time")
    quantity = FIGURES[f.kind][0]
    t0 = datetime.combine(start, time(0), LOCAL)
    t1 = datetime.combine(end, time(0), LOCAL) + timedelta(days=1)
    data = sensors_service.series(session, f.station_code, quantity, "day", t0, t1)
    points = [{"date": p["time"].astimezone(LOCAL).date(), "value": p["value"]} for p in data["points"]]
    return {"facility": f.code, "quantity": quantity, "unit": data["unit"], "points": points}


def _month_starts(year: int) -> list[int]:
    return [int(datetime(year + (m // 12), m % 12 + 1, 1, tzinfo=LOCAL).timestamp()) for m in range(13)]


def dashboard(session: Session, kind: str, year: int) -> dict[str, Any]:
    """A sector's answer: the facilities of a kind with their last figure, and the year per ward and month."""
    if kind not in FIGURES:
        raise invalid("kind", f"a {kind} has no figures over time; one of {', '.join(FIGURES)}")
    quantity = FIGURES[kind][0]
    latest = sensors_service.latest_by_prefix(session, station_prefix(kind), quantity)
    facilities = []
    for fid, code, name, area, lat, lon, station in repository.brief_of_kind(session, kind):
        last = latest.get(station or "")
        facilities.append({
            "id": fid, "code": code, "name": name, "area_code": area, "lat": lat, "lon": lon,
            "last": {"time": to_utc(last[0]), "value": last[1]} if last else None,
        })  # fmt: skip
    bounds = _month_starts(year)
    return {
        "kind": kind,
        "quantity": quantity,
        "year": year,
        "facilities": facilities,
        "wards": _per_ward(sensors_service.area_period_sums(session, f"{WARD_PREFIX}{kind}-", quantity, bounds)),
    }


def trailing_wards(session: Session, kind: str, first: date) -> list[dict[str, Any]]:
    """Per ward, the twelve months from `first` (a first of month) of a kind's figures, from the ward sums."""
    quantity = FIGURES[kind][0]
    months = [(first.year + (first.month - 1 + m) // 12, (first.month - 1 + m) % 12 + 1) for m in range(13)]
    bounds = [int(datetime(y, m, 1, tzinfo=LOCAL).timestamp()) for y, m in months]
    return _per_ward(sensors_service.area_period_sums(session, f"{WARD_PREFIX}{kind}-", quantity, bounds))


def _per_ward(rows: list[tuple]) -> list[dict[str, Any]]:
    # (ward, month index, n, total) into twelve months per ward: the sum and the mean of the values.
    sums: dict[Any, list[list[float]]] = {}
    for area, month, n, total in rows:
        cell = sums.setdefault(area, [[0, 0.0] for _ in range(12)])[int(month)]
        cell[0] += n
        cell[1] += total
    return [
        {
            "area_code": area,
            "months": [
                {"month": m + 1, "count": int(c[0]), "total": c[1], "mean": c[1] / c[0] if c[0] else None}
                for m, c in enumerate(cells)
            ],
        }
        for area, cells in sorted(sums.items(), key=lambda kv: kv[0] or "")
    ]
