"""The temporal API as QuantumLeap/Mintaka clients read it: lastN, timerel, temporalValues, aggregation."""

from __future__ import annotations

import pytest

from tests.ngsi_ld.conftest import BASE

# Readings every 20 minutes from 08:00 to 09:40 UTC on 20/11/2026: 10, 11, …, 15 °C.
TIMES = [f"2026-11-20T{8 + m // 60:02d}:{m % 60:02d}:00Z" for m in range(0, 120, 20)]
EID = "urn:ngsi-ld:TemperatureSensor:001"


@pytest.fixture
def history(client, ngsi):
    """Six measures of one sensor written through the IoT Agent's upsert."""
    for i, when in enumerate(TIMES):
        body = [
            {
                "id": EID,
                "type": "TemperatureSensor",
                "temperature": {"type": "Property", "value": 10 + i, "unitCode": "CEL", "observedAt": when},
            }
        ]
        res = client.post(f"{BASE}/entityOperations/upsert/", params={"options": "update"}, json=body, headers=ngsi)
        assert res.status_code in (201, 204), res.text
    return TIMES


def test_last_n_instances_oldest_first(client, ngsi, history):
    res = client.get(f"{BASE}/temporal/entities/{EID}", params={"lastN": 2}, headers=ngsi)
    assert res.status_code == 200, res.text
    body = res.json()
    assert body["id"] == EID and body["type"] == "TemperatureSensor"
    values = [(i["value"], i["observedAt"]) for i in body["temperature"]]
    assert values == [(14, "2026-11-20T09:20:00Z"), (15, "2026-11-20T09:40:00Z")]
    assert all(
        i["type"] == "Property" and i["unitCode"] == "CEL" and i["instanceId"].startswith("urn:")
        for i in body["temperature"]
    )


def test_timerel_between_before_after(client, ngsi, history):
    between = client.get(
        f"{BASE}/temporal/entities/{EID}",
        headers=ngsi,
        params={"timerel": "between", "timeAt": "2026-11-20T08:20:00Z", "endTimeAt": "2026-11-20T09:00:00Z"},
    ).json()
    assert [i["value"] for i in between["temperature"]] == [11, 12]
    before = client.get(
        f"{BASE}/temporal/entities/{EID}", headers=ngsi, params={"timerel": "before", "timeAt": "2026-11-20T08:30:00Z"}
    ).json()
    assert [i["value"] for i in before["temperature"]] == [10, 11]
    after = client.get(
        f"{BASE}/temporal/entities/{EID}",
        headers=ngsi,
        params={"timerel": "after", "timeAt": "2026-11-20T09:20:00Z", "lastN": "1"},
    ).json()
    assert [i["value"] for i in after["temperature"]] == [15]


def test_temporal_values(client, ngsi, history):
    body = client.get(
        f"{BASE}/temporal/entities/{EID}", headers=ngsi, params={"options": "temporalValues", "lastN": 3}
    ).json()
    assert body["temperature"] == {
        "type": "Property",
        "values": [[13, "2026-11-20T09:00:00Z"], [14, "2026-11-20T09:20:00Z"], [15, "2026-11-20T09:40:00Z"]],
    }


def test_hourly_and_daily_aggregation(client, ngsi, history):
    hourly = client.get(
        f"{BASE}/temporal/entities/{EID}",
        headers=ngsi,
        params={"aggrMethods": "avg,min,max,totalCount", "aggrPeriodDuration": "PT1H"},
    ).json()["temperature"]
    assert hourly["avg"] == [
        [11.0, "2026-11-20T08:00:00Z", "2026-11-20T09:00:00Z"],
        [14.0, "2026-11-20T09:00:00Z", "2026-11-20T10:00:00Z"],
    ]
    assert [row[0] for row in hourly["min"]] == [10.0, 13.0]
    assert [row[0] for row in hourly["max"]] == [12.0, 15.0]
    assert [row[0] for row in hourly["totalCount"]] == [3, 3]
    # A day in Asia/Ho_Chi_Minh: periods start at timeAt (17:00 UTC the day before).
    daily = client.get(
        f"{BASE}/temporal/entities/{EID}",
        headers=ngsi,
        params={
            "options": "aggregatedValues",
            "aggrMethods": "sum",
            "aggrPeriodDuration": "P1D",
            "timerel": "after",
            "timeAt": "2026-11-19T17:00:00Z",
        },
    ).json()["temperature"]
    assert daily["sum"] == [[75.0, "2026-11-19T17:00:00Z", "2026-11-20T17:00:00Z"]]


def test_query_temporal_entities_by_type(client, ngsi, history):
    client.post(
        f"{BASE}/entities",
        headers=ngsi,
        json={
            "id": "urn:ngsi-ld:TemperatureSensor:002",
            "type": "TemperatureSensor",
            "temperature": {"type": "Property", "value": 30, "observedAt": "2026-11-20T08:00:00Z"},
        },
    )
    res = client.get(
        f"{BASE}/temporal/entities",
        headers=ngsi,
        params={"type": "TemperatureSensor", "attrs": "temperature", "lastN": 1, "count": "true"},
    )
    assert res.status_code == 200 and res.headers["NGSILD-Results-Count"] == "2"
    assert [(e["id"], e["temperature"][0]["value"]) for e in res.json()] == [
        (EID, 15),
        ("urn:ngsi-ld:TemperatureSensor:002", 30),
    ]


def test_history_outlives_the_entity_and_unknown_is_404(client, ngsi, history):
    client.delete(f"{BASE}/entities/{EID}", headers=ngsi)
    assert client.get(f"{BASE}/temporal/entities/{EID}", params={"lastN": 1}, headers=ngsi).status_code == 200
    res = client.get(f"{BASE}/temporal/entities/urn:ngsi-ld:X:none", headers=ngsi)
    assert res.status_code == 404 and res.json()["type"].endswith("ResourceNotFound")


@pytest.mark.parametrize(
    "params, field",
    [
        ({"timerel": "after"}, "timeAt"),
        ({"timerel": "between", "timeAt": "2026-11-20T08:00:00Z"}, "endTimeAt"),
        ({"timerel": "during", "timeAt": "2026-11-20T08:00:00Z"}, "timerel"),
        ({"timerel": "after", "timeAt": "2026-11-20T08:00:00"}, "timeAt"),
        ({"lastN": "0"}, "lastN"),
        ({"aggrMethods": "median", "aggrPeriodDuration": "PT1H"}, "aggrMethods"),
        ({"aggrMethods": "avg", "aggrPeriodDuration": "P1M"}, "aggrPeriodDuration"),
    ],
)
def test_bad_temporal_parameters_are_named(client, ngsi, history, params, field):
    res = client.get(f"{BASE}/temporal/entities/{EID}", params=params, headers=ngsi)
    assert res.status_code == 400 and res.json()["detail"].startswith(f"{field}:")
