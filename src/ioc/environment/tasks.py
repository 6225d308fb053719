"""Background loop of the environment domain: the daily AQI once a local day has ended."""

from __future__ import annotations

from ioc.db.uow import unit_of_work
from ioc.environment import service
from ioc.kit import loops
from ioc.kit.timeutil import utcnow
from ioc.runtime import Runtime

CHECK_SECONDS = 600


def finalize_recent(runtime: Runtime) -> int:
    """Store the daily AQI of the two local days that ended last (idempotent)."""
    with unit_of_work(runtime.session_factory) as session:
        return service.finalize_days(session, service.completed_days(utcnow()))


# Every 10 minutes, (re)compute yesterday's daily AQI so late data is taken in.
daily_aqi = loops.every(finalize_recent, lambda runtime: CHECK_SECONDS, name="daily_aqi")


def background(runtime: Runtime) -> list:
    """The environment loops."""
    return [daily_aqi]
