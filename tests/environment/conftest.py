"""The environment tests place stations with the sensors fixtures."""

from tests.sensors.conftest import make_station, ward  # noqa: F401
