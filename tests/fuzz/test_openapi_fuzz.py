"""Schemathesis over the whole OpenAPI document: no server error, answers that match their schema.

Every operation is fuzzed as an admin and as an anonymous caller, with positive and negative data
and with the ids of seeded rows, a bounded number of examples and a fixed seed, so the gate is
deterministic and stays within minutes on both databases.
"""

from __future__ import annotations

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from ioc.config import Settings
from ioc.main import create_app
from tests.fuzz.conftest import NGSI_STATION, STATION

CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]
CONFIG = schemathesis.Config.from_dict({"generation": {"allow-x00": True}, "max-stream-events": 1})
EXAMPLES = 15


def _document() -> dict:
    """The OpenAPI document as the app serves it (it does not depend on the database)."""
    from fastapi.testclient import TestClient

    app = create_app(
        Settings(database_url="sqlite://", secret_key="collect-" + "x" * 32), check_schema=False, run_background=False
    )
    return TestClient(app).get("/openapi.json").json()


DOCUMENT = _document()
OPERATIONS = [(method.upper(), path) for path, ops in DOCUMENT["paths"].items() for method in ops]


def _known(path: str, seeded: dict) -> dict[str, str | int]:
    """Path parameters naming seeded rows, so generated calls reach real data and not only 404s."""
    by_name = {
        "user_id": seeded["user_id"],
        "report_id": seeded["report_id"],
        "name": "fuzz-key",
        "category_code": "O_GA",
        "area_code": seeded["ward"],
        "service_code": "O_GA",
        "request_id": seeded["report_id"],
        "token": seeded["token"],
        "fmt": "json",
        "entity_id": NGSI_STATION,
        "variant": "thumb",
        "operation": "upsert",
    }
    segment = path.split("/")[3] if path.count("/") >= 3 else ""
    code = {
        "stations": STATION,
        "environment": STATION,
        "kpi": "GRDP_GROWTH",
        "feedback": "O_GA",
        "agencies": "SO_XD",
        "areas": seeded["ward"],
    }.get(segment, STATION)
    if "/track/" in path:
        code = seeded["tracking"]
    return by_name | {"code": code}


def _strategy(operation, seeded: dict):
    names = {p.name for p in operation.path_parameters}
    known = {k: v for k, v in _known(operation.path, seeded).items() if k in names}
    strategies = [operation.as_strategy(GenerationMode.POSITIVE), operation.as_strategy(GenerationMode.NEGATIVE)]
    if known:
        strategies.append(operation.as_strategy(GenerationMode.POSITIVE, path_parameters=known))
    return st.one_of(strategies)


def _fuzz(app, method: str, path: str, seeded: dict, headers: dict) -> None:
    schema = schemathesis.openapi.from_dict(DOCUMENT, config=CONFIG)
    schema.app = app
    operation = schema[path][method]

    @settings(
        max_examples=EXAMPLES, derandomize=True, deadline=None, database=None, suppress_health_check=list(HealthCheck)
    )
    @given(case=_strategy(operation, seeded))
    def run(case) -> None:
        case.call_and_validate(headers=headers, checks=CHECKS)

    run()


@pytest.mark.parametrize(("method", "path"), OPERATIONS)
def test_operation(fuzz_app, seeded, method: str, path: str) -> None:
    """As an admin, then as an anonymous caller."""
    _fuzz(fuzz_app, method, path, seeded, seeded["admin"])
    _fuzz(fuzz_app, method, path, seeded, {})


def test_the_document_covers_the_native_api_open311_and_ngsi_ld() -> None:
    """All three APIs are in the fuzzed document, each with its error answers."""
    for prefix in ("/api/v1/", "/open311/v2/", "/ngsi-ld/v1/"):
        operations = [(m, p) for m, p in OPERATIONS if p.startswith(prefix)]
        assert len(operations) >= 8, prefix
        for method, path in operations:
            assert {"400", "500"} <= set(DOCUMENT["paths"][path][method.lower()]["responses"]), (method, path)
