"""An unexpected error answers a generic 500 with a request id; the trace goes to the log only."""

from __future__ import annotations

import logging

import pytest
from fastapi import APIRouter
from fastapi.testclient import TestClient

from ioc.main import create_app
from ioc.plugins import build_registry

SECRET = "SELECT password_hash FROM users WHERE id = 42"


def _boom() -> None:
    raise RuntimeError(SECRET)


@pytest.fixture
def crashing(settings, engine):
    """The real app with three routes that fail inside: native, Open311 and NGSI-LD paths."""
    registry = build_registry()
    router = APIRouter()
    for path in ("/api/v1/boom", "/open311/v2/boom.json", "/ngsi-ld/v1/boom"):
        router.add_api_route(path, _boom, methods=["GET"])
    registry.routers.append(router)
    app = create_app(settings, engine=engine, registry=registry, run_background=False)
    with TestClient(app, raise_server_exceptions=False) as client:
        yield client


@pytest.mark.parametrize("path", ["/api/v1/boom", "/open311/v2/boom.json", "/ngsi-ld/v1/boom"])
def test_no_exception_text_in_the_answer_and_the_trace_in_the_log(crashing, caplog, path):
    with caplog.at_level(logging.ERROR, logger="ioc.kit.handlers"):
        res = crashing.get(path, headers={"X-Request-Id": "req-crash-1"})
    assert res.status_code == 500
    assert SECRET not in res.text and "RuntimeError" not in res.text and "Traceback" not in res.text
    assert "req-crash-1" in res.text
    record = next(r for r in caplog.records if r.message == "unhandled error")
    assert record.exc_info[1].args == (SECRET,) and record.request_id == "req-crash-1"


def test_a_generated_request_id_is_in_the_answer(crashing):
    res = crashing.get("/api/v1/boom")
    assert res.status_code == 500 and res.json()["type"].endswith("/internal")
    assert res.headers["x-request-id"] in res.json()["detail"]


def test_a_crash_answer_carries_the_security_headers(crashing):
    res = crashing.get("/api/v1/boom")
    assert res.status_code == 500
    assert "script-src 'self'" in res.headers["content-security-policy"]
    assert res.headers["x-content-type-options"] == "nosniff" and res.headers["x-frame-options"] == "DENY"
