"""HTTP handlers of /api/v1/alert-rules and /api/v1/alerts."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from fastapi import APIRouter, Depends, Query
from fastapi.responses import Response
from sqlalchemy.orm import Session

from ioc.alerts import export, listing, preview, repository, service
from ioc.alerts.schemas import STATUSES, AckIn, AlertOut, RuleIn, RuleOut
from ioc.auth.deps import require_roles
from ioc.auth.principal import Principal
from ioc.db.uow import DB
from ioc.kit.errors import NotFound, ValidationProblem
from ioc.kit.openapi import answers, media
from ioc.kit.pagination import Page, PageParams, page_params
from ioc.kit.types import Id

rules_api = APIRouter(prefix="/api/v1/alert-rules", tags=["alerts"])
alerts_api = APIRouter(prefix="/api/v1/alerts", tags=["alerts"])
routers = [rules_api, alerts_api]
reader = require_roles("admin", "leader", "operator")
writer = require_roles("admin", "operator")
viewer = require_roles("admin", "leader", "operator", "agency_officer")  # officers: alerts of their areas or agency


@rules_api.get("", response_model=Page[RuleOut])
def list_rules(paging: PageParams = Depends(page_params), _: Principal = Depends(reader), db: Session = DB) -> dict:
    """Alert rules, by id unless `sort` says."""
    order = paging.sort_key(repository.RULE_SORTABLE, "id")
    items, total = service.list_rules(db, order, paging.offset, paging.page_size)
    return {"items": items, "total": total, "page": paging.page, "page_size": paging.page_size}


@rules_api.post("", response_model=RuleOut, status_code=201)
@answers(409)
def create_rule(data: RuleIn, principal: Principal = Depends(writer), db: Session = DB) -> dict:
    """Create a rule; an unknown quantity or station, or a bad duration, is a 422 naming the field."""
    return service.create_rule(db, principal, data)


@rules_api.post("/preview", response_model=preview.PreviewOut)
def preview_rule(
    data: RuleIn, days: int = Query(7, ge=1, le=preview.MAX_DAYS), _: Principal = Depends(writer), db: Session = DB
) -> dict:
    """What the rule, not saved, would have fired over the last `days` days of stored values: episodes and counts."""
    return preview.preview(db, data, days)


@rules_api.get("/{rule_id}", response_model=RuleOut)
@answers(404)
def get_rule(rule_id: Id, _: Principal = Depends(reader), db: Session = DB) -> dict:
    """One rule."""
    return service.get_rule(db, rule_id)


@rules_api.put("/{rule_id}", response_model=RuleOut)
@answers(404, 409)
def update_rule(rule_id: Id, data: RuleIn, principal: Principal = Depends(writer), db: Session = DB) -> dict:
    """Replace a rule; a changed condition starts its series afresh."""
    return service.update_rule(db, principal, rule_id, data)


@rules_api.delete("/{rule_id}", status_code=204, response_class=Response)
@answers(404)
def delete_rule(rule_id: Id, principal: Principal = Depends(writer), db: Session = DB) -> Response:
    """Delete a rule (its alerts stay on the record)."""
    service.delete_rule(db, principal, rule_id)
    return Response(status_code=204)


def alert_filters(
    status: Literal[STATUSES] | None = None,  # type: ignore[valid-type]
    severity: str | None = Query(None, max_length=20),
    rule: str | None = Query(None, max_length=80),
    acknowledged: bool | None = None,
    area: str | None = Query(None, max_length=10, description="the ward (code) the alert is labelled with"),
    since: datetime | None = Query(None, description="alerts still firing at or after this time"),
    until: datetime | None = Query(None, description="alerts that started before this time"),
) -> dict:
    """The alerts' filters; since and until need a time zone, and since comes before until."""
    for name, value in (("since", since), ("until", until)):
        if value is not None and value.tzinfo is None:
            raise ValidationProblem(
                f"{name}: needs a time zone", errors=[{"field": name, "message": "needs a time zone (Z or +07:00)"}]
            )
    if since and until and until <= since:
        raise ValidationProblem("until: must be after since", errors=[{"field": "until", "message": "after since"}])
    return {
        "status": status,
        "severity": severity,
        "rule": rule,
        "acknowledged": acknowledged,
        "area": area,
        "since": since,
        "until": until,
    }


@alerts_api.get("", response_model=Page[AlertOut])
def list_alerts(
    filters: dict = Depends(alert_filters),
    paging: PageParams = Depends(page_params),
    who: Principal = Depends(viewer),
    db: Session = DB,
) -> dict:
    """Alerts by status, severity, rule key, acknowledgement and window [since, until); newest first unless `sort`."""
    order = paging.sort_key(repository.SORTABLE, "-starts_at")
    items, total = listing.list_alerts(db, filters | listing.scope(who), order, paging.offset, paging.page_size)
    return {"items": items, "total": total, "page": paging.page, "page_size": paging.page_size}


@alerts_api.get("/counts", response_model=dict[str, int])
def alert_counts(filters: dict = Depends(alert_filters), who: Principal = Depends(viewer), db: Session = DB) -> dict:
    """How many alerts are in all, firing, unacknowledged, resolved and acknowledged under the other filters."""
    return listing.tab_counts(db, filters | listing.scope(who))


@alerts_api.get("/export.{fmt}", response_class=Response, responses=media("text/csv", export.XLSX_TYPE))
def export_alerts(
    fmt: Literal["csv", "xlsx"],
    filters: dict = Depends(alert_filters),
    who: Principal = Depends(viewer),
    db: Session = DB,
) -> Response:
    """The filtered alerts (newest first, at most 10,000) as CSV or XLSX, times in Vietnam's time."""
    rows = listing.export_alerts(db, filters | listing.scope(who))
    headers = {"Content-Disposition": f'attachment; filename="canh-bao.{fmt}"'}
    if fmt == "csv":
        return Response(export.to_csv(rows), media_type="text/csv; charset=utf-8", headers=headers)
    return Response(export.to_xlsx(rows), media_type=export.XLSX_TYPE, headers=headers)


@alerts_api.get("/{alert_id}", response_model=AlertOut)
@answers(404)
def get_alert(alert_id: Id, who: Principal = Depends(viewer), db: Session = DB) -> dict:
    """One alert with the points that fired it."""
    alert = service.get_alert(db, alert_id)
    if alert is None or not listing.concerns(who, alert):
        raise NotFound(f"No alert {alert_id}")
    return alert


@alerts_api.post("/{alert_id}/ack", response_model=AlertOut)
@answers(404)
def acknowledge(alert_id: Id, data: AckIn, principal: Principal = Depends(reader), db: Session = DB) -> dict:
    """Acknowledge an alert (who, when, comment); audited, and the notifications hear of it."""
    return service.acknowledge(db, principal, alert_id, data.comment)
