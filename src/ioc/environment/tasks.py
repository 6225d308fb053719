"""Background loop of the environment domain: the daily AQI once a local day has ended."""

from __future__ import annotations

import asyncio

from fastapi import FastAPI

from ioc.db.session import unit_of_work
from ioc.environment import service
from ioc.kit.timeutil import utcnow

CHECK_SECONDS = 600


def finalize_recent(app: FastAPI) -> int:
    """Store the daily AQI of the two local days that ended last (idempotent)."""
    with unit_of_work(app.state.session_factory) as session:
        return service.finalize_days(session, service.completed_days(utcnow()))


async def daily_aqi(app: FastAPI) -> None:
    """Every 10 minutes, (re)compute yesterday's daily AQI so late data is taken in."""
    while True:
        await asyncio.to_thread(finalize_recent, app)
        await asyncio.sleep(CHECK_SECONDS)


def background(app: FastAPI) -> list:
    """The environment loops."""
    return [daily_aqi]
