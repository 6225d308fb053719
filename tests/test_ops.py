"""Health, metrics, OpenAPI, problem details and settings safety."""

from __future__ import annotations

import gc
import weakref

import pytest
from fastapi.testclient import TestClient

from ioc.config import Settings, SettingsError
from ioc.main import create_app


def test_healthz_reports_database_and_schema(client, db):
    body = client.get("/healthz").json()
    assert body["status"] == "ok" and body["schema_current"] is True


def test_an_app_no_longer_used_is_freed(settings, engine):
    # FastAPI remembers facts about each endpoint function for the process's life: an endpoint closed over its
    # app kept every app a process made alive with all it holds (a test worker reached 3.7 GB).
    app = create_app(settings, engine=engine, run_background=False)
    with TestClient(app) as client:
        assert client.get("/healthz").status_code == 200 and client.get("/metrics").status_code == 200
    freed = weakref.ref(app)
    del app, client
    gc.collect()
    assert freed() is None


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
