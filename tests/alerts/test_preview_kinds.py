"""The preview of all/any, absent and event_count rules replays stored history through the pure engine;
reports_overdue and indicator_off_track say there is no history to replay."""

from __future__ import annotations

from datetime import timedelta

from ioc.alerts.preview import Rule, replay_threshold
from ioc.alerts.preview_kinds import run
from ioc.auth.principal import SYSTEM
from ioc.events import service as events
from ioc.events.schemas import EventIn
from ioc.kit.timeutil import utcnow
from ioc.sensors import service as sensors
from tests.events.conftest import HAI_CHAU

H = 3600
URL = "/api/v1/alert-rules/preview"


def test_the_engine_replay_agrees_with_the_threshold_replay():
    rule = Rule("threshold", {"quantity": "pm25", "op": ">", "value": 100.0}, 600, 2 * H)
    points = [(0, 150.0), (H, 50.0), (2 * H, 150.0), (3 * H, 50.0), (4 * H, 50.0), (7 * H, 50.0)]
    mine = run(rule, "S", [(t, v > 100, v) for t, v in points], 10 * H)
    theirs = replay_threshold(rule, "S", points, 10 * H)
    assert [(e.starts, e.fired, e.ends, e.peak) for e in mine] == [(e.starts, e.fired, e.ends, e.peak) for e in theirs]
    assert [(e.starts, e.fired, e.ends) for e in mine] == [(0, 600, 4 * H)]  # for elapses between values


def _hourly(db, code: str, quantity: str, values: list[float], ago: int) -> None:
    newest = utcnow().replace(minute=0, second=0, microsecond=0) - timedelta(hours=ago)
    n = len(values)
    rows = [{"station": code, "quantity": quantity, "time": (newest - timedelta(hours=n - 1 - i)).isoformat(),
             "value": v} for i, v in enumerate(values)]  # fmt: skip
    assert sensors.ingest(db, SYSTEM, rows, source="test").stored == n
    db.flush()


def _rule(kind: str, condition: dict, **over) -> dict:
    return {"key": f"p-{kind}", "name": f"Xem trước {kind}", "kind": kind, "condition": condition} | over


def test_all_fires_only_when_both_parts_hold_and_any_when_one_does(client, db, make_user, make_station):
    make_station("AQ-B", quantities=["pm25", "pm10"])
    _hourly(db, "AQ-B", "pm25", [20, 150, 160, 170, 20, 20], ago=30)
    _hourly(db, "AQ-B", "pm10", [20, 20, 200, 210, 220, 20], ago=30)
    db.commit()
    _, headers = make_user("admin")
    parts = [{"quantity": "pm25", "op": ">", "value": 100}, {"quantity": "pm10", "op": ">", "value": 150}]
    both = client.post(URL, json=_rule("all", {"conditions": parts}), headers=headers)
    assert both.status_code == 200, both.text
    [ep] = both.json()["episodes"]  # pm25 and pm10 together for two hours
    assert ep["series"] == "AQ-B" and ep["points"] == 2 and ep["endsAt"] is not None
    either = client.post(URL, json=_rule("any", {"conditions": parts}), headers=headers).json()
    [ep_any] = either["episodes"]  # one long episode: pm25 from the 2nd hour, pm10 to the 5th
    assert ep_any["startsAt"] < ep["startsAt"] and ep_any["endsAt"] > ep["endsAt"]


def test_absent_fires_on_a_silence_longer_than_its_intervals(client, db, make_user, make_station):
    make_station("AQ-S", quantities=["pm25"], interval=3600)
    _hourly(db, "AQ-S", "pm25", [10] * 5, ago=40)
    _hourly(db, "AQ-S", "pm25", [10] * 5, ago=20)  # a gap of 15 hours between them
    db.commit()
    _, headers = make_user("admin")
    res = client.post(URL, json=_rule("absent", {"stations": ["AQ-S"], "intervals": 3}), headers=headers)
    assert res.status_code == 200, res.text
    episodes = res.json()["episodes"]
    assert len(episodes) == 2  # the 15-hour gap, and the silence since the last value 20 hours ago
    gap, now = episodes
    assert gap["endsAt"] is not None and now["endsAt"] is None
    assert res.json()["counts"]["firing"] == 1


def test_event_count_fires_while_enough_events_are_in_the_window(client, db, make_user, province):
    base = utcnow() - timedelta(hours=30)
    items = [EventIn(category="traffic", severity="high", occurred_at=base + timedelta(minutes=m), lat=HAI_CHAU[0],
                     lon=HAI_CHAU[1], source="test", source_id=f"pv-{m}", title="Va chạm")
             for m in (0, 10, 20, 300)]  # fmt: skip
    events.record(db, SYSTEM, items)
    db.commit()
    _, headers = make_user("admin")
    cond = {"category": "traffic", "area": province, "window": "1h", "value": 2}
    res = client.post(URL, json=_rule("event_count", cond), headers=headers)
    assert res.status_code == 200, res.text
    [ep] = res.json()["episodes"]  # three crashes within the hour; the fourth, hours later, alone
    assert ep["series"] == province and ep["peak"] == 3 and ep["endsAt"] is not None
    assert _minutes(ep["startsAt"], base) == 20 and _minutes(ep["endsAt"], base) == 60  # the first leaves the window


def _minutes(text: str, base) -> float:
    from datetime import datetime

    return round((datetime.fromisoformat(text.replace("Z", "+00:00")) - base).total_seconds() / 60)


def test_kinds_without_history_say_so(client, db, make_user, catalogue):
    _, headers = make_user("admin")
    off = _rule("indicator_off_track", {"indicators": ["BUDGET_REVENUE"], "areas": [catalogue]})
    for body in (off, _rule("reports_overdue", {"value": 2})):
        res = client.post(URL, json=body, headers=headers)
        assert res.status_code == 200, res.text
        out = res.json()
        assert out["replayable"] is False and "no history" in out["reason"] and out["episodes"] == []
    bad = _rule("event_count", {"category": "traffic", "area": catalogue, "window": "2 giờ", "value": 2})
    res = client.post(URL, json=bad, headers=headers)
    assert res.status_code == 422 and res.json()["errors"][0]["field"] == "condition.window"
