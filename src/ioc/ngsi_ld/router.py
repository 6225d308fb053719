"""NGSI-LD HTTP handlers: entities and batch operations (subscriptions and temporal in their routers)."""

from __future__ import annotations

from urllib.parse import quote

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response
from sqlalchemy.orm import Session

from ioc.auth.principal import Principal
from ioc.db.uow import DB, retry_on_conflict
from ioc.kit.openapi import answers
from ioc.ngsi_ld import batch, service
from ioc.ngsi_ld.attrs import parse_attrs, parse_entity, render
from ioc.ngsi_ld.errors import NgsiProblem, bad_data
from ioc.ngsi_ld.http import (
    PREFIX,
    answer,
    csv_param,
    entity_query,
    no_nul,
    options,
    plain,
    query_context,
    read_body,
    reader,
    tenant,
    writer,
)
from ioc.ngsi_ld.router_subscriptions import router as subscriptions_router
from ioc.ngsi_ld.router_temporal import router as temporal_router

router = APIRouter(prefix=PREFIX, tags=["ngsi-ld"], dependencies=[Depends(no_nul)])


@router.post("/entities", status_code=201)
@answers(415)  # a body that is not JSON or JSON-LD
async def create_entity(request: Request, db: Session = DB, principal: Principal = Depends(writer)) -> Response:
    """Create an entity: 201 + Location, 409 AlreadyExists, 400 BadRequestData naming the field."""
    body, ctx, _ = await read_body(request)
    entity = parse_entity(body, ctx, key_values="keyValues" in options(request))
    retry_on_conflict(db, lambda: service.create_entity(db, principal, tenant(request), entity))
    return Response(status_code=201, headers={"Location": f"{PREFIX}/entities/{quote(entity.id, safe=':')}"})


@router.get("/entities")
def query_entities(request: Request, db: Session = DB, principal: Principal = Depends(reader)) -> Response:
    """Query entities by type, id, idPattern, attrs, q and georel, paged, with count=true."""
    ctx = query_context(request)
    query = entity_query(request)
    count = request.query_params.get("count") == "true"
    rows, total = service.query_entities(db, tenant(request), query, count=count)
    flags = options(request)
    only = set(query.attrs) if query.attrs else None
    body = [
        render(
            r.entity_id,
            r.type,
            r.attrs,
            ctx,
            key_values="keyValues" in flags,
            only=only,
            sys_attrs=_sys_attrs(r, flags),
        )
        for r in rows
    ]
    headers = {"NGSILD-Results-Count": str(total)} if total is not None else {}
    return answer(request, body, ctx, headers=headers)


def _sys_attrs(row, flags: set[str]) -> dict[str, str] | None:
    if "sysAttrs" not in flags:
        return None
    return {
        "createdAt": row.created_at.isoformat().replace("+00:00", "Z"),
        "modifiedAt": row.modified_at.isoformat().replace("+00:00", "Z"),
    }


@router.get("/entities/{entity_id}")
def read_entity(entity_id: str, request: Request, db: Session = DB, principal: Principal = Depends(reader)) -> Response:
    """One entity, normalized by default; attrs= and options=keyValues|sysAttrs."""
    ctx = query_context(request)
    row = service.require_entity(db, tenant(request), entity_id)
    attrs = csv_param(request, "attrs", ctx)
    flags = options(request)
    body = render(
        row.entity_id,
        row.type,
        row.attrs,
        ctx,
        key_values="keyValues" in flags,
        only=set(attrs) if attrs else None,
        sys_attrs=_sys_attrs(row, flags),
    )
    return answer(request, body, ctx)


@router.delete("/entities/{entity_id}", status_code=204)
def delete_entity(
    entity_id: str, request: Request, db: Session = DB, principal: Principal = Depends(writer)
) -> Response:
    """Delete an entity: 204, or 404 ResourceNotFound."""
    retry_on_conflict(db, lambda: service.delete_entity(db, principal, tenant(request), entity_id))
    return Response(status_code=204)


async def _write_attrs(entity_id: str, request: Request, db: Session, principal: Principal, mode: str) -> Response:
    body, ctx, _ = await read_body(request, patch=mode == "update")
    if not isinstance(body, dict):
        raise bad_data("body", "must be a JSON object of attributes")
    attrs = parse_attrs(body, ctx, key_values="keyValues" in options(request))
    if not attrs:
        raise bad_data("body", "no attributes to write")
    updated, not_updated = retry_on_conflict(
        db, lambda: service.write_attrs(db, principal, tenant(request), entity_id, attrs, mode=mode)
    )
    if not not_updated:
        return Response(status_code=204)
    return plain(
        {
            "updated": [ctx.compact(n) for n in updated],
            "notUpdated": [{**n, "attributeName": ctx.compact(n["attributeName"])} for n in not_updated],
        },
        207,
    )


@router.post("/entities/{entity_id}/attrs", status_code=204)
@answers(415)  # a body that is not JSON or JSON-LD
async def append_attrs(
    entity_id: str, request: Request, db: Session = DB, principal: Principal = Depends(writer)
) -> Response:
    """Append attributes (options=noOverwrite keeps existing ones): 204, or 207 with notUpdated."""
    mode = "noOverwrite" if "noOverwrite" in options(request) else "append"
    return await _write_attrs(entity_id, request, db, principal, mode)


@router.patch("/entities/{entity_id}/attrs", status_code=204)
@answers(415)  # a body that is not JSON or JSON-LD
async def update_attrs(
    entity_id: str, request: Request, db: Session = DB, principal: Principal = Depends(writer)
) -> Response:
    """Update existing attributes: 204, or 207 listing those that do not exist."""
    return await _write_attrs(entity_id, request, db, principal, "update")


@router.post("/entityOperations/{operation}")
@router.post("/entityOperations/{operation}/")  # the FIWARE IoT Agent posts with a trailing slash
@answers(415)  # a body that is not JSON or JSON-LD
async def entity_operations(
    operation: str, request: Request, db: Session = DB, principal: Principal = Depends(writer)
) -> Response:
    """Batch create / upsert / update / delete: 201/204 on success, 207 {success, errors} otherwise."""
    if operation not in ("create", "upsert", "update", "delete"):
        raise NgsiProblem("OperationNotSupported", f"unknown batch operation {operation!r}", 400)
    body, ctx, ld = await read_body(request)
    items = batch.check_array(body)
    flags, who = options(request), tenant(request)
    if operation == "delete":
        result = retry_on_conflict(db, lambda: batch.delete(db, principal, who, items))
    else:
        kw = {
            "create_only": operation == "create",
            "update_only": operation == "update",
            "mode": "update" if "update" in flags else "replace",
            "no_overwrite": "noOverwrite" in flags,
            "key_values": "keyValues" in flags,
        }
        result = retry_on_conflict(db, lambda: batch.upsert(db, principal, who, items, ctx, ld=ld, **kw))
    return _batch_answer(operation, result)


def _batch_answer(operation: str, result: batch.BatchResult) -> Response:
    if result.errors:
        return plain({"success": result.success, "errors": result.errors}, 207)
    if operation == "create" or (operation == "upsert" and result.created):
        return plain(result.created, 201)
    return Response(status_code=204)


routers = [router, subscriptions_router, temporal_router]
