"""Background job of a province deployment: a round of snapshots whenever the reporting calendar makes one due."""

from __future__ import annotations

import asyncio
import logging

from ioc.db.uow import unit_of_work
from ioc.federation import link, service
from ioc.federation import repository as repo
from ioc.federation.settings import FederationSettings
from ioc.runtime import Runtime

log = logging.getLogger(__name__)


def run_once(runtime: Runtime) -> int:
    """Queue the due round (and changed revisions) if the link is configured; how many snapshots were queued."""
    settings = runtime.settings
    if service.is_national(settings.jurisdiction):
        return 0
    with unit_of_work(runtime.session_factory) as session:
        if repo.link(session) is None or repo.identity(session) is None:
            return 0
        return len(link.round_now(session, settings.jurisdiction, settings.section(FederationSettings)))


async def schedule_loop(runtime: Runtime) -> None:
    """Check the reporting calendar forever."""
    every = runtime.settings.section(FederationSettings).schedule_seconds
    while True:
        try:
            queued = await asyncio.to_thread(run_once, runtime)
            if queued:
                log.info("federation snapshots queued", extra={"queued": queued})
        except Exception:  # a round that fails now is tried at the next check
            log.exception("federation round failed")
        await asyncio.sleep(every)


def background(runtime: Runtime) -> list:
    """Background coroutines of the federation domain."""
    return [schedule_loop]
