"""The live stream filters every event for its subscriber: two agencies' officers and an operator at once."""

from __future__ import annotations

import json
import re
from contextlib import ExitStack

import httpx
import pytest

HEARTBEATS_BEFORE_GIVING_UP = 2  # a missing event fails the test instead of hanging it


@pytest.fixture
def world(client, make_user, province) -> dict:
    """Agencies A and B covering one ward, a private category of A, public ones of A and B, and their people."""
    _, admin = make_user("admin")
    ward = client.get("/api/v1/areas", params={"level": "ward", "page_size": 1}).json()["items"][0]
    for code in ("AG_A", "AG_B"):
        assert client.put(
            f"/api/v1/agencies/{code}",
            headers=admin,
            json={"code": code, "name": f"Sở {code}", "kind": "department", "area_codes": [ward["code"]]},
        ).is_success
    for code, agency, public in (("PRIV_A", "AG_A", False), ("PUB_A", "AG_A", True), ("PUB_B", "AG_B", True)):
        assert client.put(
            f"/api/v1/feedback/categories/{code}",
            headers=admin,
            json={"code": code, "name": f"Lĩnh vực {code}", "default_agency_code": agency, "public": public},
        ).is_success
    people = {
        "officer_a": make_user("agency_officer", agency="AG_A")[0],
        "officer_b": make_user("agency_officer", agency="AG_B")[0],
        "operator": make_user("operator")[0],
        "citizen": make_user("citizen")[0],
    }
    return {"admin": admin, "ward": ward, **people}


def _browser(base: str, username: str) -> httpx.Client:
    browser = httpx.Client(base_url=base, timeout=httpx.Timeout(10, read=40))
    token = re.search(r'name="csrf_token" value="([^"]+)"', browser.get("/login").text)[1]
    res = browser.post("/login", data={"username": username, "password": "password-123", "csrf_token": token})
    assert res.status_code == 303, res.text
    return browser


def _connect(stack: ExitStack, browser: httpx.Client):
    response = stack.enter_context(browser.stream("GET", "/stream"))
    assert response.status_code == 200
    lines = response.iter_lines()
    while next(lines) != ": connected":
        pass
    return lines


def _events_until(lines, last_report: int) -> list[dict]:
    """The events read up to the one about `last_report` (reports: (subject, id, has a place); others: subject)."""
    seen, heartbeats = [], 0
    for line in lines:
        heartbeats += line == ": heartbeat"
        assert heartbeats < HEARTBEATS_BEFORE_GIVING_UP, f"report {last_report} never came; saw {seen}"
        if line.startswith("data: "):
            evt = json.loads(line[6:])
            data = evt["data"]
            seen.append(
                (evt["subject"], data["id"], "lat" in data)
                if evt["subject"].startswith("feedback.")
                else evt["subject"]
            )
            if evt["subject"] == "feedback.report.created" and data["id"] == last_report:
                return seen
    raise AssertionError(f"the stream ended; saw {seen}")


def _report(client, world, category: str) -> int:
    ward = world["ward"]["centroid"]
    res = client.post(
        "/api/v1/feedback/reports",
        json={"category_code": category, "description": "Sự cố cần xử lý", "lat": ward["lat"], "lon": ward["lon"]},
    )
    assert res.status_code == 201, res.text
    return res.json()["id"]


def test_officers_see_their_agencys_reports_and_staff_see_all(live_server, client, world):
    with ExitStack() as stack:
        browsers = {who: _browser(live_server.url, world[who]) for who in ("officer_a", "officer_b", "operator")}
        for browser in browsers.values():
            stack.callback(browser.close)
        streams = {who: _connect(stack, browser) for who, browser in browsers.items()}
        private_a = _report(client, world, "PRIV_A")
        public_b = _report(client, world, "PUB_B")
        entity = {"id": "urn:ngsi-ld:Lamp:stream-1", "type": "Lamp", "power": {"type": "Property", "value": 3}}
        assert client.post("/ngsi-ld/v1/entities", json=entity, headers=world["admin"]).status_code == 201
        public_a = _report(client, world, "PUB_A")
        created = "feedback.report.created"
        # Officer B's first event is B's own report: A's reports and the NGSI-LD change never reached B.
        assert _events_until(streams["officer_b"], public_b) == [(created, public_b, True)]
        # Officer A gets A's reports only, and the private category's place stays with IOC staff.
        assert _events_until(streams["officer_a"], public_a) == [(created, private_a, False), (created, public_a, True)]
        assert _events_until(streams["operator"], public_a) == [
            (created, private_a, True),
            (created, public_b, True),
            "ngsi_ld.entity.upserted",
            (created, public_a, True),
        ]


def test_the_stream_is_closed_to_anonymous_callers_and_citizens(live_server, world):
    assert httpx.get(f"{live_server.url}/stream").status_code == 401
    citizen = _browser(live_server.url, world["citizen"])
    try:
        assert citizen.get("/stream").status_code == 403
    finally:
        citizen.close()


def test_the_stream_ends_when_its_browser_signs_out(live_server, world, monkeypatch):
    from ioc.web import router as stream_router

    monkeypatch.setattr(stream_router, "HEARTBEAT_SECONDS", 0.3)
    with ExitStack() as stack:
        browser = _browser(live_server.url, world["operator"])
        stack.callback(browser.close)
        lines = _connect(stack, browser)
        assert next(line for line in lines if line) == ": heartbeat"  # still signed in: the stream goes on
        token = re.search(r'name="csrf_token" value="([^"]+)"', browser.get("/", follow_redirects=True).text)[1]
        assert browser.post("/logout", data={"csrf_token": token}).status_code == 303
        # The stream ends instead of waiting forever: the next quiet moment finds the session revoked.
        rest = [line for line in lines if line]
        assert rest in ([], [": heartbeat"])
