"""HTTP handlers of /api/v1/incidents and /api/v1/sops."""

from __future__ import annotations

import csv
import io
from datetime import datetime

from fastapi import APIRouter, Depends, Path, Query
from fastapi.responses import Response
from sqlalchemy.orm import Session

from ioc.auth.deps import require_roles
from ioc.auth.principal import Principal
from ioc.db.uow import DB
from ioc.incidents import service
from ioc.incidents.flows import PRIORITY_LABELS, STATUS_LABELS
from ioc.incidents.kinds import KIND_LABELS
from ioc.incidents.schemas import (
    KIND_PATTERN,
    ActionIn,
    AgenciesIn,
    IncidentDetail,
    IncidentIn,
    IncidentOut,
    MergeIn,
    NoteIn,
    SopIn,
    SopOut,
    SplitIn,
    TaskDoneIn,
)
from ioc.kit.cells import safe_row
from ioc.kit.openapi import media
from ioc.kit.pagination import Page, PageParams, page_params
from ioc.kit.timeutil import VN_TZ, utcnow
from ioc.kit.types import Id, Timestamp

router = APIRouter(prefix="/api/v1", tags=["incidents"])
readers = require_roles("admin", "leader", "operator", "agency_officer")
desk = require_roles("admin", "operator")
field = require_roles("admin", "operator", "agency_officer")
admin_only = require_roles("admin")
SORTABLE = {"id", "opened_at", "last_event_at", "priority", "status", "kind"}
EXPORT_LIMIT = 10_000
KIND_PATH = Path(pattern=KIND_PATTERN)


@router.get("/sops", response_model=list[SopOut])
def list_sops(_: Principal = Depends(readers), db: Session = DB) -> list:
    """Every SOP template, by incident kind."""
    return service.sops(db)


@router.put("/sops/{kind}", response_model=SopOut)
def put_sop(body: SopIn, kind: str = KIND_PATH, actor: Principal = Depends(admin_only), db: Session = DB):
    """Create or replace the SOP of an incident kind."""
    return service.put_sop(db, actor, kind, body.model_dump())


@router.delete("/sops/{kind}", status_code=204)
def delete_sop(kind: str = KIND_PATH, actor: Principal = Depends(admin_only), db: Session = DB) -> Response:
    """Remove the SOP of an incident kind."""
    service.delete_sop(db, actor, kind)
    return Response(status_code=204)


def _filters(
    status: str | None = Query(None, pattern="^(open|responding|contained|closed|cancelled)$"),
    kind: str | None = Query(None, pattern=KIND_PATTERN),
    priority: str | None = Query(None, pattern="^(low|medium|high|critical)$"),
    agency: str | None = Query(None, max_length=40),
    area: str | None = Query(None, max_length=10),
    since: Timestamp | None = None,
    open_only: bool = False,
) -> dict:
    return {
        "status": status,
        "kind": kind,
        "priority": priority,
        "agency": agency,
        "area_code": area,
        "since": since if since is None or since.tzinfo else since.replace(tzinfo=VN_TZ),
        "open_only": open_only,
    }


@router.get("/incidents", response_model=Page[IncidentOut])
def list_incidents(
    filters: dict = Depends(_filters),
    page: PageParams = Depends(page_params),
    principal: Principal = Depends(readers),
    db: Session = DB,
) -> Page[IncidentOut]:
    """Incidents by status, kind, priority, agency, ward and time (officers: their agency's)."""
    order = page.sort_key(SORTABLE, "-opened_at")
    items, total = service.list_incidents(db, principal, filters, order, page.offset, page.page_size)
    return Page(items=items, total=total, page=page.page, page_size=page.page_size)


def _fmt(value) -> str:
    return value.isoformat() if isinstance(value, datetime) else ("" if value is None else str(value))


@router.get("/incidents/export.csv", response_class=Response, responses=media("text/csv"))
def export_incidents(
    filters: dict = Depends(_filters), principal: Principal = Depends(readers), db: Session = DB
) -> Response:
    """The filtered incidents as CSV (Vietnamese labels, UTF-8 with BOM)."""
    items, _ = service.list_incidents(db, principal, filters, ("opened_at", True), 0, EXPORT_LIMIT)
    buf = io.StringIO()
    out = csv.writer(buf)
    out.writerow(
        ["id", "loại", "tiêu đề", "ưu tiên", "trạng thái", "chủ trì", "phối hợp", "phường/xã", "mở lúc", "đóng lúc"]
    )
    for i in items:
        row = [
            i["id"],
            KIND_LABELS.get(i["kind"], i["kind"]),
            i["title"],
            PRIORITY_LABELS.get(i["priority"], ""),
            STATUS_LABELS.get(i["status"], i["status"]),
            i["lead_agency"],
            " ".join(i["supporting_agencies"]),
            i["area_code"],
            _fmt(i["opened_at"]),
            _fmt(i["closed_at"]),
        ]
        out.writerow(safe_row(_fmt(v) for v in row))
    headers = {"Content-Disposition": 'attachment; filename="incidents.csv"'}
    return Response(("\ufeff" + buf.getvalue()).encode(), media_type="text/csv; charset=utf-8", headers=headers)


@router.post("/incidents", response_model=IncidentOut, status_code=201)
def create_incident(body: IncidentIn, actor: Principal = Depends(desk), db: Session = DB) -> dict:
    """Open an incident from an event, from an alert, or by hand; its kind's SOP becomes its tasks."""
    return service.create(db, actor, body.model_dump())


@router.get("/incidents/{incident_id}", response_model=IncidentDetail)
def get_incident(incident_id: Id, principal: Principal = Depends(readers), db: Session = DB) -> dict:
    """An incident with its events, alerts, SOP tasks (elapsed, overdue) and timeline."""
    return service.detail(db, principal, incident_id)


def _answer(db: Session, principal: Principal, incident_id: int) -> dict:
    db.flush()
    return service.detail(db, principal, incident_id, utcnow())


@router.post("/incidents/{incident_id}/actions", response_model=IncidentDetail)
def act(incident_id: Id, body: ActionIn, actor: Principal = Depends(field), db: Session = DB) -> dict:
    """Change the status: respond, contain, close, cancel, reopen."""
    service.transition(db, actor, incident_id, body.action, body.reason, utcnow())
    return _answer(db, actor, incident_id)


@router.post("/incidents/{incident_id}/notes", response_model=IncidentDetail, status_code=201)
def note(incident_id: Id, body: NoteIn, actor: Principal = Depends(readers), db: Session = DB) -> dict:
    """Write a note on the timeline."""
    service.add_note(db, actor, incident_id, body.text, utcnow())
    return _answer(db, actor, incident_id)


@router.put("/incidents/{incident_id}/agencies", response_model=IncidentDetail)
def agencies(incident_id: Id, body: AgenciesIn, actor: Principal = Depends(desk), db: Session = DB) -> dict:
    """Set the lead and supporting agencies."""
    service.assign(db, actor, incident_id, body.lead_agency, body.supporting_agencies, utcnow())
    return _answer(db, actor, incident_id)


@router.post("/incidents/{incident_id}/tasks/{task_id}/done", response_model=IncidentDetail)
def task_done(
    incident_id: Id, task_id: Id, body: TaskDoneIn, actor: Principal = Depends(readers), db: Session = DB
) -> dict:
    """Check an SOP step off (by its role or agency), ticking its checklist items."""
    service.complete_task(db, actor, incident_id, task_id, body.checked, body.note, utcnow())
    return _answer(db, actor, incident_id)


@router.post("/incidents/{incident_id}/split", response_model=IncidentDetail, status_code=201)
def split(incident_id: Id, body: SplitIn, actor: Principal = Depends(desk), db: Session = DB) -> dict:
    """Move chosen events into a new incident; answers the new one."""
    new = service.split(db, actor, incident_id, body.event_ids, body.title, utcnow())
    return _answer(db, actor, new.id)


@router.post("/incidents/{incident_id}/merge", response_model=IncidentDetail)
def merge(incident_id: Id, body: MergeIn, actor: Principal = Depends(desk), db: Session = DB) -> dict:
    """Fold this incident into another; answers the one that remains."""
    target = service.merge(db, actor, incident_id, body.into, utcnow())
    return _answer(db, actor, target.id)
