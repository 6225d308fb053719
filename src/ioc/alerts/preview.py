"""What a rule, not saved, would have fired over the stored history: a replay of the engine's states per series.

The replay follows engine.step/advance_one: a true value makes a series pending (since that value's time),
a pending series fires once `for` has passed with every value true, a firing series resolves once it has been
false for `keep_firing_for`. Time between two values moves the series as the periodic tick would.
Kinds plug in through GATHERERS (the points of each series) and REPLAYERS (points → episodes).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from pydantic import BaseModel
from sqlalchemy.orm import Session

from ioc.alerts import engine, service
from ioc.alerts.schemas import RuleIn
from ioc.alerts.sources import INDEX_KINDS
from ioc.kit.errors import ValidationProblem
from ioc.kit.timeutil import utcnow
from ioc.sensors import service as sensors

MAX_DAYS = 7
MAX_SERIES = 100  # stations a preview replays; more must be named
MAX_POINTS = 20_000  # values of one series
MAX_TOTAL_POINTS = 300_000
CHART_SERIES = 12  # series whose values come back for the chart
CHART_POINTS = 1_000  # values per charted series (evenly thinned beyond)

Point = tuple[int, float]  # (epoch seconds, value)


@dataclass
class Episode:
    """One firing of a series: pending since `starts`, firing at `fired`, resolved at `ends` (None: still firing)."""

    series: str
    starts: int
    fired: int
    ends: int | None = None
    peak: float = 0.0
    points: int = 0


@dataclass
class Rule:
    """What the replay needs of a rule."""

    kind: str
    condition: dict[str, Any]
    for_seconds: int
    keep_firing_seconds: int
    ops: dict[str, Callable[[float, float], bool]] = field(default_factory=lambda: engine.OPERATORS)

    def holds(self, value: float) -> bool:
        """Whether the condition is true of the value."""
        return self.ops[self.condition["op"]](value, float(self.condition["value"]))

    def worse(self, a: float, b: float) -> float:
        """The value further past the threshold."""
        return min(a, b) if self.condition["op"] in ("<", "<=") else max(a, b)


class _Replay:
    """One series moving through inactive → pending → firing → inactive, as engine.step and advance_one move it."""

    def __init__(self, rule: Rule, series: str) -> None:
        self.rule, self.series = rule, series
        self.state, self.since, self.last_true, self.last_result = "inactive", None, None, False
        self.peak, self.count = 0.0, 0
        self.current: Episode | None = None
        self.out: list[Episode] = []

    def tick(self, now: int) -> None:
        """What the periodic tick does at `now`: fire a pending series after `for`, resolve a quiet one after keep."""
        rule = self.rule
        if self.state == "pending" and self.since is not None and now - self.since >= rule.for_seconds:
            self.current = Episode(self.series, self.since, now, peak=self.peak, points=self.count)
            self.state = "firing"
            self.out.append(self.current)
        elif self.state == "firing" and not self.last_result and self.current is not None:
            quiet = self.last_true if self.last_true is not None else self.since or now
            if now - quiet >= rule.keep_firing_seconds:
                self.current.ends, self.current, self.state, self.since = now, None, "inactive", None

    def wait_until(self, t: int) -> None:
        """The ticks before `t`: where `for` or `keep_firing_for` ran out strictly before it."""
        if self.state == "pending" and self.since is not None and self.since + self.rule.for_seconds < t:
            self.tick(self.since + self.rule.for_seconds)
        elif self.state == "firing" and not self.last_result:
            quiet = self.last_true if self.last_true is not None else self.since
            if quiet is not None and quiet + self.rule.keep_firing_seconds < t:
                self.tick(quiet + self.rule.keep_firing_seconds)

    def value(self, t: int, value: float) -> None:
        """A new value at `t` (engine.step)."""
        self.wait_until(t)
        self.last_result = self.rule.holds(value)
        if self.last_result:
            self.last_true = t
            if self.state == "inactive":
                self.state, self.since, self.peak, self.count = "pending", t, value, 0
            self.peak, self.count = self.rule.worse(self.peak, value), self.count + 1
            if self.current is not None:
                self.current.peak = self.rule.worse(self.current.peak, value)
                self.current.points += 1
        elif self.state == "pending":
            self.state, self.since = "inactive", None
        self.tick(t)


def replay_threshold(rule: Rule, series: str, points: list[Point], end: int) -> list[Episode]:
    """The episodes of one series under a threshold rule, values oldest first, the window closing at `end`."""
    replay = _Replay(rule, series)
    for t, value in points:
        replay.value(t, value)
    replay.wait_until(end)
    return replay.out


REPLAYERS: dict[str, Callable[[Rule, str, list[Point], int], list[Episode]]] = {
    "threshold": replay_threshold,
    "rate": replay_threshold,  # a rate is a threshold on the change per hour (see rate_points)
}


# ---- the stored history of each series ------------------------------------------------------------


def _too_many(field_name: str, message: str) -> ValidationProblem:
    return ValidationProblem(f"{field_name}: {message}", errors=[{"field": field_name, "message": message}])


def _stations(session: Session, condition: dict[str, Any]) -> list[Any]:
    quantity, codes = condition["quantity"], condition.get("stations")
    if codes:
        stations = [s for s in (sensors.get_station(session, c) for c in codes) if s is not None]
    elif quantity in INDEX_KINDS:
        stations = sensors.active_stations(session, [INDEX_KINDS[quantity][1]])
    else:
        stations = [s for s in sensors.active_stations(session) if quantity in (s.quantities or [])]
    if len(stations) > MAX_SERIES:
        raise _too_many("condition.stations", f"a preview replays at most {MAX_SERIES} stations; name some")
    return stations


def threshold_points(session: Session, rule: Rule, start: int, end: int) -> dict[str, tuple[str, list[Point]]]:
    """Station code → (name, values oldest first): hourly index values for aqi/wqi, good raw values otherwise."""
    quantity = rule.condition["quantity"]
    out: dict[str, tuple[str, list[Point]]] = {}
    total = 0
    for station in _stations(session, rule.condition):
        if quantity in INDEX_KINDS:
            rows = sensors.index_history(session, station, INDEX_KINDS[quantity][0], start, end)
            points = [(int(r.start), float(r.value)) for r in rows if r.value is not None]
        else:
            t0, t1 = datetime.fromtimestamp(start, UTC), datetime.fromtimestamp(end, UTC)
            raw = sensors.series(session, station.code, quantity, "raw", t0, t1, limit=MAX_POINTS + 1)["points"]
            points = [(int(p["time"].timestamp()), float(p["value"])) for p in raw if p.get("flag") == "good"]
        if len(points) > MAX_POINTS:
            raise _too_many("days", f"station {station.code} has more than {MAX_POINTS} values; preview fewer days")
        total += len(points)
        if total > MAX_TOTAL_POINTS:
            raise _too_many("days", f"more than {MAX_TOTAL_POINTS} values in all; preview fewer days or stations")
        out[station.code] = (station.name, points)
    return out


def rate_points(session: Session, rule: Rule, start: int, end: int) -> dict[str, tuple[str, list[Point]]]:
    """Station code → (name, change per hour at each raw value), as the evaluator derives it (engine.rate)."""
    window = int(rule.condition["window_seconds"])
    out: dict[str, tuple[str, list[Point]]] = {}
    # The window before the first value of the preview counts, so its first rate is not missing.
    for code, (name, points) in threshold_points(session, rule, start - window, end).items():
        kept: list = []
        rates: list[Point] = []
        for t, value in points:
            per_hour, kept = engine.rate(kept, t, value, window)
            if per_hour is not None and t >= start:
                rates.append((t, round(per_hour, 6)))
        out[code] = (name, rates)
    return out


GATHERERS: dict[str, Callable[[Session, Rule, int, int], dict[str, tuple[str, list[Point]]]]] = {
    "threshold": threshold_points,
    "rate": rate_points,
}


# ---- the answer -----------------------------------------------------------------------------------


class EpisodeOut(BaseModel):
    """One episode the rule would have fired."""

    series: str
    name: str
    startsAt: datetime  # noqa: N815 (Alertmanager spelling)
    firedAt: datetime  # noqa: N815
    endsAt: datetime | None  # noqa: N815
    peak: float
    points: int


class SeriesOut(BaseModel):
    """A replayed series with its values (thinned for the chart) and its number of episodes."""

    series: str
    name: str
    episodes: int
    points: list[tuple[datetime, float]]


class PreviewOut(BaseModel):
    """What the rule would have fired in the window, and counts."""

    start: datetime
    end: datetime
    threshold: float | None
    episodes: list[EpisodeOut]
    series: list[SeriesOut]
    counts: dict[str, int]
    replayable: bool = True  # False: the kind keeps no history (reports_overdue, indicator_off_track)
    reason: str | None = None  # why nothing was replayed


def _at(t: int | None) -> datetime | None:
    return None if t is None else datetime.fromtimestamp(t, UTC)


def _thin(points: list[Point]) -> list[tuple[datetime, float]]:
    step = max(1, -(-len(points) // CHART_POINTS))
    return [(_at(t), v) for t, v in points[::step]]  # type: ignore[misc]


def preview(session: Session, data: RuleIn, days: int = MAX_DAYS, now: datetime | None = None) -> dict[str, Any]:
    """Replay the rule over the last `days` days of stored values (at most 7): its episodes per series and counts."""
    if not 1 <= days <= MAX_DAYS:
        raise _too_many("days", f"between 1 and {MAX_DAYS}")
    from ioc.alerts import preview_kinds

    values = service.check_rule(session, data)
    kind = values["kind"]
    rule = Rule(kind, values["condition"], values["for_seconds"], values["keep_firing_seconds"])
    end_at = now or utcnow()
    start, end = int((end_at - timedelta(days=days)).timestamp()), int(end_at.timestamp())
    if kind in preview_kinds.NO_HISTORY:
        return _answer(rule, {}, [], {}, start, end) | {"replayable": False, "reason": preview_kinds.NO_HISTORY[kind]}
    if kind in preview_kinds.KINDS:
        history, found_of = preview_kinds.replay(session, rule, start, end)
    else:
        history = GATHERERS[kind](session, rule, start, end)
        found_of = {code: REPLAYERS[kind](rule, code, points, end) for code, (_, points) in history.items()}
    episodes: list[tuple[str, Episode]] = []
    per_series: dict[str, int] = {}
    for code, (name, _) in history.items():
        per_series[code] = len(found_of[code])
        episodes += [(name, e) for e in found_of[code]]
    episodes.sort(key=lambda pair: pair[1].starts)
    return _answer(rule, history, episodes, per_series, start, end)


def _answer(rule: Rule, history, episodes, per_series, start: int, end: int) -> dict[str, Any]:
    charted = sorted(history, key=lambda c: (-per_series[c], c))[:CHART_SERIES]
    threshold = rule.condition.get("value")
    return {
        "start": _at(start),
        "end": _at(end),
        "threshold": float(threshold) if isinstance(threshold, (int, float)) else None,
        "episodes": [
            {
                "series": e.series,
                "name": name,
                "startsAt": _at(e.starts),
                "firedAt": _at(e.fired),
                "endsAt": _at(e.ends),
                "peak": e.peak,
                "points": e.points,
            }
            for name, e in episodes
        ],
        "series": [
            {"series": c, "name": history[c][0], "episodes": per_series[c], "points": _thin(history[c][1])}
            for c in charted
        ],
        "counts": {
            "episodes": len(episodes),
            "firing": sum(1 for _, e in episodes if e.ends is None),
            "series": len(history),
            "seriesFiring": sum(1 for n in per_series.values() if n),
            "points": sum(len(p) for _, p in history.values()),
        },
    }
