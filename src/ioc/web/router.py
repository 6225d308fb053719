"""The live stream: domain events to the browser as Server-Sent Events."""

from __future__ import annotations

import asyncio
import dataclasses
import json

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import StreamingResponse

from ioc.auth.deps import session_principal
from ioc.auth.principal import Principal
from ioc.db.uow import unit_of_work
from ioc.kit.bus import Event, get_bus
from ioc.kit.errors import Forbidden, Unauthorized
from ioc.kit.openapi import answers, media
from ioc.web import docs, wall
from ioc.web.session import page_principal

router = APIRouter(tags=["live"])
HEARTBEAT_SECONDS = 15.0
QUEUE_LIMIT = 1000
# Besides their own agency's reports, what an agency officer may read through the API anyway.
OFFICER_SUBJECTS = ("sensors.", "environment.", "kpi.", "govperf.")
PLACE_FIELDS = ("lat", "lon")


def visible(principal: Principal, evt: Event) -> Event | None:
    """The event as this subscriber may see it, or None: staff see all, an officer their agency's reports."""
    if principal.is_staff:
        return evt
    if principal.role != "agency_officer":
        return None
    if not evt.subject.startswith("feedback."):
        return evt if evt.subject.startswith(OFFICER_SUBJECTS) else None
    if not principal.agency_code or evt.data.get("agency_code") != principal.agency_code:
        return None
    if evt.data.get("is_public") is True:
        return evt
    # A report of a private category (or an event that does not say): where it is stays with IOC staff.
    return dataclasses.replace(evt, data={k: v for k, v in evt.data.items() if k not in PLACE_FIELDS})


def _sse(evt: Event) -> str:
    return f"id: {evt.id}\nevent: event\ndata: {json.dumps(evt.to_dict(), ensure_ascii=False, default=str)}\n\n"


def _still_signed_in(request: Request, principal: Principal) -> bool:
    with unit_of_work(request.app.state.session_factory) as db:
        current, _ = session_principal(request, db)
    return current is not None and current.id == principal.id


async def _events(request: Request, patterns: list[str], principal: Principal):
    loop = asyncio.get_running_loop()
    queue: asyncio.Queue[Event] = asyncio.Queue(QUEUE_LIMIT)

    def enqueue(published: Event) -> None:
        # Called from whichever thread published; a slow browser loses old events, not the server.
        evt = visible(principal, published)
        if evt is None:
            return

        def put() -> None:
            if queue.full():
                queue.get_nowait()
            queue.put_nowait(evt)

        loop.call_soon_threadsafe(put)

    unsubscribers = [get_bus().subscribe(p, enqueue) for p in patterns]
    try:
        yield "retry: 3000\n: connected\n\n"
        while not await request.is_disconnected():
            try:
                evt = await asyncio.wait_for(queue.get(), timeout=HEARTBEAT_SECONDS)
            except TimeoutError:
                # A quiet moment to ask again whether the browser is still signed in (signed out,
                # deactivated, password changed): the stream ends with the session, not with the tab.
                if not await asyncio.to_thread(_still_signed_in, request, principal):
                    return
                yield ": heartbeat\n\n"
                continue
            yield _sse(evt)
    finally:
        for unsubscribe in unsubscribers:
            unsubscribe()


@router.get("/stream", response_class=StreamingResponse, responses=media("text/event-stream"))
@answers(401)  # not signed in as staff
async def stream(
    request: Request,
    topics: str = Query(">", description="Comma-separated subject patterns"),
    principal: Principal = Depends(page_principal),
) -> StreamingResponse:
    """Live domain events for signed-in staff, each filtered for the subscriber (text/event-stream)."""
    if principal.kind != "user":
        raise Unauthorized("Sign in to follow the live stream.")
    if not (principal.is_staff or principal.role == "agency_officer"):
        raise Forbidden("The live stream is for IOC staff and agency officers.")
    patterns = [t.strip() for t in topics.split(",") if t.strip()] or [">"]
    headers = {"Cache-Control": "no-cache", "X-Accel-Buffering": "no"}
    return StreamingResponse(_events(request, patterns, principal), media_type="text/event-stream", headers=headers)


# The web domain's routers: the live stream, the wall screen and the API documentation (its pages
# module is the shell's).
routers = [router, wall.router, docs.router]
