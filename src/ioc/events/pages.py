"""The staff events page: a filterable, paginated, exportable list and a map of recent events, live."""

from __future__ import annotations

import functools
from datetime import timedelta
from pathlib import Path

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response
from sqlalchemy.orm import Session

from ioc.areas import service as areas_service
from ioc.auth.principal import Principal
from ioc.db.uow import DB
from ioc.events import repository, service
from ioc.events.schemas import CATEGORIES, SEVERITIES
from ioc.kit import i18n
from ioc.kit.errors import Forbidden
from ioc.kit.timeutil import utcnow
from ioc.registry import NavItem
from ioc.web.components import Column, Filter, export_response, table_view
from ioc.web.session import staff_page
from ioc.web.templating import render, request_language, template_dirs

template_dirs(str(Path(__file__).parent / "templates"))
router = APIRouter(include_in_schema=False)
READERS = ("admin", "leader", "operator", "agency_officer")  # an agency officer sees its own wards
NAV = [NavItem("/events", "Sự kiện", "map", roles=READERS, order=42, group="operate")]
CATEGORY_LABEL = {
    "traffic": "Giao thông",
    "naturalDisaster": "Thiên tai",
    "weather": "Thời tiết",
    "environment": "Môi trường",
    "health": "Y tế",
    "security": "An ninh trật tự",
    "agriculture": "Nông nghiệp",
}
SEVERITY_LABEL = {
    "informational": "Thông tin",
    "low": "Thấp",
    "medium": "Trung bình",
    "high": "Cao",
    "critical": "Nghiêm trọng",
}
SUB_LABEL = {
    "trafficJam": "Ùn tắc giao thông",
    "carAccident": "Tai nạn giao thông",
    "carWrongDirection": "Đi ngược chiều",
    "carStopped": "Xe dừng đỗ sai quy định",
    "pothole": "Ổ gà",
    "roadClosed": "Đường bị chặn",
    "roadWorks": "Thi công đường",
    "hazardOnRoad": "Vật cản trên đường",
    "injuredBiker": "Người đi xe máy bị thương",
    "crowdRisk": "Tụ tập đông người",
    "flood": "Ngập lụt",
    "rainfall": "Mưa lớn",
    "heatWave": "Nắng nóng",
    "tropicalCyclone": "Bão, áp thấp nhiệt đới",
    "thunderstorms": "Dông sét",
    "fireRisk": "Nguy cơ cháy",
    "floodRisk": "Nguy cơ ngập",
    "airPollution": "Ô nhiễm không khí",
    "waterPollution": "Ô nhiễm nước",
    "suspiciousAction": "Hành vi đáng ngờ",
    "robbery": "Cướp giật",
    "assault": "Hành hung",
    "civilDisorder": "Gây rối trật tự",
    "buildingFire": "Cháy nhà",
    "forestFire": "Cháy rừng",
    "trafficViolation": "Vi phạm giao thông",
    "smoke": "Khói",
    "medicalEmergency": "Cấp cứu y tế",
    "landslide": "Sạt lở đất",
}
TONE = {"informational": "nodata", "low": "ok", "medium": "warn", "high": "bad", "critical": "bad"}
STATUS = {"event_severity": {k: (v, TONE[k], "info") for k, v in SEVERITY_LABEL.items()}}
WINDOW_DAYS = 7
MAX_ROWS = 2000
COLUMNS = [
    Column("occurred_at", "Thời điểm", kind="date"),
    Column("category_label", "Lĩnh vực"),
    Column("sub_label", "Loại"),
    Column("severity_label", "Mức nghiêm trọng", sort_by="severity_rank"),
    Column("title", "Nội dung", link="/events?id={id}"),
    Column("ward", "Xã, phường"),
    Column("source", "Nguồn"),
]


def _rows(db: Session, lang: str, scope: set[str] | None) -> list[dict]:
    wards = {a.code: a.name for a in areas_service.with_boundaries(db, "ward")}
    rows = []
    for e in repository.since(db, utcnow() - timedelta(days=WINDOW_DAYS), MAX_ROWS, scope):
        rows.append({
            "id": e.id, "occurred_at": e.occurred_at, "category": e.category, "sub_category": e.sub_category,
            "sub_label": i18n.translate(SUB_LABEL.get(e.sub_category or "", ""), lang) if e.sub_category else "",
            "category_label": i18n.translate(CATEGORY_LABEL[e.category], lang), "severity": e.severity,
            "severity_label": i18n.translate(SEVERITY_LABEL[e.severity], lang),
            "severity_rank": SEVERITIES.index(e.severity), "title": e.title, "area_code": e.area_code or "",
            "ward": wards.get(e.area_code or "", ""), "source": e.source, "lat": e.lat, "lon": e.lon,
        })  # fmt: skip
    return rows


def _filters(rows: list[dict], lang: str) -> list[Filter]:
    tr = functools.partial(i18n.translate, lang=lang)
    wards = sorted({(r["area_code"], r["ward"]) for r in rows if r["area_code"]}, key=lambda w: w[1])
    sources = sorted({r["source"] for r in rows})
    return [
        Filter("category", tr("Lĩnh vực"), [(c, tr(CATEGORY_LABEL[c])) for c in CATEGORIES]),
        Filter("severity", tr("Mức nghiêm trọng"), [(s, tr(SEVERITY_LABEL[s])) for s in SEVERITIES]),
        Filter("area_code", tr("Xã, phường"), wards),
        Filter("source", tr("Nguồn"), [(s, s) for s in sources]),
    ]


@router.get("/events")
def events_page(
    request: Request, format: str | None = None, principal: Principal = Depends(staff_page), db: Session = DB
) -> Response:
    """Events of the last 7 days on a map and in a list, filtered by kind, severity, ward and source."""
    if principal.role not in READERS:
        raise Forbidden("the events page is for operators, leaders, administrators and agency officers")
    lang = request_language(request)
    scope = service.visible_areas(db, principal)
    rows = _rows(db, lang, scope)
    view = table_view(request, "events", COLUMNS, rows, default_sort="-occurred_at",
                      filters=_filters(rows, lang), search_keys=("title", "ward"), page_size=25)  # fmt: skip
    if format in ("csv", "xlsx"):
        return export_response(view, format, "su-kien", lang, lambda text: i18n.translate(text, lang), "Sự kiện")
    points = [{"id": r["id"], "lat": r["lat"], "lon": r["lon"], "severity": r["severity"], "title": r["title"],
               "label": r["category_label"]} for r in view.rows if r["lat"] is not None][:MAX_ROWS]  # fmt: skip
    counts: dict[str, int] = {}
    for r in view.rows:
        if r["area_code"]:
            counts[r["area_code"]] = counts.get(r["area_code"], 0) + 1
    chosen = repository.get(db, int(request.query_params["id"])) if _id_param(request) else None
    chosen = chosen if chosen is None or scope is None or chosen.area_code in scope else None
    labels = {"category_label": CATEGORY_LABEL, "severity_label": SEVERITY_LABEL, "sub_label": SUB_LABEL, "tone": TONE}
    return render(
        request, "events/events.html", principal, view=view, points=points, chosen=chosen, ward_counts=counts, **labels
    )


def _id_param(request: Request) -> bool:
    raw = request.query_params.get("id", "")
    return raw.isdigit() and 0 < int(raw) < 2**31
