"""The demo's traffic counters follow one smooth daily curve: seeded history and the live simulator meet
without a jump (a count that fell from ~1,600 to ~260 vehicles/h at a boundary looked like a broken sensor)."""

from __future__ import annotations

from ioc.environment import demo_signals as signals


class Midpoint:
    """A random source without noise: every draw is the middle of its range."""

    def uniform(self, a: float, b: float) -> float:
        return (a + b) / 2


def test_traffic_flow_changes_gradually_over_every_five_minutes_of_a_day():
    day = 1_764_633_600  # a midnight UTC; the curve is read in local time
    flows = [signals.traffic(day + t, 1.4, Midpoint())["intensity"] for t in range(0, 2 * 86400 + 300, 300)]
    steps = [abs(b - a) / max(a, b) for a, b in zip(flows, flows[1:], strict=False)]
    assert max(steps) < 0.06, max(steps)
    assert min(flows) > 0.1 * max(flows)  # quiet at night, never empty


def test_history_and_live_readings_come_from_the_same_model():
    names, generator = signals.GENERATORS["traffic"]
    assert generator is signals.traffic and names == signals.TRAFFIC
    ts = 1_764_633_600 + 16 * 3600  # 23:00 in Vietnam, where the old curve stepped down
    before, after = (signals.traffic(t, 1.4, Midpoint())["intensity"] for t in (ts - 300, ts))
    assert abs(after - before) / before < 0.06
