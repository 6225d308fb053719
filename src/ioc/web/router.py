"""The live stream: domain events to the browser as Server-Sent Events."""

from __future__ import annotations

import asyncio
import json

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import StreamingResponse

from ioc.auth.principal import Principal
from ioc.kit.bus import Event, get_bus
from ioc.kit.errors import Unauthorized
from ioc.web import wall
from ioc.web.session import page_principal
from ioc.kit.openapi import answers, media

router = APIRouter(tags=["live"])
HEARTBEAT_SECONDS = 15.0
QUEUE_LIMIT = 1000


def _sse(evt: Event) -> str:
    return f"id: {evt.id}\nevent: event\ndata: {json.dumps(evt.to_dict(), ensure_ascii=False, default=str)}\n\n"


async def _events(request: Request, patterns: list[str]):
    loop = asyncio.get_running_loop()
    queue: asyncio.Queue[Event] = asyncio.Queue(QUEUE_LIMIT)

    def enqueue(evt: Event) -> None:
        # Called from whichever thread published; a slow browser loses old events, not the server.
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
            except asyncio.TimeoutError:
                yield ": heartbeat\n\n"
                continue
            yield _sse(evt)
    finally:
        for unsubscribe in unsubscribers:
            unsubscribe()


@router.get("/stream", response_class=StreamingResponse, responses=media("text/event-stream"))
@answers(401)  # not signed in as staff
async def stream(request: Request, topics: str = Query(">", description="Comma-separated subject patterns"),
                 principal: Principal = Depends(page_principal)) -> StreamingResponse:
    """Live domain events for signed-in staff (text/event-stream)."""
    if principal.kind != "user" or principal.role == "citizen":
        raise Unauthorized("Sign in to follow the live stream.")
    patterns = [t.strip() for t in topics.split(",") if t.strip()] or [">"]
    headers = {"Cache-Control": "no-cache", "X-Accel-Buffering": "no"}
    return StreamingResponse(_events(request, patterns), media_type="text/event-stream", headers=headers)


# The web domain's routers: the live stream, and the wall screen (its pages module is the shell's).
routers = [router, wall.router]
