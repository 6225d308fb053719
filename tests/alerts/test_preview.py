"""The preview replays a rule, not saved, over stored history with the engine's `for` and `keep_firing_for`."""

from __future__ import annotations

from datetime import timedelta

from ioc.alerts.models import AlertRule, AlertSeries
from ioc.alerts.preview import Rule, replay_threshold
from ioc.kit.timeutil import utcnow
from tests.alerts.support import RULE, pm25

H = 3600


def _rule(op=">", value=100.0, for_s=0, keep=0) -> Rule:
    return Rule("threshold", {"quantity": "pm25", "op": op, "value": value}, for_s, keep)


def test_for_holds_back_a_short_spike_and_fires_a_long_one():
    rule = _rule(for_s=2 * H)
    spike = [(0, 150.0), (H, 50.0), (2 * H, 50.0)]
    assert replay_threshold(rule, "S", spike, 10 * H) == []
    long = [(0, 150.0), (H, 180.0), (2 * H, 160.0), (3 * H, 50.0)]
    [ep] = replay_threshold(rule, "S", long, 10 * H)
    assert (ep.starts, ep.fired, ep.ends, ep.peak) == (0, 2 * H, 3 * H, 180.0)


def test_for_elapses_between_values_as_the_tick_would():
    [ep] = replay_threshold(_rule(for_s=600), "S", [(0, 150.0), (H, 50.0)], 10 * H)
    assert (ep.starts, ep.fired, ep.ends) == (0, 600, H)


def test_keep_firing_for_bridges_a_dip_and_ends_after_the_last_true_value():
    rule = _rule(keep=2 * H)
    points = [(0, 150.0), (H, 50.0), (2 * H, 150.0), (3 * H, 50.0), (4 * H, 50.0), (5 * H, 50.0), (6 * H, 50.0)]
    [ep] = replay_threshold(rule, "S", points, 10 * H)
    assert (ep.starts, ep.fired, ep.ends, ep.points) == (0, 0, 4 * H, 2)


def test_still_firing_at_the_end_has_no_end_and_below_rules_keep_the_lowest_peak():
    [ep] = replay_threshold(_rule(op="<", value=5.0), "S", [(0, 9.0), (H, 3.0), (2 * H, 1.0)], 3 * H)
    assert ep.ends is None and ep.peak == 1.0 and ep.starts == H


def test_preview_api_finds_the_episode_and_writes_nothing(client, db, make_user, make_station):
    make_station("AQ-1", quantities=["pm25", "pm10"])
    make_station("AQ-2", quantities=["pm25", "pm10"])
    pm25(db, "AQ-1", 120.0, hours=3, ago=30)  # AQI above 150 for three hours, thirty hours ago
    pm25(db, "AQ-1", 5.0, hours=20, ago=6)
    pm25(db, "AQ-2", 5.0, hours=20, ago=6)
    db.commit()
    _, headers = make_user("admin")
    res = client.post("/api/v1/alert-rules/preview", json=RULE, headers=headers)
    assert res.status_code == 200, res.text
    body = res.json()
    assert body["counts"]["episodes"] == 1 and body["counts"]["series"] == 2 and body["counts"]["seriesFiring"] == 1
    [ep] = body["episodes"]
    assert ep["series"] == "AQ-1" and ep["name"] == "Trạm AQ-1" and ep["peak"] > 150 and ep["endsAt"]
    assert ep["firedAt"] > ep["startsAt"]
    assert body["series"][0]["series"] == "AQ-1" and body["series"][0]["episodes"] == 1
    assert body["threshold"] == 150
    raw = dict(RULE, condition={"quantity": "pm25", "op": ">", "value": 100, "stations": ["AQ-1"]}, **{"for": "0s"})
    res = client.post("/api/v1/alert-rules/preview", json=raw, headers=headers)
    assert res.status_code == 200 and res.json()["counts"]["episodes"] == 1, res.text
    assert res.json()["episodes"][0]["points"] == 3
    assert db.query(AlertRule).count() == 0 and db.query(AlertSeries).count() == 0


def test_preview_is_bounded_and_says_which_field(client, make_user, make_station):
    make_station("AQ-1")
    _, headers = make_user("admin")
    url = "/api/v1/alert-rules/preview"
    assert client.post(url, params={"days": 8}, json=RULE, headers=headers).status_code == 422
    bad = dict(RULE, condition={"quantity": "nope", "op": ">", "value": 1})
    res = client.post(url, json=bad, headers=headers)
    assert res.status_code == 422 and res.json()["errors"][0]["field"] == "condition.quantity"
    res = client.post(url, json=dict(RULE, **{"for": "9d"}), headers=headers)
    assert res.status_code == 422 and res.json()["errors"][0]["field"] == "for"
    _, leader = make_user("leader")
    assert client.post(url, json=RULE, headers=leader).status_code == 403


def test_preview_of_a_quiet_week_is_empty(client, make_user, make_station):
    make_station("AQ-1")
    _, headers = make_user("operator")
    res = client.post("/api/v1/alert-rules/preview", params={"days": 1}, json=RULE, headers=headers)
    assert res.status_code == 200
    body = res.json()
    assert body["episodes"] == [] and body["counts"]["points"] == 0
    assert utcnow() - timedelta(days=1, minutes=1) < _parse(body["start"])


def _parse(text: str):
    from datetime import datetime

    return datetime.fromisoformat(text.replace("Z", "+00:00"))


def test_preview_of_a_rate_rule_finds_the_steep_rise_only(client, db, make_user, make_station):
    make_station("AQ-R", quantities=["pm25", "pm10"])
    for ago, value in ((40, 10.0), (39, 10.5), (38, 11.0), (12, 10.0), (11, 45.0), (10, 90.0), (9, 92.0), (8, 91.0)):
        pm25(db, "AQ-R", value, hours=1, ago=ago)
    db.commit()
    _, headers = make_user("admin")
    rule = {
        "key": "pm25-rising",
        "name": "PM2,5 tăng nhanh",
        "kind": "rate",
        "condition": {"quantity": "pm25", "op": ">", "value": 20, "window": "2h", "stations": ["AQ-R"]},
    }
    res = client.post("/api/v1/alert-rules/preview", json=rule, headers=headers)
    assert res.status_code == 200, res.text
    [ep] = res.json()["episodes"]  # the slow drift 40 hours ago stays quiet; the rise 11–10 hours ago fires
    assert ep["series"] == "AQ-R" and ep["peak"] >= 35 and ep["endsAt"] is not None
    assert db.query(AlertRule).count() == 0
