"""The temporal API: attribute history as instances, temporalValues, or aggregated per period."""

from __future__ import annotations

import math
import re
from collections import defaultdict
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy.orm import Session

from ioc.ngsi_ld import repository
from ioc.ngsi_ld.attrs import parse_time, plain_value
from ioc.ngsi_ld.context import LdContext
from ioc.ngsi_ld.errors import bad_data, not_found
from ioc.ngsi_ld.models import NgsiAttrInstance

AGGR_METHODS = ("totalCount", "distinctCount", "sum", "avg", "min", "max", "stddev", "sumsq")
MAX_INSTANCES = 10_000
_DURATION = re.compile(r"^P(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?)?$")
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_MAX_PERIOD = timedelta(days=36_600)  # a century: periods end before the calendar does
_START_OF_TIME, _END_OF_TIME = datetime.min.replace(tzinfo=UTC), datetime.max.replace(tzinfo=UTC)


@dataclass
class TemporalQuery:
    """What slice of history to answer, and in which representation."""

    after: datetime | None = None
    before: datetime | None = None
    origin: datetime | None = None  # where aggregation periods start
    last_n: int | None = None
    attrs: list[str] | None = None
    time_column: str = "observed_at"
    simplified: bool = False
    aggr_methods: list[str] | None = None
    aggr_period: timedelta | None = None


def parse_duration(text: str) -> timedelta:
    """An ISO 8601 duration without years or months (PT1H, P1D, P1DT12H); 400 otherwise."""
    match = _DURATION.match(text or "")
    if not match or text in ("P", "PT"):
        raise bad_data("aggrPeriodDuration", f"an ISO 8601 duration such as PT1H or P1D, got {text!r}")
    weeks, days, hours, minutes, seconds = (float(g) if g else 0.0 for g in match.groups())
    try:
        period = timedelta(weeks=weeks, days=days, hours=hours, minutes=minutes, seconds=seconds)
    except OverflowError:
        period = _MAX_PERIOD * 2
    if not timedelta(0) < period <= _MAX_PERIOD:
        raise bad_data("aggrPeriodDuration", f"must be longer than zero and at most P{_MAX_PERIOD.days}D")
    return period


def parse_query(params: dict[str, str], ctx: LdContext, flags: set[str]) -> TemporalQuery:
    """The temporal parameters of a request, checked; 400 naming the bad one."""
    tq = TemporalQuery(attrs=[ctx.canonical(a) for a in params.get("attrs", "").split(",") if a] or None)
    timerel = params.get("timerel")
    if timerel:
        if timerel not in ("before", "after", "between"):
            raise bad_data("timerel", "one of before, after, between")
        if "timeAt" not in params:
            raise bad_data("timeAt", f"is required with timerel={timerel}")
        at = parse_time(params["timeAt"], "timeAt")
        if timerel == "before":
            tq.before = at
        else:
            tq.after = tq.origin = at
        if timerel == "between":
            if "endTimeAt" not in params:
                raise bad_data("endTimeAt", "is required with timerel=between")
            tq.before = parse_time(params["endTimeAt"], "endTimeAt")
            if tq.before <= at:
                raise bad_data("endTimeAt", "must be later than timeAt")
    tq.time_column = {"observedAt": "observed_at", "modifiedAt": "recorded_at", "createdAt": "recorded_at"}.get(
        params.get("timeproperty", "observedAt"), ""
    )
    if not tq.time_column:
        raise bad_data("timeproperty", "one of observedAt, modifiedAt, createdAt")
    if params.get("lastN"):
        if not params["lastN"].isdigit() or not 1 <= int(params["lastN"]) <= MAX_INSTANCES:
            raise bad_data("lastN", f"must be a positive integer, at most {MAX_INSTANCES}")
        tq.last_n = int(params["lastN"])
    tq.simplified = bool(flags & {"temporalValues", "keyValues"})
    if params.get("aggrMethods") or "aggregatedValues" in flags:
        tq.aggr_methods = _methods(params.get("aggrMethods", ""))
        if params.get("aggrPeriodDuration") and params["aggrPeriodDuration"] != "PT0S":
            tq.aggr_period = parse_duration(params["aggrPeriodDuration"])
    return tq


def _methods(raw: str) -> list[str]:
    methods = [m.strip() for m in raw.split(",") if m.strip()]
    if not methods:
        raise bad_data("aggrMethods", f"is required for aggregated values: {', '.join(AGGR_METHODS)}")
    unknown = [m for m in methods if m not in AGGR_METHODS]
    if unknown:
        raise bad_data("aggrMethods", f"unknown {', '.join(unknown)}; one of {', '.join(AGGR_METHODS)}")
    return methods


def entity_history(
    session: Session, tenant: str, entity_id: str, tq: TemporalQuery, ctx: LdContext, entity_type: str | None = None
) -> dict[str, Any]:
    """The temporal representation of one entity; 404 if it never existed in this tenant."""
    if entity_type is None:
        row = repository.get_entity(session, tenant, entity_id)
        entity_type = row.type if row else repository.history_entity_type(session, tenant, entity_id)
    if entity_type is None:
        raise not_found(f"entity {entity_id}")
    rows = repository.history(
        session,
        tenant,
        entity_id,
        attrs=tq.attrs,
        time_column=tq.time_column,
        after=tq.after,
        before=tq.before,
        last_n=tq.last_n,
        limit=MAX_INSTANCES,
    )
    by_attr: dict[str, list[NgsiAttrInstance]] = defaultdict(list)
    for r in rows:
        by_attr[r.attr].append(r)
    out: dict[str, Any] = {"id": entity_id, "type": ctx.compact(entity_type)}
    for name, instances in by_attr.items():
        if tq.aggr_methods:
            out[ctx.compact(name)] = _aggregated(instances, tq)
        elif tq.simplified:
            out[ctx.compact(name)] = _simplified(instances)
        else:
            out[ctx.compact(name)] = [_instance(i) for i in instances]
    return out


def _iso(value: datetime) -> str:
    return value.isoformat().replace("+00:00", "Z")


def _instance(row: NgsiAttrInstance) -> dict[str, Any]:
    return {**row.instance, "instanceId": f"urn:ngsi-ld:attribute:instance:{row.pk}"}


def _simplified(rows: list[NgsiAttrInstance]) -> dict[str, Any]:
    kind = rows[0].instance.get("type", "Property")
    key = "objects" if kind == "Relationship" else "values"
    return {"type": kind, key: [[plain_value(r.instance), _iso(r.observed_at)] for r in rows]}


def _bucket(t: datetime, tq: TemporalQuery, first: datetime) -> tuple[datetime, datetime]:
    if tq.aggr_period is None:
        return first, tq.before or t
    origin = tq.origin or _EPOCH
    n = math.floor((t - origin) / tq.aggr_period)
    return _shifted(origin, n * tq.aggr_period), _shifted(origin, (n + 1) * tq.aggr_period)


def _shifted(origin: datetime, by: timedelta) -> datetime:
    # The period of an instance observed near year 1 or 9999 may begin or end outside the calendar.
    try:
        return origin + by
    except OverflowError:
        return _END_OF_TIME if by > timedelta(0) else _START_OF_TIME


def _aggregated(rows: list[NgsiAttrInstance], tq: TemporalQuery) -> dict[str, Any]:
    groups: dict[tuple[datetime, datetime], list[Any]] = {}
    last = rows[-1].observed_at
    for r in rows:
        span = _bucket(r.observed_at, tq, rows[0].observed_at)
        if tq.aggr_period is None:
            span = (span[0], tq.before or last)
        groups.setdefault(span, []).append(r.num_value if r.num_value is not None else plain_value(r.instance))
    out: dict[str, Any] = {"type": rows[0].instance.get("type", "Property")}
    for method in tq.aggr_methods or []:
        out[method] = [[_aggregate(method, values), _iso(s), _iso(e)] for (s, e), values in groups.items()]
    return out


def _aggregate(method: str, values: list[Any]) -> Any:
    if method == "totalCount":
        return len(values)
    if method == "distinctCount":
        return len({repr(v) for v in values})
    nums = [float(v) for v in values if isinstance(v, (int, float)) and not isinstance(v, bool)]
    if not nums:
        return None
    mean = sum(nums) / len(nums)
    return {
        "sum": sum(nums),
        "avg": mean,
        "min": min(nums),
        "max": max(nums),
        "sumsq": sum(n * n for n in nums),
        "stddev": math.sqrt(sum((n - mean) ** 2 for n in nums) / len(nums)),
    }[method]
