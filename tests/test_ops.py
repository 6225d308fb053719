"""Health, metrics, OpenAPI, problem details and settings safety."""

from __future__ import annotations

import subprocess
import sys

import pytest
from annotated_types import Le, Lt
from fastapi.routing import iter_route_contexts

from ioc.config import Settings, SettingsError
from tests.conftest import TEST_SECRET


def test_healthz_reports_database_and_schema(client, db):
    body = client.get("/healthz").json()
    assert body["status"] == "ok" and body["schema_current"] is True


FREED = """
import gc, sys, weakref
from fastapi.testclient import TestClient
from ioc.config import Settings
from ioc.db import schema
from ioc.db.session import make_engine
from ioc.main import create_app

settings = Settings(database_url=sys.argv[1], secret_key=sys.argv[2], jurisdiction="48", log_json=False)
engine = make_engine(settings.database_url)
schema.upgrade(engine)
refs = []
for _ in range(3):
    app = create_app(settings, engine=engine, run_background=False)
    with TestClient(app) as client:
        assert client.get("/healthz").status_code == 200 and client.get("/metrics").status_code == 200
    refs.append(weakref.ref(app))
    del app, client
gc.collect()
print(sum(ref() is not None for ref in refs))
"""


def test_an_app_no_longer_used_is_freed(tmp_path):
    # FastAPI remembers facts about each endpoint function for the process's life: an endpoint closed over its
    # app kept every app a process made alive with all it holds (a test worker reached 3.7 GB). In a process of
    # its own, so that what other tests leave in this one's globals does not count.
    url = f"sqlite:///{tmp_path / 'freed.db'}"
    done = subprocess.run([sys.executable, "-c", FREED, url, TEST_SECRET], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.strip() == "0", "apps still alive after use: " + done.stdout


def test_metrics_are_prometheus_text(client, db):
    client.get("/healthz")
    res = client.get("/metrics")
    assert res.status_code == 200 and res.headers["content-type"].startswith("text/plain")
    assert 'ioc_http_requests_total{method="GET",route="/healthz",status="200"}' in res.text


def test_openapi_lists_the_native_api(client, db):
    paths = client.get("/openapi.json").json()["paths"]
    assert "/api/v1/auth/token" in paths and "/api/v1/areas/locate" in paths


def test_malformed_json_is_a_422_problem_not_a_500(client, make_user):
    _, headers = make_user("admin")
    res = client.post("/api/v1/users", headers=headers | {"Content-Type": "application/json"}, content=b"{bad")
    assert res.status_code == 422
    assert res.headers["content-type"].startswith("application/problem+json")
    assert res.json()["type"].endswith("/validation")


def test_unknown_api_path_is_a_404_problem(client, db):
    res = client.get("/api/v1/nothing-here")
    assert res.status_code == 404 and res.json()["status"] == 404


def test_production_refuses_the_demo_secret():
    with pytest.raises(SettingsError, match="IOC_SECRET_KEY"):
        Settings(production=True).check_safe()
    Settings(production=True, secret_key="Jx8-qL2vRw9_ZtN4bYc7mKd1PfHs6GaE3uV0").check_safe()


def test_request_id_is_echoed(client, db):
    res = client.get("/healthz", headers={"X-Request-ID": "abc123"})
    assert res.headers["x-request-id"] == "abc123"


def _params(dependant) -> list:
    return dependant.path_params + dependant.query_params + [p for d in dependant.dependencies for p in _params(d)]


def test_every_integer_parameter_of_the_api_has_an_upper_bound(app):
    # An unbounded id reached the database as 2**63 and came back a 500 (SQLite cannot hold it); `Id = Path(...)`
    # looks bounded but the default's Path() drops the bounds `Id` carries.
    unbounded = [
        f"{sorted(route.methods)} {route.path} {p.name}"
        for route in iter_route_contexts(app.routes)
        if route.path.startswith("/api/") and getattr(route, "dependant", None)
        for p in _params(route.dependant)
        if p.field_info.annotation is int and not any(isinstance(m, (Le, Lt)) for m in p.field_info.metadata)
    ]
    assert not unbounded, unbounded


def test_an_id_too_big_for_the_database_is_a_422(client, make_user):
    _, admin = make_user("admin")
    for method in ("GET", "DELETE"):
        res = client.request(method, f"/api/v1/layers/{2**63}", headers=admin)
        assert res.status_code == 422 and "layer_id" in res.text, res.text
