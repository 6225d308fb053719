"""Schemathesis' coverage phase: boundary, missing and wrong-typed values of every parameter and field.

Deterministic by construction (no random draw), so it complements the bounded random fuzzing of
test_openapi_fuzz.py with the cases a reviewer would write by hand: nulls, empty strings, zero,
the bounds of every constrained field, missing required fields.
"""

from __future__ import annotations

import schemathesis
from hypothesis import HealthCheck, settings

from tests.fuzz.test_openapi_fuzz import CHECKS, DOCUMENT

COVERAGE = schemathesis.Config.from_dict(
    {
        "generation": {"allow-x00": True, "mode": "all"},
        "max-stream-events": 1,
        "phases": {
            "examples": {"enabled": False},
            "fuzzing": {"enabled": False},
            "stateful": {"enabled": False},
            "coverage": {"enabled": True},
        },
    }
)
schema = schemathesis.openapi.from_dict(DOCUMENT, config=COVERAGE)


@schema.parametrize()
@settings(deadline=None, database=None, derandomize=True, suppress_health_check=list(HealthCheck))
def test_boundaries_as_admin(case, fuzz_app, seeded) -> None:
    case.call_and_validate(headers=seeded["admin"], checks=CHECKS, app=fuzz_app)


@schema.parametrize()
@settings(deadline=None, database=None, derandomize=True, suppress_health_check=list(HealthCheck))
def test_boundaries_as_anonymous(case, fuzz_app, seeded) -> None:
    case.call_and_validate(checks=CHECKS, app=fuzz_app)
