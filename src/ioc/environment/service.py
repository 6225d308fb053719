"""Environment domain logic: hourly/daily VN_AQI and hourly VN_WQI per station, from sensor rollups."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta
from typing import Any

import orjson
from sqlalchemy.orm import Session

from ioc.environment import aqi, wqi
from ioc.environment.bands import AQI_BANDS as AQI_BANDS  # re-exported: the wall screen's legend
from ioc.environment.bands import WQI_BANDS as WQI_BANDS
from ioc.environment.bands import aqi_band_for, wqi_band_for
from ioc.kit.timeutil import DAY, HOUR, local_day_start, to_utc, utcnow
from ioc.sensors import service as sensors

AQI_QUANTITIES = ["pm25", "pm10", "o3", "co", "so2", "no2"]
# Sensor quantity key → VN_WQI parameter name (Decision 1460 spelling).
WQI_PARAMETERS = {
    "ph": "pH",
    "do": "DO",
    "bod5": "BOD5",
    "cod": "COD",
    "toc": "TOC",
    "n_nh4": "N-NH4",
    "n_no3": "N-NO3",
    "n_no2": "N-NO2",
    "p_po4": "P-PO4",
    "coliform": "Coliform",
    "e_coli": "E.coli",
    "as": "As",
    "cd": "Cd",
    "pb": "Pb",
    "cr6": "Cr6",
    "cu": "Cu",
    "zn": "Zn",
    "hg": "Hg",
}
WQI_QUANTITIES = [*WQI_PARAMETERS, "water_temperature"]
# A 24-hour PM mean needs 18 of its 24 hourly means (75 % data capture).
DAILY_MIN_HOURS = 18
# An hourly index older than this is shown as outdated on the map.
CURRENT_MAX_AGE = timedelta(hours=3)


def _row(station_id: int, kind: str, start: int, value: int, dominant: str | None, details: dict) -> dict:
    return {
        "s": station_id,
        "k": kind,
        "t": start,
        "v": value,
        "d": dominant,
        "details": orjson.dumps(details).decode(),
    }


def hourly_aqi_rows(session: Session, wanted: dict[int, set[int]]) -> list[dict]:
    """Hourly AQI (NowCast for PM) for each station's hours, from the hourly rollups."""
    hours = [h for hs in wanted.values() for h in hs]
    if not hours:
        return []
    means = sensors.hourly_means(session, list(wanted), AQI_QUANTITIES, min(hours) - 11 * HOUR, max(hours) + HOUR)
    # Indexed once per (station, quantity) and per (station, hour): a batch touches
    # hundreds of stations × 12 NowCast hours, most of them without data.
    by_series: dict[tuple[int, str], dict[int, float]] = {}
    with_data: set[tuple[int, int]] = set()
    for (sid, q, hour), value in means.items():
        by_series.setdefault((sid, q), {})[hour] = value
        with_data.add((sid, hour))
    empty = [None] * 12
    rows = []
    for sid, station_hours in wanted.items():
        for hour in station_hours:
            if (sid, hour) not in with_data:
                continue  # no data of its own in this hour: no index is published for it
            series = {}
            for q in AQI_QUANTITIES:
                values = by_series.get((sid, q))
                series[q] = empty if values is None else [values.get(hour - i * HOUR) for i in range(12)]
            result = aqi.hourly_aqi_from_series(series)
            if result is not None:
                rows.append(_row(sid, "aqi_h", hour, result.aqi, result.dominant, {"sub_indices": result.sub_indices}))
    return rows


def hourly_wqi_rows(session: Session, wanted: dict[int, set[int]]) -> list[dict]:
    """Hourly WQI for each water station's hours, from the hourly means of that hour."""
    hours = [h for hs in wanted.values() for h in hs]
    if not hours:
        return []
    means = sensors.hourly_means(session, list(wanted), WQI_QUANTITIES, min(hours), max(hours) + HOUR)
    rows = []
    for sid, station_hours in wanted.items():
        for hour in station_hours:
            params = {name: means[(sid, q, hour)] for q, name in WQI_PARAMETERS.items() if (sid, q, hour) in means}
            result = wqi.wqi(params, means.get((sid, "water_temperature", hour))) if params else None
            if result is not None:
                rows.append(
                    _row(
                        sid, "wqi_h", hour, result.wqi, None, {"sub_indices": result.sub_indices, "notes": result.notes}
                    )
                )
    return rows


def on_ingest(session: Session, touched: dict[int, set[int]], kinds: dict[int, str]) -> None:
    """Recompute the hourly indices of the hours a batch touched (and the 11 NowCast hours after)."""
    air = {sid: _with_following(hours) for sid, hours in touched.items() if kinds.get(sid) == "air"}
    water = {sid: hours for sid, hours in touched.items() if kinds.get(sid) == "water"}
    rows = hourly_aqi_rows(session, air) + hourly_wqi_rows(session, water)
    sensors.store_indices(session, rows)


def _with_following(hours: set[int]) -> set[int]:
    # A late value also changes the NowCast of the next hours that already have an AQI;
    # only hours up to now are worth recomputing.
    now = int(utcnow().timestamp())
    return {h + i * HOUR for h in hours for i in range(12) if h + i * HOUR <= now}


def daily_aqi_rows(session: Session, station_ids: list[int], day_start: int) -> list[dict]:
    """Daily AQI of one local day (Asia/Ho_Chi_Minh) for these stations."""
    means = sensors.hourly_means(session, station_ids, AQI_QUANTITIES, day_start, day_start + DAY)
    rows = []
    for sid in station_ids:
        hourly = {q: [means.get((sid, q, day_start + i * HOUR)) for i in range(24)] for q in AQI_QUANTITIES}
        result = aqi.daily_aqi(**_daily_inputs(hourly))
        if result is not None:
            rows.append(_row(sid, "aqi_d", day_start, result.aqi, result.dominant, {"sub_indices": result.sub_indices}))
    return rows


def _daily_inputs(hourly: dict[str, list[float | None]]) -> dict[str, float | None]:
    def mean24(values: list[float | None]) -> float | None:
        present = [v for v in values if v is not None]
        return sum(present) / len(present) if len(present) >= DAILY_MIN_HOURS else None

    def day_max(values: list[float | None]) -> float | None:
        present = [v for v in values if v is not None]
        return max(present) if present else None

    return {
        "pm25_24h": mean24(hourly["pm25"]),
        "pm10_24h": mean24(hourly["pm10"]),
        "o3_max_1h": day_max(hourly["o3"]),
        "o3_max_8h": aqi.o3_max_8h(hourly["o3"]),
        "co_max_1h": day_max(hourly["co"]),
        "so2_max_1h": day_max(hourly["so2"]),
        "no2_max_1h": day_max(hourly["no2"]),
    }


def finalize_days(session: Session, days: Iterable[int]) -> int:
    """Compute and store the daily AQI of these local days for every air station; returns rows stored."""
    ids = [s.id for s in sensors.active_stations(session, ["air"])]
    rows = [r for day in days for r in daily_aqi_rows(session, ids, day)] if ids else []
    sensors.store_indices(session, rows)
    return len(rows)


def completed_days(now: datetime, count: int = 2) -> list[int]:
    """Starts of the last `count` local days that have ended."""
    today = local_day_start(int(now.timestamp()))
    return [today - i * DAY for i in range(1, count + 1)]


# ---- reading --------------------------------------------------------------------------------


def _band(kind: str, value: int) -> dict[str, Any]:
    band = aqi_band_for(value) if kind.startswith("aqi") else wqi_band_for(value)
    return band.to_dict()


def current(
    session: Session, index: str = "aqi", now: datetime | None = None, *, fresh_only: bool = False
) -> list[dict[str, Any]]:
    """The newest hourly AQI (or WQI) of every station, with band, age and station state; `fresh_only` leaves
    out the stations whose newest value is outdated (and reads only the recent hours)."""
    now = now or utcnow()
    out = []
    since = int((now - CURRENT_MAX_AGE - timedelta(hours=2)).timestamp()) if fresh_only else None
    for value, station in sensors.current_indices(session, f"{index}_h", since):
        at = to_utc(value.start)  # the hour the index describes (may still be in progress)
        out.append(
            {
                "station": station.code,
                "name": station.name,
                "name_en": sensors.station_name(station, "en"),  # both languages: cached tiles pick one
                "kind": station.kind,
                "lat": station.lat,
                "lon": station.lon,
                "area_code": station.area_code,
                "index": index,
                "value": value.value,
                "dominant": value.dominant,
                "sub_indices": (value.details or {}).get("sub_indices", {}),
                "band": _band(index, value.value),
                "time": at,
                "outdated": now - at > CURRENT_MAX_AGE + timedelta(hours=1),
                "state": sensors.station_state(station, now),
            }
        )
    return out


def history(session: Session, code: str, period: str, start: datetime, end: datetime) -> list[dict]:
    """A station's hourly AQI, daily AQI or hourly WQI values in [start, end)."""
    station = sensors.require_station(session, code)
    kind = {"hour": "aqi_h", "day": "aqi_d", "wqi": "wqi_h"}[period]
    return [
        {
            "time": to_utc(v.start),
            "value": v.value,
            "dominant": v.dominant,
            "sub_indices": (v.details or {}).get("sub_indices", {}),
            "band": _band(kind, v.value)["key"],
        }
        for v in sensors.index_history(session, station, kind, int(start.timestamp()), int(end.timestamp()))
    ]


def map_layer(session: Session, lang: str = "vi") -> dict[str, Any]:
    """Air and water stations as a GeoJSON FeatureCollection coloured by their AQI/WQI band."""
    latest = {item["station"]: item for index in ("aqi", "wqi") for item in current(session, index)}
    features = []
    for station in sensors.active_stations(session, ["air", "water"]):
        item = latest.get(station.code)
        props: dict[str, Any] = {
            "code": station.code,
            "name": station.name,
            "kind": station.kind,
            "area_code": station.area_code,
            "state": sensors.station_state(station),
        }
        if item:
            band = item["band"]
            props.update(
                index=item["index"],
                value=item["value"],
                dominant=item["dominant"],
                time=item["time"].isoformat(),
                outdated=item["outdated"],
                band=band["key"],
                color=band["color"],
                label=band["name_vi"] if lang == "vi" else band["name_en"],
            )
        features.append(
            {
                "type": "Feature",
                "id": station.code,
                "properties": props,
                "geometry": {"type": "Point", "coordinates": [station.lon, station.lat]},
            }
        )
    return {"type": "FeatureCollection", "features": features}


def period_summary(session: Session, start: datetime, end: datetime) -> list[dict[str, Any]]:
    """Per air or water station with hourly indices in [start, end): mean, worst and the hours in a bad band.

    Air: hourly AQI, bad when above 100 (unhealthy for sensitive groups and worse). Water: hourly WQI,
    bad when below 51 (poor and worse). For the briefings domain's environment section.
    """
    out = []
    for kind, index in (("aqi_h", "aqi"), ("wqi_h", "wqi")):
        for _, station in sensors.current_indices(session, kind):
            values = [
                v.value
                for v in sensors.index_history(session, station, kind, int(start.timestamp()), int(end.timestamp()))
            ]
            if not values:
                continue
            bad = sum(1 for v in values if (v > 100 if index == "aqi" else v < 51))
            worst = max(values) if index == "aqi" else min(values)
            out.append(
                {"station": station.code, "name": station.name, "area_code": station.area_code, "index": index,
                 "mean": sum(values) / len(values), "worst": worst, "hours": len(values), "bad_hours": bad,
                 "band": _band(index, round(sum(values) / len(values)))["key"]}
            )  # fmt: skip
    return out
