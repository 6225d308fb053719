"""The alerts tests place stations with the sensors fixtures and listen on the alert hooks."""

import pytest

from ioc.registry import registry_of
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
