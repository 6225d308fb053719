"""NGSI-LD subscription handlers: create, list, read, delete."""

from __future__ import annotations

from urllib.parse import quote

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response
from sqlalchemy.orm import Session

from ioc.auth.principal import Principal
from ioc.db.uow import DB, retry_on_conflict
from ioc.kit.openapi import answers
from ioc.ngsi_ld import repository, subscriptions
from ioc.ngsi_ld.errors import bad_data
from ioc.ngsi_ld.http import PREFIX, answer, int_param, no_nul, query_context, read_body, reader, tenant, writer
from ioc.ngsi_ld.service import MAX_LIMIT
from ioc.ngsi_ld.settings import NgsiSettings

router = APIRouter(prefix=PREFIX, tags=["ngsi-ld"], dependencies=[Depends(no_nul)])


@router.post("/subscriptions", status_code=201)
@answers(415)  # a body that is not JSON or JSON-LD
async def create_subscription(request: Request, db: Session = DB, principal: Principal = Depends(writer)) -> Response:
    """Create a subscription: 201 + Location, 409 if the id exists."""
    body, ctx, _ = await read_body(request)
    allow = request.app.state.settings.section(NgsiSettings).notify_allowlist()
    sub = subscriptions.parse_subscription(body, ctx, allow)
    retry_on_conflict(db, lambda: subscriptions.create(db, principal, tenant(request), sub))
    return Response(status_code=201, headers={"Location": f"{PREFIX}/subscriptions/{quote(sub['id'], safe=':')}"})


@router.get("/subscriptions")
def list_subscriptions(request: Request, db: Session = DB, principal: Principal = Depends(reader)) -> Response:
    """The tenant's subscriptions, paged with limit/offset, count=true for the total."""
    ctx = query_context(request)
    limit, offset = int_param(request, "limit", 20), int_param(request, "offset", 0)
    if not 0 <= limit <= MAX_LIMIT:
        raise bad_data("limit", f"must be between 0 and {MAX_LIMIT}")
    who = tenant(request)
    rows = repository.list_subscriptions(db, who, offset=max(offset or 0, 0), limit=limit)
    headers = (
        {"NGSILD-Results-Count": str(repository.count_subscriptions(db, who))}
        if request.query_params.get("count") == "true"
        else {}
    )
    return answer(request, [subscriptions.render(r, ctx) for r in rows], ctx, headers=headers)


@router.get("/subscriptions/{sub_id}")
def read_subscription(
    sub_id: str, request: Request, db: Session = DB, principal: Principal = Depends(reader)
) -> Response:
    """One subscription, or 404 ResourceNotFound."""
    ctx = query_context(request)
    return answer(request, subscriptions.render(subscriptions.require(db, tenant(request), sub_id), ctx), ctx)


@router.delete("/subscriptions/{sub_id}", status_code=204)
def delete_subscription(
    sub_id: str, request: Request, db: Session = DB, principal: Principal = Depends(writer)
) -> Response:
    """Delete a subscription: 204, or 404 ResourceNotFound."""
    retry_on_conflict(db, lambda: subscriptions.delete(db, principal, tenant(request), sub_id))
    return Response(status_code=204)
