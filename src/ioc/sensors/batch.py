"""The per-row work of an ingest batch, kept to plain loops over tuples because it runs
tens of thousands of times a second: validation, unit conversion, flags, rollup sums."""

from __future__ import annotations

import math
from datetime import datetime
from operator import itemgetter
from typing import Any

from ioc.kit.timeutil import HOUR, local_day_start
from ioc.sensors.quantities import ABOVE_RANGE, BELOW_RANGE, GOOD, QUANTITIES, STUCK, accepted_units, unit_factor

_KEY = itemgetter(0, 1, 2)
# Identical consecutive readings before a varying quantity is flagged as stuck.
STUCK_RUN = 12
EARLIEST = 946684800  # 2000-01-01: older times are typing mistakes, not archives


class RowError(Exception):
    """A row refused for a reason about one field."""

    def __init__(self, field: str, reason: str) -> None:
        super().__init__(reason)
        self.field, self.reason = field, reason


def parse_time(value: Any, latest_allowed: int) -> int:
    """Epoch seconds of an aware datetime or ISO 8601 text with a zone."""
    if isinstance(value, str):
        try:
            value = datetime.fromisoformat(value)
        except ValueError:
            raise RowError("time", f"not an ISO 8601 date-time: {value!r}") from None
    if not isinstance(value, datetime):
        raise RowError("time", "must be an ISO 8601 date-time text with a time zone")
    if value.tzinfo is None:
        raise RowError("time", "a time zone is required (e.g. 'Z' or '+07:00')")
    ts = int(value.timestamp())
    if ts > latest_allowed:
        raise RowError("time", "too far in the future")
    if ts < EARLIEST:
        raise RowError("time", "before the year 2000")
    return ts


def _value(raw: Any) -> float:
    if type(raw) is float or type(raw) is int:  # bool is an int subclass and is refused
        if math.isfinite(raw):
            return float(raw)
    elif isinstance(raw, str):
        try:
            parsed = float(raw.replace(",", "."))
        except ValueError:
            raise RowError("value", f"not a number: {raw!r}") from None
        if math.isfinite(parsed):
            return parsed
    raise RowError("value", "must be a finite number")


def _unit(quantity: str, canonical: str, unit: Any) -> tuple[float, str | None]:
    if unit is None or unit == canonical:
        return 1.0, None
    if not isinstance(unit, str):
        raise RowError("unit", "must be text")
    factor = unit_factor(quantity, unit)
    if factor is None:
        raise RowError("unit", f"unknown unit {unit!r} for {quantity}; accepted: {', '.join(accepted_units(quantity))}")
    return factor, (None if factor == 1.0 and unit.lower() == canonical.lower() else unit[:20])


def validate(rows: list[Any], stations: dict[str, Any], latest_allowed: int, rejected: list[dict]) -> list[tuple]:
    """Turn client rows into (station_id, quantity, ts, value, flag, unit_sent) tuples."""
    out = []
    times: dict[Any, int] = {}
    for index, row in enumerate(rows):
        try:
            out.append(_row(row, stations, latest_allowed, times))
        except RowError as err:
            rejected.append({"index": index, "field": err.field, "reason": err.reason})
    return out


def _field(row: dict, name: str) -> Any:
    value = row.get(name)
    if value is None:
        raise RowError(name, "required")
    return value


def _row(row: Any, stations: dict[str, Any], latest_allowed: int, times: dict) -> tuple:
    if not isinstance(row, dict):
        raise RowError("row", "must be an object")
    code = _field(row, "station")
    station = stations.get(code) if isinstance(code, str) else None
    if station is None:
        raise RowError("station", f"unknown station {code!r}")
    if station is False:
        raise RowError("station", f"not permitted to write to station {code!r}")
    key = _field(row, "quantity")
    quantity = QUANTITIES.get(key) if isinstance(key, str) else None
    if quantity is None:
        raise RowError("quantity", f"unknown quantity {key!r}")
    raw_time = _field(row, "time")
    ts = times.get(raw_time) if isinstance(raw_time, str) else None
    if ts is None:
        ts = parse_time(raw_time, latest_allowed)
        if isinstance(raw_time, str):
            times[raw_time] = ts
    value = _value(_field(row, "value"))
    factor, unit_sent = _unit(key, quantity.unit, row.get("unit"))
    if factor != 1.0:
        value = value * factor
        if not math.isfinite(value):  # 1e307 mg/m³ is finite, its µg/m³ is not
            raise RowError("value", "must be a finite number in the canonical unit")
    flag = GOOD if quantity.low <= value <= quantity.high else (BELOW_RANGE if value < quantity.low else ABOVE_RANGE)
    return (station, key, ts, value, flag, unit_sent)


def dedupe_and_flag_stuck(
    rows: list[tuple], previous: dict[tuple[int, str], tuple]
) -> tuple[list[tuple], int, dict[tuple[int, str], tuple]]:
    """Sort, drop in-batch repeats, flag stuck runs; returns rows, repeats, new latest states."""
    rows.sort(key=_KEY)
    kept: list[tuple] = []
    repeats = 0
    states: dict[tuple[int, str], tuple] = {}
    last_key = None
    for row in rows:
        key3 = row[:3]
        if key3 == last_key:
            repeats += 1
            continue
        last_key = key3
        series = key3[:2]
        prev = states.get(series) or previous.get(series)
        if prev is not None and row[2] <= prev[0]:
            kept.append(row)  # a late or repeated row: no effect on the running state
            continue
        run = prev[2] + 1 if prev is not None and prev[1] == row[3] else 1
        if run >= STUCK_RUN and row[4] == GOOD and not QUANTITIES[row[1]].may_repeat:
            row = (*row[:4], STUCK, row[5])
        states[series] = (row[2], row[3], run, row[4])
        kept.append(row)
    return kept, repeats, states


def aggregates(rows: list[tuple]) -> tuple[list[dict], list[dict]]:
    """Hourly and daily (count, sum, min, max, flagged) of inserted rows; only good values count."""
    hours: dict[tuple, list] = {}
    days: dict[tuple, list] = {}
    for row in rows:
        sid, q, ts, value, flag = row[0], row[1], row[2], row[3], row[4]
        for bucket, start in ((hours, ts - ts % HOUR), (days, local_day_start(ts))):
            agg = bucket.get((sid, q, start))
            if agg is None:
                agg = bucket[(sid, q, start)] = [0, 0.0, None, None, 0]
            if flag:
                agg[4] += 1
                continue
            agg[0] += 1
            agg[1] += value
            if agg[2] is None or value < agg[2]:
                agg[2] = value
            if agg[3] is None or value > agg[3]:
                agg[3] = value
    return _as_params(hours), _as_params(days)


def _as_params(bucket: dict[tuple, list]) -> list[dict]:
    return [
        {"s": k[0], "q": k[1], "t": k[2], "n": a[0], "total": a[1], "vmin": a[2], "vmax": a[3], "f": a[4]}
        for k, a in bucket.items()
    ]


def fold_rollups(rows: list[dict]) -> list[dict]:
    """Aggregates (s, q, t, n, total, vmin, vmax, f) with repeated keys combined into one each."""
    folded: dict[tuple, dict] = {}
    for row in rows:
        key = (row["s"], row["q"], row["t"])
        agg = folded.get(key)
        if agg is None:
            folded[key] = dict(row)
            continue
        agg["n"] += row["n"]
        agg["total"] += row["total"]
        agg["f"] += row["f"]
        for name, pick in (("vmin", min), ("vmax", max)):
            values = [v for v in (agg[name], row[name]) if v is not None]
            agg[name] = pick(values) if values else None
    return list(folded.values())
