"""The authorisation matrix: every route of the app, called by every kind of caller, against tests/authz_table.py.

One app and one seeded database for the module, so path parameters name real objects (a report of
agency A, a station, an indicator, an entity …) and each caller's credentials are made once.
Denied callers must get 401 (anonymous), 403 (wrong role) or the pages' redirect to the login form;
allowed callers anything but those. Scoped objects are checked for an officer of another agency.
"""

from __future__ import annotations

import io
import re
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field

import pytest
from fastapi.routing import iter_route_contexts
from fastapi.testclient import TestClient
from PIL import Image
from starlette.routing import Mount

from ioc.auth import service as auth_service
from ioc.auth.principal import SYSTEM
from ioc.config import Settings
from ioc.db.uow import unit_of_work
from ioc.demo import core
from ioc.main import create_app
from ioc.web.session import CITIZEN_HOME
from tests.authz_table import ACCESS, PUBLIC
from tests.conftest import TEST_PROVINCE, TEST_SECRET, _clean

CALLERS = ("anonymous", "citizen", "agency_officer", "leader", "operator", "admin", "integrator")
PASSWORD = "password-123"
# A response that never ends cannot be awaited here: tests/web/test_stream.py connects the allowed callers.
ENDLESS = {("GET", "/stream")}
# Where a path parameter must name a seeded object ({…} are keys of World.ids); a DELETE gets a spare one.
SAMPLES = {
    "/api/v1/areas/{code}": "/api/v1/areas/{ward}",
    "/api/v1/users/{user_id}": "/api/v1/users/{spare_user}",
    "/api/v1/agencies/{code}": "/api/v1/agencies/MX_A",
    "/api/v1/federation/members/{code}/keys": "/api/v1/federation/members/48/keys",
    "/api/v1/federation/keys/{key_id}/retire": "/api/v1/federation/keys/48-0000/retire",
    "/api/v1/federation/provinces/{code}": "/api/v1/federation/provinces/48",
    "/federation/provinces/{code}": "/federation/provinces/48",
    "/api/v1/apikeys/{name}": "/api/v1/apikeys/{spare_key}",
    "/lang/{code}": "/lang/en",
    "/lanh-dao/phuong/{code}": "/lanh-dao/phuong/{ward}",
    "/lanh-dao/icon-{size}.png": "/lanh-dao/icon-192.png",
    "/nguoi-dan/icon-{size}.png": "/nguoi-dan/icon-192.png",
    "/api/v1/picture/points/{layer}": "/api/v1/picture/points/reports",
    "/api/v1/stations/{code}": "/api/v1/stations/{station}",
    "/api/v1/stations/{code}/series": "/api/v1/stations/{station}/series?quantity=pm25",
    "/api/v1/environment/stations/{code}/history": "/api/v1/environment/stations/{station}/history",
    "/environment/stations/{code}": "/environment/stations/{station}",
    "/ngsi-ld/v1/entities/{entity_id}": "/ngsi-ld/v1/entities/{entity}",
    "/ngsi-ld/v1/entities/{entity_id}/attrs": "/ngsi-ld/v1/entities/{entity}/attrs",
    "/ngsi-ld/v1/entityOperations/{operation}": "/ngsi-ld/v1/entityOperations/upsert",
    "/ngsi-ld/v1/entityOperations/{operation}/": "/ngsi-ld/v1/entityOperations/upsert/",
    "/ngsi-ld/v1/subscriptions/{sub_id}": "/ngsi-ld/v1/subscriptions/{subscription}",
    "/ngsi-ld/v1/temporal/entities/{entity_id}": "/ngsi-ld/v1/temporal/entities/{entity}",
    "/api/v1/feedback/reports/{report_id}": "/api/v1/feedback/reports/{report}",
    "/api/v1/feedback/reports/{report_id}/actions": "/api/v1/feedback/reports/{report}/actions",
    "/api/v1/feedback/reports/{report_id}/notes": "/api/v1/feedback/reports/{report}/notes",
    "/api/v1/feedback/reports/{report_id}/resolution": "/api/v1/feedback/reports/{report}/resolution",
    "/api/v1/feedback/categories/{code}": "/api/v1/feedback/categories/MX_PRIV",
    "/api/v1/feedback/rules/{category_code}/{area_code}": "/api/v1/feedback/rules/MX_PUB/{ward}",
    "/api/v1/feedback/stats/export.{fmt}": "/api/v1/feedback/stats/export.csv",
    "/api/v1/feedback/track/{code}": "/api/v1/feedback/track/{tracking}",
    "/api/v1/feedback/track/{code}/actions": "/api/v1/feedback/track/{tracking}/actions",
    "/api/v1/feedback/photos/{photo_id}/{variant}": "/api/v1/feedback/photos/{photo}/public",
    "/feedback/{report_id:int}": "/feedback/{report}",
    "/phan-anh/theo-doi/{code}": "/phan-anh/theo-doi/{tracking}",
    "/open311/v2/discovery.{fmt}": "/open311/v2/discovery.json",
    "/open311/v2/services.{fmt}": "/open311/v2/services.json",
    "/open311/v2/services/{service_code}.{fmt}": "/open311/v2/services/MX_PUB.json",
    "/open311/v2/requests.{fmt}": "/open311/v2/requests.json",
    "/open311/v2/tokens/{token}.{fmt}": "/open311/v2/tokens/unknown-token.json",
    "/open311/v2/requests/{request_id}.{fmt}": "/open311/v2/requests/{report}.json",
    "/open311/v2/servicerequestupdates.{fmt}": "/open311/v2/servicerequestupdates.json",
    "/api/v1/kpi/indicators/{code}": "/api/v1/kpi/indicators/MX_PARKS",
    "/api/v1/kpi/indicators/{code}/series": "/api/v1/kpi/indicators/MX_PARKS/series",
    "/api/v1/kpi/indicators/{code}/wards": "/api/v1/kpi/indicators/MX_PARKS/wards",
    "/api/v1/kpi/indicators/{code}/compare": "/api/v1/kpi/indicators/MX_PARKS/compare",
    "/api/v1/kpi/indicators/{code}/revisions": "/api/v1/kpi/indicators/MX_PARKS/revisions",
    "/overview/{code}": "/overview/MX_PARKS",
    "/api/v1/sops/{kind}": "/api/v1/sops/flood",
    "/api/v1/incidents/{incident_id}": "/api/v1/incidents/999999",
    "/api/v1/incidents/{incident_id}/actions": "/api/v1/incidents/999999/actions",
    "/api/v1/incidents/{incident_id}/notes": "/api/v1/incidents/999999/notes",
    "/api/v1/incidents/{incident_id}/agencies": "/api/v1/incidents/999999/agencies",
    "/api/v1/incidents/{incident_id}/tasks/{task_id}/done": "/api/v1/incidents/999999/tasks/1/done",
    "/api/v1/incidents/{incident_id}/split": "/api/v1/incidents/999999/split",
    "/api/v1/incidents/{incident_id}/merge": "/api/v1/incidents/999999/merge",
    "/incidents/{incident_id}": "/incidents/999999",
    "/api/v1/events/{event_id}": "/api/v1/events/1",
    "/api/v1/warnings/{warning_id}": "/api/v1/warnings/1",
    "/api/v1/alert-rules/{rule_id}": "/api/v1/alert-rules/1",
    "/api/v1/alerts/{alert_id}": "/api/v1/alerts/1",
    "/api/v1/alerts/{alert_id}/ack": "/api/v1/alerts/1/ack",
    "/alerts/{alert_id:int}": "/alerts/1",
    "/api/v1/alerts/export.{fmt}": "/api/v1/alerts/export.csv",
    "/alert-rules/{rule_id:int}": "/alert-rules/1",
    "/api/v1/warnings/{warning_id}/publish": "/api/v1/warnings/1/publish",
    "/api/v1/warnings/{warning_id}/cancel": "/api/v1/warnings/1/cancel",
    "/cap/{identifier}.xml": "/cap/vn.ioc.mx.w1.xml",
    "/api/v1/receivers/{receiver_id}": "/api/v1/receivers/999999",
    "/api/v1/inhibitions/{rule_id}": "/api/v1/inhibitions/999999",
    "/api/v1/silences/{silence_id}/expire": "/api/v1/silences/999999/expire",
    "/api/v1/directives/stats/export.{fmt}": "/api/v1/directives/stats/export.csv",
    "/api/v1/directives/{directive_id}": "/api/v1/directives/999999",
    "/directives/{directive_id:int}": "/directives/999999",
    "/api/v1/directives/{directive_id}/ack": "/api/v1/directives/999999/ack",
    "/api/v1/directives/{directive_id}/progress": "/api/v1/directives/999999/progress",
    "/api/v1/directives/{directive_id}/complete": "/api/v1/directives/999999/complete",
    "/api/v1/directives/{directive_id}/accept": "/api/v1/directives/999999/accept",
    "/api/v1/directives/{directive_id}/return": "/api/v1/directives/999999/return",
    "/api/v1/briefings/{briefing_id}": "/api/v1/briefings/999999",
    "/api/v1/briefings/{briefing_id}/{fmt}": "/api/v1/briefings/999999/pdf",
    "/api/v1/briefings/subscribers/{subscriber_id}": "/api/v1/briefings/subscribers/999999",
    "/api/v1/layers/{layer_id}": "/api/v1/layers/999999",
    "/api/v1/layers/{layer_id}/features": "/api/v1/layers/999999/features?bbox=108,16,108.3,16.2&zoom=12",
    "/api/v1/facilities/export.{fmt}": "/api/v1/facilities/export.csv",
    "/api/v1/sectors/{sector}": "/api/v1/sectors/traffic",
    "/api/v1/sectors/{sector}/map": "/api/v1/sectors/tourism/map",
    "/api/v1/sectors/{sector}/series": "/api/v1/sectors/health/series",
    "/api/v1/sectors/{sector}/export.{fmt}": "/api/v1/sectors/land/export.csv",
    "/api/v1/sectors/{sector}/calendar": "/api/v1/sectors/tourism/calendar",
    "/api/v1/sectors/{sector}/calendar.{fmt}": "/api/v1/sectors/tourism/calendar.csv",
    "/api/v1/facilities/map": "/api/v1/facilities/map?kind=hospital&bbox=107,15,109,17&zoom=9",
    "/sectors/{code}": "/sectors/security",
    "/api/v1/facilities/dashboard": "/api/v1/facilities/dashboard?kind=hospital",
    "/api/v1/facilities/{facility_id}": "/api/v1/facilities/999999",
    "/api/v1/facilities/{facility_id}/figures": "/api/v1/facilities/999999/figures",
    "/api/v1/facilities/{facility_id}/stream": "/api/v1/facilities/999999/stream",
}
SPARES = {
    ("DELETE", "/api/v1/stations/{code}"): "/api/v1/stations/{spare_station}",
    ("DELETE", "/ngsi-ld/v1/entities/{entity_id}"): "/ngsi-ld/v1/entities/{spare_entity}",
    ("DELETE", "/ngsi-ld/v1/subscriptions/{sub_id}"): "/ngsi-ld/v1/subscriptions/{spare_subscription}",
}


@dataclass
class Caller:
    """One kind of caller: its bearer or API key headers and, for a person, the session cookie of the pages."""

    role: str
    username: str = ""
    headers: dict[str, str] = field(default_factory=dict)
    cookie: str = ""
    csrf: str = ""
    api_key: str = ""


@dataclass
class World:
    """The seeded app: a client, the ids of its objects, and one caller per kind."""

    client: TestClient
    ids: dict[str, str]
    callers: dict[str, Caller]


def app_routes(app) -> list[tuple[str, str, bool]]:
    """(method, path pattern, reads only the session cookie) of every route; static files are left out."""
    out = []
    for route in iter_route_contexts(app.routes):
        if isinstance(route.original_route, Mount):
            continue
        cookie_only = not getattr(route, "include_in_schema", True) or route.path == "/stream"
        out += [(method, route.path, cookie_only) for method in sorted((route.methods or set()) - {"HEAD"})]
    return out


def test_every_route_declares_who_may_call_it(app):
    routes = {(method, path) for method, path, _ in app_routes(app)}
    missing = sorted(routes - set(ACCESS))
    assert not missing, (
        "Declare who may call these routes in tests/authz_table.py (a tuple of roles, or PUBLIC), "
        "and give their path parameters a seeded SAMPLES entry in tests/test_authz_matrix.py: "
        + ", ".join(f"{m} {p}" for m, p in missing)
    )
    stale = sorted(set(ACCESS) - routes)
    assert not stale, f"tests/authz_table.py declares routes the app no longer has: {stale}"


# ---- the seeded world ---------------------------------------------------------------------------------------------


def _png() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (40, 30), (30, 120, 200)).save(out, format="PNG")
    return out.getvalue()


def _ok(res, *statuses: int) -> dict:
    assert res.status_code in (statuses or (200, 201)), f"seeding failed: {res.status_code} {res.text[:300]}"
    return res.json() if res.content and "json" in res.headers.get("content-type", "") else {}


def _seed_people(client: TestClient, admin: dict, ward: str) -> dict[str, str]:
    for code in ("MX_A", "MX_B"):
        _ok(
            client.put(
                f"/api/v1/agencies/{code}",
                headers=admin,
                json={"code": code, "name": f"Sở {code}", "kind": "department", "area_codes": [ward]},
            )
        )
    names = {
        "citizen": ("citizen", None),
        "agency_officer": ("agency_officer", "MX_B"),
        "leader": ("leader", None),
        "operator": ("operator", None),
        "officer_a": ("agency_officer", "MX_A"),
        "login": ("citizen", None),
    }
    users = {}
    for who, (role, agency) in names.items():
        users[who] = f"mx-{who}-{uuid.uuid4().hex[:4]}"
        _ok(
            client.post(
                "/api/v1/users",
                headers=admin,
                json={"username": users[who], "password": PASSWORD, "role": role, "agency_code": agency},
            )
        )
    spare = _ok(
        client.post(
            "/api/v1/users",
            headers=admin,
            json={"username": f"mx-spare-{uuid.uuid4().hex[:4]}", "password": PASSWORD, "role": "leader"},
        )
    )
    return users | {"spare_user": str(spare["id"])}


def _seed_feedback(client: TestClient, admin: dict, ward: dict) -> dict[str, str]:
    for code, agency, public in (("MX_PRIV", "MX_A", False), ("MX_PUB", "MX_B", True)):
        _ok(
            client.put(
                f"/api/v1/feedback/categories/{code}",
                headers=admin,
                json={"code": code, "name": f"Lĩnh vực {code}", "default_agency_code": agency, "public": public},
            )
        )
    _ok(
        client.put(
            "/api/v1/feedback/rules",
            headers=admin,
            json={"category_code": "MX_PUB", "area_code": ward["code"], "agency_code": "MX_A"},
        )
    )
    centre = ward["centroid"]
    created = _ok(
        client.post(
            "/api/v1/feedback/reports",
            files={"photo": ("pho.png", _png(), "image/png")},
            data={
                "category_code": "MX_PRIV",
                "description": "Nắp cống vỡ",
                "lat": str(centre["lat"]),
                "lon": str(centre["lon"]),
            },
        ),
        201,
    )
    report = _ok(client.get(f"/api/v1/feedback/reports/{created['id']}", headers=admin))
    assert report["agency_code"] == "MX_A"
    return {"report": str(created["id"]), "tracking": created["tracking_code"], "photo": str(report["photos"][0]["id"])}


def _seed_data(client: TestClient, admin: dict, ward: dict) -> dict[str, str]:
    centre = ward["centroid"]
    for code in ("MX-01", "MX-99"):
        _ok(
            client.post(
                "/api/v1/stations",
                headers=admin,
                json={
                    "code": code,
                    "name": f"Trạm {code}",
                    "kind": "air",
                    "lat": centre["lat"],
                    "lon": centre["lon"],
                    "quantities": ["pm25"],
                },
            ),
            201,
        )
    _ok(
        client.post(
            "/api/v1/kpi/indicators",
            headers=admin,
            json={
                "code": "MX_PARKS",
                "name": "Công viên mới",
                "unit": "công viên",
                "frequency": "year",
                "domain": "society",
                "direction": "up",
                "time_agg": "sum",
                "area_agg": "sum",
            },
        ),
        201,
    )
    for eid in ("urn:ngsi-ld:Lamp:mx-1", "urn:ngsi-ld:Lamp:mx-99"):
        _ok(
            client.post(
                "/ngsi-ld/v1/entities",
                headers=admin,
                json={"id": eid, "type": "Lamp", "power": {"type": "Property", "value": 1}},
            ),
            201,
        )
    for sid in ("urn:ngsi-ld:Subscription:mx-1", "urn:ngsi-ld:Subscription:mx-99"):
        _ok(
            client.post(
                "/ngsi-ld/v1/subscriptions",
                headers=admin,
                json={
                    "id": sid,
                    "type": "Subscription",
                    "entities": [{"type": "Lamp"}],
                    "notification": {
                        "endpoint": {"uri": "http://subscriber.example/notify", "accept": "application/json"}
                    },
                },
            ),
            201,
        )
    return {
        "station": "MX-01",
        "spare_station": "MX-99",
        "entity": "urn:ngsi-ld:Lamp:mx-1",
        "spare_entity": "urn:ngsi-ld:Lamp:mx-99",
        "subscription": "urn:ngsi-ld:Subscription:mx-1",
        "spare_subscription": "urn:ngsi-ld:Subscription:mx-99",
    }


def _person(client: TestClient, role: str, username: str) -> Caller:
    token = _ok(client.post("/api/v1/auth/token", data={"username": username, "password": PASSWORD}))
    form = client.get("/login").text
    csrf_form = re.search(r'name="csrf_token" value="([^"]+)"', form)[1]
    _ok(
        client.post(
            "/login", data={"username": username, "password": PASSWORD, "csrf_token": csrf_form}, follow_redirects=False
        ),
        303,
    )
    cookie = client.cookies["ioc_session"]
    page = client.get("/map", follow_redirects=False).text
    csrf = re.search(r'name="csrf-token" content="([^"]+)"', page)
    client.cookies.clear()
    return Caller(role, username, {"Authorization": f"Bearer {token['access_token']}"}, cookie, csrf[1] if csrf else "")


def _seed(client: TestClient, session_factory) -> World:
    admin_name = f"mx-admin-{uuid.uuid4().hex[:4]}"
    with unit_of_work(session_factory) as session:
        core.seed_areas(session, TEST_PROVINCE)
        auth_service.create_user(session, SYSTEM, username=admin_name, password=PASSWORD, role="admin")
    admin = _person(client, "admin", admin_name)
    ward = client.get("/api/v1/areas", params={"level": "ward", "page_size": 1}).json()["items"][0]
    users = _seed_people(client, admin.headers, ward["code"])
    ids = {
        "ward": ward["code"],
        **_seed_feedback(client, admin.headers, ward),
        **_seed_data(client, admin.headers, ward),
    }
    keys = {
        name: _ok(client.post("/api/v1/apikeys", headers=admin.headers, json={"name": name}), 201)["key"]
        for name in (f"mx-integrator-{uuid.uuid4().hex[:4]}", f"mx-spare-{uuid.uuid4().hex[:4]}")
    }
    (integrator_key, _), (spare_key, _) = keys.items()
    callers = {
        "anonymous": Caller("anonymous"),
        "admin": admin,
        "integrator": Caller("integrator", headers={"X-API-Key": keys[integrator_key]}, api_key=keys[integrator_key]),
    }
    for who in ("citizen", "agency_officer", "leader", "operator", "officer_a"):
        callers[who] = _person(client, "agency_officer" if who == "officer_a" else who, users[who])
    return World(
        client, ids | {"spare_user": users["spare_user"], "spare_key": spare_key, "login": users["login"]}, callers
    )


@pytest.fixture(scope="module")
def world(engine, database_url, tmp_path_factory) -> Iterator[World]:
    """One app for the whole matrix, on a database seeded once (emptied again at the end)."""
    settings = Settings(
        database_url=database_url,
        secret_key=TEST_SECRET,
        jurisdiction=TEST_PROVINCE,
        media_dir=str(tmp_path_factory.mktemp("media")),
        log_json=False,
    )
    app = create_app(settings, engine=engine, run_background=False)
    try:
        with TestClient(app, raise_server_exceptions=False) as client:
            yield _seed(client, app.state.session_factory)
    finally:
        _clean(engine)


# ---- calling every route as every caller -------------------------------------------------------------------------


def _special(world: World, caller: Caller, method: str, path: str) -> dict | None:
    """Requests that need more than an empty body to reach the access check (never the caller's own logout)."""
    if (method, path) == ("POST", "/login"):  # valid credentials: the public form must sign anyone in
        return {
            "data": {"username": world.ids["login"], "password": PASSWORD, "csrf_token": "mx-csrf"},
            "cookies": {"ioc_csrf": "mx-csrf"},
        }
    if (method, path) == ("POST", "/logout"):
        return {"data": {}}  # without the page's CSRF token: signs nobody out
    if (method, path) == ("POST", "/kpi/import"):  # the role is checked after the form is read
        return {"files": {"file": ("mx.csv", b"khong-phai-bang\n", "text/csv")}, "data": {"csrf_token": caller.csrf}}
    return None


def call(world: World, caller: Caller, method: str, path: str):
    """Call one route as one caller: bearer or API key headers, the session cookie, no cookie kept afterwards."""
    template = SPARES.get((method, path)) or SAMPLES.get(path, path)
    if "{" in path and template == path:
        pytest.fail(f"{method} {path}: add a SAMPLES entry naming a seeded object in tests/test_authz_matrix.py")
    kwargs = _special(world, caller, method, path) or ({"json": {}} if method in ("POST", "PUT", "PATCH") else {})
    headers, params = dict(caller.headers), {}
    if caller.api_key and path.startswith("/open311/"):  # GeoReport v2 carries the key as a parameter
        headers.pop("X-API-Key")
        params["api_key"] = caller.api_key
    cookies = kwargs.pop("cookies", {}) | ({"ioc_session": caller.cookie} if caller.cookie else {})
    if cookies:
        headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in cookies.items())
    try:
        return world.client.request(
            method, template.format(**world.ids), headers=headers, params=params, follow_redirects=False, **kwargs
        )
    finally:
        world.client.cookies.clear()


def verdict(role: str, allowed: bool, res, path: str, cookie_only: bool) -> str | None:
    """What is wrong with this answer for this caller, or None."""
    status = res.status_code
    if status >= 500:
        return f"answered {status}"
    # The pages' "sign in first" redirect carries where to go next (signing out also lands on /login).
    to_login = status in (302, 303, 307) and res.headers.get("location", "").startswith("/login?next=")
    # A signed-in citizen asking for a staff page is sent to the citizen pages (no login loop).
    to_citizen_home = status == 303 and res.headers.get("location") == CITIZEN_HOME and path != "/login"
    if allowed:
        return f"is allowed but answered {status}" if status in (401, 403) or to_login or to_citizen_home else None
    if role == "anonymous":  # Open311 answers a missing api_key with its 403
        ok = status == 401 or to_login or (status == 403 and path.startswith("/open311/"))
    else:  # an API key is no credential where only the session cookie counts
        ok = status == 403 or to_login or (to_citizen_home and role == "citizen")
        ok = ok or (status == 401 and role == "integrator" and cookie_only)
    return None if ok else f"is denied but answered {status}"


@pytest.mark.parametrize("role", CALLERS)
def test_each_caller_gets_what_the_table_allows(world, app, role):
    caller, problems = world.callers[role], []
    for method, path, cookie_only in app_routes(app):
        access = ACCESS[(method, path)]
        allowed = access == PUBLIC or role in access
        if allowed and (method, path) in ENDLESS:
            continue
        res = call(world, caller, method, path)
        problem = verdict(role, allowed, res, path, cookie_only)
        if problem:
            problems.append(f"{method} {path} {problem}: {res.text[:160]!r}")
    assert not problems, f"{role}:\n" + "\n".join(problems)


def test_an_officer_of_another_agency_cannot_reach_the_agencys_report(world):
    rid, other, own = world.ids["report"], world.callers["agency_officer"], world.callers["officer_a"]
    for caller, expected in ((other, 404), (own, 200)):
        for path in (
            f"/api/v1/feedback/reports/{rid}",
            f"/feedback/{rid}",
            f"/api/v1/feedback/photos/{world.ids['photo']}/public",
        ):
            assert call(world, caller, "GET", path).status_code == expected, (caller.role, path)
        listed = [r["id"] for r in call(world, caller, "GET", "/api/v1/feedback/reports?agency=MX_A").json()["items"]]
        mapped = [f["id"] for f in call(world, caller, "GET", "/api/v1/feedback/map").json()["features"]]
        assert (int(rid) in listed, int(rid) in mapped) == ((False, False) if caller is other else (True, True))
    for body in ({"action": "start"}, {"action": "hand_back", "reason": "không thuộc thẩm quyền"}):
        res = world.client.post(f"/api/v1/feedback/reports/{rid}/actions", headers=other.headers, json=body)
        assert res.status_code in (403, 404), res.text
    note = {"text": "Đã cử người kiểm tra"}
    assert world.client.post(f"/api/v1/feedback/reports/{rid}/notes", headers=other.headers, json=note).status_code in (
        403,
        404,
    )
    assert world.client.post(f"/api/v1/feedback/reports/{rid}/notes", headers=own.headers, json=note).status_code == 201
