"""The demo's own webhook sink: a receiver of `ioc demo` points at it, so a newcomer sees the Alertmanager
(version 4) bodies the outbox delivers. Only in a demo process; the last SINK_SIZE bodies, in memory."""

from __future__ import annotations

import hmac
import json
from collections import deque
from datetime import datetime
from typing import Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response
from sqlalchemy.orm import Session

from ioc.auth.principal import Principal
from ioc.db.uow import DB
from ioc.kit.bus import emit_after_commit
from ioc.kit.callbacks import SIGNATURE_HEADER, signature
from ioc.kit.errors import NotFound, Unauthorized, ValidationProblem
from ioc.kit.timeutil import utcnow
from ioc.web.session import staff_page
from ioc.web.templating import render

PATH = "/api/v1/demo/webhook-sink"
SINK_SIZE = 50
MAX_BYTES = 256 * 1024
TOPIC = "notify.demo_sink.received"
READERS = ("admin", "operator", "leader")
api = APIRouter(include_in_schema=False)
pages = APIRouter(include_in_schema=False)


def _sink(request: Request) -> deque:
    """The bodies this demo process received, newest last; a 404 outside a demo."""
    if not getattr(request.app.state, "demo", False):
        raise NotFound("The webhook sink exists only in the demo.")
    if not hasattr(request.app.state, "demo_sink"):
        request.app.state.demo_sink = deque(maxlen=SINK_SIZE)
    return request.app.state.demo_sink


def _entry(body: dict[str, Any], at: datetime) -> dict[str, Any]:
    alerts = body.get("alerts") if isinstance(body.get("alerts"), list) else []
    names = sorted({str((a.get("labels") or {}).get("alertname", "")) for a in alerts if isinstance(a, dict)})
    return {
        "at": at, "status": str(body.get("status", "")), "receiver": str(body.get("receiver", "")),
        "version": str(body.get("version", "")), "alerts": len(alerts), "names": names,
        "json": json.dumps(body, ensure_ascii=False, indent=2)[:MAX_BYTES],
    }  # fmt: skip


@api.post(PATH, status_code=204, response_class=Response)
async def receive(request: Request, db: Session = DB) -> Response:
    """Record one signed webhook body (the signature is this IOC's, as every receiver can check)."""
    sink = _sink(request)
    raw = await request.body()
    if len(raw) > MAX_BYTES:
        raise ValidationProblem("body: too large for the demo sink", errors=[{"field": "body", "message": "too large"}])
    expected = signature(request.app.state.settings.secret_key, raw)
    if not hmac.compare_digest(request.headers.get(SIGNATURE_HEADER, ""), expected):
        raise Unauthorized("The body is not signed by this IOC.")
    try:
        body = json.loads(raw)
    except ValueError:
        raise ValidationProblem("body: not JSON", errors=[{"field": "body", "message": "not JSON"}]) from None
    if not isinstance(body, dict):
        raise ValidationProblem("body: not an object", errors=[{"field": "body", "message": "not an object"}])
    sink.append(_entry(body, utcnow()))
    emit_after_commit(db, TOPIC, {"count": len(sink)})
    return Response(status_code=204)


def _entries(request: Request, principal: Principal) -> list[dict[str, Any]]:
    if principal.role not in READERS:
        from ioc.kit.errors import Forbidden

        raise Forbidden("The demo's webhook sink is for the IOC staff.")
    return list(reversed(_sink(request)))


@pages.get("/notifications/demo-sink")
def sink_page(request: Request, principal: Principal = Depends(staff_page)) -> Response:
    """What the demo's webhook receiver received, newest first, live."""
    return render(request, "notify/demo_sink.html", principal, entries=_entries(request, principal), path=PATH)


@pages.get("/notifications/demo-sink/_list")
def sink_fragment(request: Request, principal: Principal = Depends(staff_page)) -> Response:
    """The list of the sink page (its live fragment)."""
    return render(request, "notify/_demo_sink.html", principal, entries=_entries(request, principal))
