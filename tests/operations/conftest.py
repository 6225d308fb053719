"""The operations loop across domains: stations from the sensors fixtures, a webhook sink from notify's."""

from tests.notify.conftest import sink  # noqa: F401
from tests.sensors.conftest import make_station, ward  # noqa: F401
