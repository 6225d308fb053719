"""Incident pages: the board by status and an incident's detail (map, timeline, SOP checklist, actions)."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import Response
from sqlalchemy.orm import Session

from ioc.areas import service as areas_service
from ioc.auth import service as auth_service
from ioc.auth.principal import Principal
from ioc.db.uow import DB
from ioc.incidents import flows, service
from ioc.incidents.kinds import KIND_LABELS
from ioc.kit.timeutil import utcnow
from ioc.kit.types import Id
from ioc.web.nav import NavItem
from ioc.web.session import staff_page
from ioc.web.templating import render, request_language, template_dirs

router = APIRouter(include_in_schema=False)
NAV = [NavItem("/incidents", "Sự cố", "alert", order=25, tab=True, group="operate")]
STATUS = {
    "incident": {s: (label, flows.STATUS_TONE[s], flows.STATUS_ICON[s]) for s, label in flows.STATUS_LABELS.items()}
}
template_dirs(str(Path(__file__).resolve().parent / "templates"))
BOARD_COLUMNS = ("open", "responding", "contained", "closed")
PER_COLUMN = 30
ROLE_LABELS = {"admin": "Quản trị", "leader": "Lãnh đạo", "operator": "Trực ban IOC", "agency_officer": "Cán bộ đơn vị"}
TIMELINE_LABELS = {
    "created": "Mở sự cố",
    "event_attached": "Gắn sự kiện",
    "alert_attached": "Gắn cảnh báo",
    "alert_resolved": "Cảnh báo đã hết",
    "event_updated": "Sự kiện được cập nhật (CAP Update)",
    "event_cancelled": "Sự kiện bị hủy (CAP Cancel)",
    "status_changed": "Đổi trạng thái",
    "task_done": "Hoàn thành bước",
    "note": "Ghi chú",
    "agencies": "Giao đơn vị",
    "split": "Tách sự cố",
    "merged": "Gộp sự cố",
}


def _labels() -> dict:
    return {
        "kinds": KIND_LABELS,
        "statuses": flows.STATUS_LABELS,
        "tones": flows.STATUS_TONE,
        "priorities": flows.PRIORITY_LABELS,
        "action_labels": flows.ACTION_LABELS,
        "timeline_labels": TIMELINE_LABELS,
        "roles": ROLE_LABELS,
    }


@router.get("/incidents")
def board_page(
    request: Request,
    kind: str | None = Query(None, max_length=40),
    priority: str | None = Query(None, max_length=10),
    area: str | None = Query(None, max_length=10),
    partial: bool = False,
    principal: Principal = Depends(staff_page),
    db: Session = DB,
) -> Response:
    """The incident board: one column per status (tabs on a phone), newest first; `?priority=high&area=…`."""
    kind = kind if kind in KIND_LABELS else None
    priority = priority if priority in flows.PRIORITIES else None
    where = {"kind": kind, "priority": priority, "area_code": area or None}
    columns = {}
    for status in BOARD_COLUMNS:
        filters = where | {"status": status}
        columns[status] = service.list_incidents(db, principal, filters, ("opened_at", True), 0, PER_COLUMN)
    query = urlencode({k: v for k, v in {"kind": kind, "priority": priority, "area": area}.items() if v})
    context = {"columns": columns, "kind": kind, "priority": priority, "area": area, "query": query}
    context["agencies"] = auth_service.agency_labels(db, request_language(request))
    template = "incidents/_board.html" if partial else "incidents/board.html"
    return render(request, template, principal, **context, **_labels())


@router.get("/incidents/{incident_id}")
def detail_page(
    incident_id: Id, request: Request, principal: Principal = Depends(staff_page), db: Session = DB
) -> Response:
    """One incident: map, facts, SOP checklist (overdue highlighted), timeline and the actions of the caller's role."""
    lang = request_language(request)
    item = service.detail(db, principal, incident_id, utcnow())
    others, _ = service.list_incidents(db, principal, {"open_only": True}, ("opened_at", True), 0, 50)
    context = {
        "i": item,
        "merge_targets": [o for o in others if o["id"] != item["id"]],
        "agencies": auth_service.agency_labels(db, lang),
        "can_desk": principal.role in ("admin", "operator"),
        "area_name": areas_service.area_labels(db, [item["area_code"]], lang=lang).get(item["area_code"])
        if item["area_code"]
        else None,
        "points": [{"id": e["id"], "title": e["title"], "lat": e["lat"], "lon": e["lon"]} for e in item["events"]],
    }
    return render(request, "incidents/detail.html", principal, **context, **_labels())
