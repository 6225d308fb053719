"""Alert pages for the staff: the list of alerts (filterable, paginated) and an alert with the points that fired it."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any, Literal
from urllib.parse import urlencode
from zoneinfo import ZoneInfo

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import Response
from sqlalchemy.orm import Session

from ioc.alerts import listing, service
from ioc.areas import service as areas_service
from ioc.auth.principal import Principal
from ioc.db.uow import DB
from ioc.kit.errors import Forbidden, NotFound, ValidationProblem
from ioc.kit.types import Id, check_year
from ioc.registry import NavItem
from ioc.web.session import staff_page
from ioc.web.templating import render, request_language, template_dirs

template_dirs(str(Path(__file__).parent / "templates"))
router = APIRouter(include_in_schema=False)
READERS = ("admin", "leader", "operator", "agency_officer")  # officers: the alerts of their areas or agency
NAV = [NavItem("/alerts", "Cảnh báo vận hành", "bell", roles=READERS, order=44, group="operate")]
STATUS = {
    "alert": {"firing": ("Đang cảnh báo", "bad", "bell"), "resolved": ("Đã hết", "ok", "info")},
    # A rule's severity label as every page shows it (the list, the picture's chips, the leader's phone).
    "alert_severity": {
        "critical": ("Rất khẩn cấp", "bad", "bell"),
        "high": ("Cao", "bad", "bell"),
        "warning": ("Lưu ý", "warn", "bell"),
        "info": ("Thông tin", "nodata", "info"),
    },
}
PAGE_SIZE = 25
LOCAL = ZoneInfo("Asia/Ho_Chi_Minh")


def _reader(principal: Principal) -> None:
    if principal.role not in READERS:
        raise Forbidden("Only the IOC staff and agency officers see the alerts.")


def _window(since: date | None, until: date | None) -> dict[str, datetime | None]:
    # Days in Vietnam's time: from the start of `since` to the end of `until`.
    start = datetime.combine(since, time(), LOCAL) if since else None
    end = datetime.combine(until + timedelta(days=1), time(), LOCAL) if until else None
    if start and end and end <= start:
        raise ValidationProblem("until: on or after since", errors=[{"field": "until", "message": "on or after since"}])
    return {"since": start, "until": end}


def _day(text: str, field: str) -> date | None:
    if not text:
        return None
    try:
        return check_year(date.fromisoformat(text))
    except ValueError:
        raise ValidationProblem(f"{field}: not a date", errors=[{"field": field, "message": "YYYY-MM-DD"}]) from None


def _query(**values: Any) -> str:
    return urlencode({k: v for k, v in values.items() if v not in (None, "")})


def _wards(request: Request, db: Session) -> list[tuple[str, str]]:
    # The province's wards by name, for the ward filter.
    labels = areas_service.area_labels(
        db, parent=request.app.state.settings.jurisdiction, lang=request_language(request)
    )
    return sorted(labels.items(), key=lambda kv: kv[1])


@router.get("/alerts")
def alerts_page(
    request: Request,
    status: Literal["firing", "unacknowledged", "resolved", "acknowledged"] | None = None,
    severity: str | None = Query(None, max_length=20),
    area: str | None = Query(None, max_length=10),
    since: str = Query("", max_length=10),
    until: str = Query("", max_length=10),
    page: int = Query(1, ge=1, le=10000),
    principal: Principal = Depends(staff_page),
    db: Session = DB,
) -> Response:
    """Alerts, newest first, in tabs (all, firing, unacknowledged, resolved, acknowledged) with counts."""
    _reader(principal)
    since, until = _day(since, "since"), _day(until, "until")  # the form's empty date fields: no bound
    base = {"severity": severity or None, "area": area or None, **_window(since, until)} | listing.scope(principal)
    filters = base | listing.tab_filters(status)
    items, total = listing.list_alerts(db, filters, ("starts_at", True), (page - 1) * PAGE_SIZE, PAGE_SIZE)
    kept = {"severity": severity, "area": area, "since": since, "until": until}
    api = {k: v.isoformat() if isinstance(v, datetime) else v for k, v in filters.items() if k != "scope"}
    ctx = {
        "items": items,
        "total": total,
        "page": page,
        "pages": max(1, -(-total // PAGE_SIZE)),
        "status": status,
        "counts": listing.tab_counts(db, base),
        "kept": kept,
        "here": _query(status=status, **kept),
        "tab_query": lambda tab: _query(status=tab, **kept),
        "page_query": lambda n: _query(status=status, page=n, **kept),
        "export_query": _query(**api),
        "wards": _wards(request, db),
    }
    return render(request, "alerts/list.html", principal, status_family=STATUS["alert"], **ctx)


@router.get("/alerts/{alert_id:int}")
def alert_page(
    request: Request, alert_id: Id, principal: Principal = Depends(staff_page), db: Session = DB
) -> Response:
    """One alert: labels, annotations, the values that fired it, its acknowledgement."""
    _reader(principal)
    alert = service.get_alert(db, alert_id)
    if alert is None or not listing.concerns(principal, alert):
        raise NotFound(f"No alert {alert_id}")
    return render(request, "alerts/detail.html", principal, alert=alert, status_family=STATUS["alert"])


from ioc.alerts import rules_pages  # noqa: E402 (the rule pages share this router)

router.include_router(rules_pages.router)
NAV += rules_pages.NAV
