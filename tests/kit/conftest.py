"""Fixtures of the kit tests: the feedback data the request-guard tests file reports against."""

from __future__ import annotations

import pytest

from tests.feedback.conftest import feedback, fresh_catalog  # noqa: F401  (shared fixtures)


@pytest.fixture
def raw_client(app):
    """A client that sees the 500 answers a real caller would, instead of the server's exception."""
    from fastapi.testclient import TestClient

    with TestClient(app, raise_server_exceptions=False) as c:
        yield c
