"""NGSI-LD temporal handlers: the history of one entity, or of the entities a query selects."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response
from sqlalchemy.orm import Session

from ioc.auth.principal import Principal
from ioc.db.uow import DB
from ioc.ngsi_ld import service, temporal
from ioc.ngsi_ld.http import PREFIX, answer, entity_query, no_nul, options, query_context, reader, tenant

router = APIRouter(prefix=f"{PREFIX}/temporal", tags=["ngsi-ld"], dependencies=[Depends(no_nul)])


@router.get("/entities/{entity_id}")
def entity_history(
    entity_id: str, request: Request, db: Session = DB, principal: Principal = Depends(reader)
) -> Response:
    """Attribute instances of an entity: timerel/timeAt/endTimeAt, lastN, temporalValues, aggregation."""
    ctx = query_context(request)
    tq = temporal.parse_query(dict(request.query_params), ctx, options(request))
    return answer(request, temporal.entity_history(db, tenant(request), entity_id, tq, ctx), ctx)


@router.get("/entities")
def query_history(request: Request, db: Session = DB, principal: Principal = Depends(reader)) -> Response:
    """The history of every entity a query (type, id, idPattern, q, georel) selects, paged."""
    ctx = query_context(request)
    tq = temporal.parse_query(dict(request.query_params), ctx, options(request))
    query = entity_query(request)
    count = request.query_params.get("count") == "true"
    who = tenant(request)
    rows, total = service.query_entities(db, who, query, count=count)
    body = [temporal.entity_history(db, who, r.entity_id, tq, ctx, entity_type=r.type) for r in rows]
    headers = {"NGSILD-Results-Count": str(total)} if total is not None else {}
    return answer(request, body, ctx, headers=headers)
