"""Previews of `all`/`any`, `absent` and `event_count` rules, replayed through the pure engine.

Each series becomes a list of observations (time, condition true, value) read from stored history; they go
through `engine.observe`, and `engine.tick` runs at the moments the periodic tick would have moved the series
between two observations (a `for` or a `keep_firing_for` running out). `absent` and `event_count` are loop
kinds: their condition only changes when data arrives, a silence outlasts its limit, or an event enters or
leaves the window, so those moments are the observations. `reports_overdue` and `indicator_off_track` keep
no history of their past values: there is nothing to replay (NO_HISTORY).
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy.orm import Session

from ioc.alerts import engine
from ioc.alerts.preview import MAX_POINTS, MAX_SERIES, MAX_TOTAL_POINTS, Episode, Point, Rule, threshold_points
from ioc.alerts.preview import _too_many as too_many
from ioc.alerts.sources import INDEX_KINDS
from ioc.areas import service as areas
from ioc.events import service as events
from ioc.sensors import service as sensors

KINDS = ("all", "any", "absent", "event_count")
NO_HISTORY = {
    "reports_overdue": "overdue counts per agency are not kept over time: there is no history to replay",
    "indicator_off_track": "indicator tracks are not kept over time: there is no history to replay",
}
Obs = tuple[int, bool, float]  # (epoch seconds, whether the condition holds, the value charted)
History = dict[str, tuple[str, list[Point]]]


def _at(t: int) -> datetime:
    return datetime.fromtimestamp(t, UTC)


def _due(s: engine.SeriesState, for_s: int, keep_s: int) -> int | None:
    """When the periodic tick would next move the series by itself (None: not before a new observation)."""
    if s.state == "pending" and s.since is not None:
        return int(s.since.timestamp()) + for_s
    if s.state == "firing" and not s.last_result:
        quiet = s.last_true_at or s.since
        return int(quiet.timestamp()) + keep_s if quiet is not None else None
    return None


class _Run:
    """One series through engine.observe / engine.tick, collecting its episodes."""

    def __init__(self, series: str, rule: Rule, worse) -> None:
        self.series, self.rule, self.worse = series, rule, worse
        self.s, self.out, self.current = engine.SeriesState(), [], None
        self.peak, self.count = 0.0, 0

    def _apply(self, t: int, action: str | None, since: datetime | None) -> None:
        if action == "fire" and since is not None:
            self.current = Episode(self.series, int(since.timestamp()), t, peak=self.peak, points=self.count)
            self.out.append(self.current)
        elif action == "resolve" and self.current is not None:
            self.current.ends, self.current = t, None

    def wait_until(self, t: int) -> None:
        """The tick where `for` or `keep_firing_for` ran out strictly before `t`."""
        due = _due(self.s, self.rule.for_seconds, self.rule.keep_firing_seconds)
        if due is not None and due < t:
            since = self.s.since
            self.s, action = engine.tick(self.s, _at(due), self.rule.for_seconds, self.rule.keep_firing_seconds)
            self._apply(due, action, since)

    def observe(self, t: int, true: bool, value: float) -> None:
        """A new result of the condition at `t`."""
        self.wait_until(t)
        before = self.s.state
        self.s, action = engine.observe(
            self.s, true, value, _at(t), self.rule.for_seconds, self.rule.keep_firing_seconds
        )
        if true:
            if before == "inactive":
                self.peak, self.count = value, 0
            self.peak, self.count = self.worse(self.peak, value), self.count + 1
            if self.current is not None:
                self.current.peak, self.current.points = self.worse(self.current.peak, value), self.current.points + 1
        self._apply(t, action, self.s.since)


def run(rule: Rule, series: str, observations: list[Obs], end: int, worse=max) -> list[Episode]:
    """The episodes of one series, observations oldest first, the window closing at `end`."""
    replay = _Run(series, rule, worse)
    for t, true, value in observations:
        replay.observe(t, true, value)
    replay.wait_until(end + 1)
    return replay.out


# ---- all / any: the latest value of each part's quantity at one station -------------------------------


def _boolean(session: Session, rule: Rule, start: int, end: int) -> dict[str, tuple[str, list[Obs]]]:
    cond = rule.condition
    quantities = list(dict.fromkeys(p["quantity"] for p in cond["conditions"]))
    codes = cond.get("stations")
    if not codes:
        kinds = {INDEX_KINDS[q][1] for q in quantities if q in INDEX_KINDS}
        codes = [s.code for s in sensors.active_stations(session)
                 if s.kind in kinds or set(quantities) & set(s.quantities or [])]  # fmt: skip
    if len(codes) > MAX_SERIES:
        raise too_many("condition.stations", f"a preview replays at most {MAX_SERIES} stations; name some")
    per_q = {q: threshold_points(session, Rule("threshold", {"quantity": q, "stations": codes}, 0, 0), start, end)
             for q in quantities} if codes else {}  # fmt: skip
    if sum(len(p) for h in per_q.values() for _, p in h.values()) > MAX_TOTAL_POINTS:
        raise too_many("days", f"more than {MAX_TOTAL_POINTS} values in all; preview fewer days or stations")
    out: dict[str, tuple[str, list[Obs]]] = {}
    for code in codes:
        merged = sorted((t, q, v) for q, h in per_q.items() if code in h for t, v in h[code][1])
        if not merged:
            continue
        name = next(h[code][0] for h in per_q.values() if code in h)
        known: dict[str, float] = {}
        obs: list[Obs] = []
        for i, (t, q, v) in enumerate(merged):
            known[q] = v
            if i + 1 < len(merged) and merged[i + 1][0] == t:
                continue  # the values of one time are one observation, as one batch is
            first = next((known[p["quantity"]] for p in cond["conditions"] if p["quantity"] in known), v)
            obs.append((t, engine.holds(cond, known), first))
        out[code] = (name, obs)
    return out


# ---- absent: silences longer than the station's limit ---------------------------------------------------


def _arrivals(session: Session, station: Any, start: int, end: int) -> list[int]:
    t0, t1 = _at(start), _at(end)
    times: set[int] = set()
    for quantity in station.quantities or []:
        raw = sensors.series(session, station.code, quantity, "raw", t0, t1, limit=MAX_POINTS + 1)["points"]
        if len(raw) > MAX_POINTS:
            raise too_many("days", f"station {station.code} has more than {MAX_POINTS} values; preview fewer days")
        times.update(int(p["time"].timestamp()) for p in raw)
    return sorted(times)


def _silences(arrivals: list[int], first: int, limit: int, start: int, end: int) -> list[Obs]:
    """Observations of one station: false at each arrival, true once a silence outlasts the limit."""
    obs: list[Obs] = []
    prev = first
    for t in [*arrivals, None]:
        until = end if t is None else t
        if prev + limit < until:
            at = max(start, prev + limit + 1)
            obs.append((at, True, round((at - prev) / 60, 1)))
        if t is not None:
            if t >= start:
                obs.append((t, False, 0.0))
            prev = t
    return obs


def _absent(session: Session, rule: Rule, start: int, end: int) -> dict[str, tuple[str, list[Obs]]]:
    cond = rule.condition
    stations = [s for s in sensors.active_stations(session)
                if (cond.get("stations") is None or s.code in cond["stations"])
                and (not cond.get("station_kind") or s.kind == cond["station_kind"])]  # fmt: skip
    if len(stations) > MAX_SERIES:
        raise too_many("condition.stations", f"a preview replays at most {MAX_SERIES} stations; name some")
    out: dict[str, tuple[str, list[Obs]]] = {}
    for st in stations:
        limit = max((cond.get("intervals") or 0) * st.interval_seconds, cond.get("duration_seconds") or 0)
        created = int(st.created_at.timestamp()) if st.created_at else start - limit
        arrivals = _arrivals(session, st, start - limit, end)
        first = max(start - limit, created)  # silence counts from the station's creation, or a backfilled value
        first = min(first, arrivals[0]) if arrivals else first
        out[st.code] = (st.name, _silences(arrivals, first, limit, start, end))
    return out


# ---- event_count: events entering and leaving the window ------------------------------------------------


def _event_count(session: Session, rule: Rule, start: int, end: int) -> dict[str, tuple[str, list[Obs]]]:
    cond = rule.condition
    window = int(cond["window_seconds"])
    codes = [cond["area"], *areas.area_labels(session, parent=cond["area"])]
    times = events.event_times(session, cond["category"], cond.get("sub_category"), codes,
                               _at(start - window), _at(end), MAX_TOTAL_POINTS + 1)  # fmt: skip
    if len(times) > MAX_TOTAL_POINTS:
        raise too_many("days", f"more than {MAX_TOTAL_POINTS} events in the window; preview fewer days")
    changes = sorted([(int(t.timestamp()), 1) for t in times] + [(int(t.timestamp()) + window, -1) for t in times])
    n, obs = sum(1 for t, d in changes if d > 0 and start - window <= t < start and t + window > start), []
    obs.append((start, engine.compare(cond["op"], n, cond["value"]), float(n)))
    for t, delta in changes:
        if start <= t <= end:
            n += delta
            obs.append((t, engine.compare(cond["op"], n, cond["value"]), float(n)))
    name = areas.area_labels(session, [cond["area"]]).get(cond["area"], cond["area"])
    return {cond["area"]: (name, obs)}


GATHERERS = {"all": _boolean, "any": _boolean, "absent": _absent, "event_count": _event_count}


def replay(session: Session, rule: Rule, start: int, end: int) -> tuple[History, dict[str, list[Episode]]]:
    """The charted values and the episodes of each series of a rule of one of KINDS."""
    observed = GATHERERS[rule.kind](session, rule, start, end)
    worse = min if rule.kind == "event_count" and rule.condition["op"] in ("<", "<=") else max
    history = {code: (name, [(t, v) for t, _, v in obs]) for code, (name, obs) in observed.items()}
    return history, {code: run(rule, code, obs, end, worse) for code, (_, obs) in observed.items()}
