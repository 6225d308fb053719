"""Input sent to hurt the server: runaway patterns, deep brackets, deep values, NUL, huge entities."""

from __future__ import annotations

import json

import pytest

from ioc.ngsi_ld import qlang
from ioc.ngsi_ld.context import LdContext
from ioc.ngsi_ld.errors import NgsiProblem
from tests.ngsi_ld.conftest import BASE, air_entity

ERR = "https://uri.etsi.org/ngsi-ld/errors/"
EVIL = "(.*.*)*XZ"  # Python's re backtracks exponentially on it: thirty characters take minutes


def nested(depth: int, leaf=1):
    """A JSON value of `depth` nested arrays around a leaf."""
    return json.loads("[" * depth + json.dumps(leaf) + "]" * depth)


def test_the_runaway_pattern_matcher_finishes_on_thirty_characters():
    query = qlang.parse(f'name~="{EVIL}"', LdContext())
    assert qlang.matches(query, {"name": {"type": "Property", "value": "a" * 30}}) is False
    assert qlang.matches(query, {"name": {"type": "Property", "value": "a" * 30 + "XZ"}}) is True


def test_the_query_that_froze_the_server_answers_as_a_leader(client, ngsi, make_user):
    items = [
        air_entity("urn:ngsi-ld:AirQualityObserved:plain", name={"type": "Property", "value": "a" * 30}),
        air_entity("urn:ngsi-ld:AirQualityObserved:hit", name={"type": "Property", "value": "Trạm " + "a" * 30 + "XZ"}),
    ]
    assert client.post(f"{BASE}/entityOperations/create", json=items, headers=ngsi).status_code == 201
    _, leader = make_user("leader")
    res = client.get(f"{BASE}/entities", params={"type": "AirQualityObserved", "q": f'name~="{EVIL}"'}, headers=leader)
    assert res.status_code == 200, res.text
    assert [e["id"] for e in res.json()] == ["urn:ngsi-ld:AirQualityObserved:hit"]
    assert client.get("/healthz").status_code == 200


@pytest.mark.parametrize(
    "param, value",
    [
        ("q", r'name~="(a)\1"'),
        ("q", 'name~="(?=a)b"'),
        ("q", 'name~="(?<!a)b"'),
        ("q", 'name~="' + "a" * 600 + '"'),
        ("idPattern", r"urn:(x)\1"),
        ("idPattern", "(?=urn).*"),
    ],
)
def test_patterns_re2_cannot_run_are_400_with_a_reason(client, ngsi, param, value):
    params = {"type": "Lamp", param: value}
    res = client.get(f"{BASE}/entities", params=params, headers=ngsi)
    assert res.status_code == 400, res.text
    body = res.json()
    assert body["type"] == ERR + "BadRequestData"
    assert body["detail"].startswith(f"{param}:")
    assert "RE2" in body["detail"] or "at most 512 characters" in body["detail"]


def test_id_pattern_runs_on_re2(client, ngsi):
    for i in ("1", "22"):
        client.post(f"{BASE}/entities", json={"id": f"urn:ngsi-ld:Lamp:{i}", "type": "Lamp"}, headers=ngsi)
    res = client.get(f"{BASE}/entities", params={"idPattern": r"urn:ngsi-ld:Lamp:\d{2}"}, headers=ngsi)
    assert [e["id"] for e in res.json()] == ["urn:ngsi-ld:Lamp:22"]
    slow = client.get(f"{BASE}/entities", params={"idPattern": "(urn.*.*)*XZ"}, headers=ngsi)
    assert slow.status_code == 200 and slow.json() == []


def test_subscription_patterns_are_checked_with_re2(client, ngsi):
    sub = {
        "type": "Subscription",
        "entities": [{"type": "Lamp", "idPattern": "(?=urn).*"}],
        "notification": {"endpoint": {"uri": "http://127.0.0.1:9/notify"}},
    }
    res = client.post(f"{BASE}/subscriptions", json=sub, headers=ngsi)
    assert res.status_code == 400 and res.json()["detail"].startswith("entities[0].idPattern:")
    sub["entities"] = [{"type": "Lamp"}]
    sub["q"] = 'state~="(a)\\1"'
    res = client.post(f"{BASE}/subscriptions", json=sub, headers=ngsi)
    assert res.status_code == 400 and res.json()["detail"].startswith("q:")
    sub["q"] = 12
    assert client.post(f"{BASE}/subscriptions", json=sub, headers=ngsi).status_code == 400


def test_five_thousand_brackets_are_400_not_a_crash(client, ngsi):
    q = "(" * 5000 + "a==1" + ")" * 5000
    res = client.get(f"{BASE}/entities", params={"type": "Lamp", "q": q}, headers=ngsi)
    assert res.status_code == 400 and res.json()["type"] == ERR + "BadRequestData"
    assert "at most 4096 characters" in res.json()["detail"]
    deep = "(" * 100 + "a==1" + ")" * 100
    res = client.get(f"{BASE}/entities", params={"type": "Lamp", "q": deep}, headers=ngsi)
    assert res.status_code == 400 and "nested deeper than 32" in res.json()["detail"]
    fine = "(" * 32 + "a==1" + ")" * 32
    assert client.get(f"{BASE}/entities", params={"type": "Lamp", "q": fine}, headers=ngsi).status_code == 200


def test_the_parser_refuses_depth_below_the_stack_limit():
    with pytest.raises(NgsiProblem, match="nested deeper"):
        qlang.parse("(" * 33 + "a==1" + ")" * 33, LdContext())


LAMP_HISTORY = f"{BASE}/temporal/entities/urn:ngsi-ld:Lamp:1"


@pytest.mark.parametrize(
    "url, params, field",
    [
        (f"{BASE}/entities", {"type": "Lamp", "offset": "99999999999999999999"}, "offset"),
        (f"{BASE}/subscriptions", {"offset": "99999999999999999999"}, "offset"),
        (LAMP_HISTORY, {"lastN": "99999999999999999999"}, "lastN"),
        (LAMP_HISTORY, {"timerel": "before", "timeAt": "9999-12-31T23:59:59-12:00"}, "timeAt"),
        (LAMP_HISTORY, {"timerel": "after", "timeAt": "0001-01-01T00:00:00+01:00"}, "timeAt"),
        (LAMP_HISTORY, {"aggrMethods": "avg", "aggrPeriodDuration": "P99999999999D"}, "aggrPeriodDuration"),
        (LAMP_HISTORY, {"aggrMethods": "avg", "aggrPeriodDuration": "P0D"}, "aggrPeriodDuration"),
        (f"{BASE}/entities", {"type": "Lamp", "q": "p.observedAt>0001-01-01T00:00:00+01:00"}, "q"),
    ],
)
def test_extreme_numbers_and_dates_in_queries_are_400(client, ngsi, url, params, field):
    client.post(
        f"{BASE}/entities",
        json={"id": "urn:ngsi-ld:Lamp:1", "type": "Lamp", "p": {"type": "Property", "value": 1}},
        headers=ngsi,
    )
    res = client.get(url, params=params, headers=ngsi)
    assert res.status_code == 400, res.text
    assert res.json()["detail"].startswith(f"{field}:")


def test_instances_at_the_edges_of_the_calendar_store_and_aggregate(client, ngsi):
    early = {"type": "Property", "value": 1, "observedAt": "0001-01-01T00:00:00Z"}
    late = {"type": "Property", "value": 2, "observedAt": "9999-12-31T23:00:00Z"}
    assert (
        client.post(
            f"{BASE}/entityOperations/upsert",
            headers=ngsi,
            json=[
                {"id": "urn:ngsi-ld:Lamp:1", "type": "Lamp", "p": early},
                {"id": "urn:ngsi-ld:Lamp:1", "type": "Lamp", "p": late},
            ],
        ).status_code
        == 201
    )
    bad = {"id": "urn:ngsi-ld:Lamp:2", "type": "Lamp", "p": {**early, "observedAt": "0001-01-01T00:00:00+01:00"}}
    res = client.post(f"{BASE}/entities", json=bad, headers=ngsi)
    assert res.status_code == 400 and res.json()["detail"].startswith("p.observedAt:")
    for period in ("P36600D", "PT1S"):
        res = client.get(LAMP_HISTORY, params={"aggrMethods": "totalCount", "aggrPeriodDuration": period}, headers=ngsi)
        assert res.status_code == 200, res.text
        assert sum(v[0] for v in res.json()["p"]["totalCount"]) == 2
