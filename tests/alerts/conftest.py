"""The alerts tests place stations with the sensors fixtures and listen on the alert hooks."""

import pytest

from ioc.registry import registry_of
from tests.alerts.support import RULE
from tests.feedback.conftest import feedback, fresh_catalog  # noqa: F401
from tests.kpi.conftest import catalogue  # noqa: F401
from tests.sensors.conftest import make_station, ward  # noqa: F401


@pytest.fixture
def heard(db):
    """The alert dicts every alert hook call received, in order (one list per call)."""
    calls: list[list[dict]] = []

    def hook(session, alerts):
        calls.append(alerts)

    hooks = registry_of(db).alert_hooks
    hooks.append(hook)
    yield calls
    hooks.remove(hook)


@pytest.fixture
def rule(client, make_user, make_station):  # noqa: F811
    """A rule AQI > 150 for 10m, keep firing 30m, on station AQ-1, created through the API."""
    make_station("AQ-1", quantities=["pm25", "pm10"])
    _, headers = make_user("operator")
    res = client.post("/api/v1/alert-rules", json=RULE, headers=headers)
    assert res.status_code == 201, res.text
    return res.json()
