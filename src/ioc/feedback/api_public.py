"""Public feedback API: filing a report, duplicate hints, tracking by code, public results, photos."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from fastapi import APIRouter, Depends, Query, Request, UploadFile
from fastapi.responses import FileResponse
from pydantic import ValidationError
from sqlalchemy.orm import Session

from ioc.auth.deps import get_principal
from ioc.db.uow import DB
from ioc.auth.principal import Principal
from ioc.feedback import media, repository, service, views, workflow
from ioc.feedback.settings import FeedbackSettings, feedback_settings
from ioc.feedback.flows import STATUS_LABELS, STATUS_TONE
from ioc.feedback.open311.params import attributes as form_attributes
from ioc.feedback.schemas import CitizenActionIn, CreatedOut, DuplicateOut, ReportIn
from ioc.kit.errors import NotFound, ValidationProblem
from ioc.kit.i18n import translate
from ioc.kit.timeutil import utcnow
from ioc.web.templating import request_language
from ioc.kit.types import Id, PageNumber

router = APIRouter(prefix="/api/v1/feedback", tags=["feedback"])
TRUE = ("1", "true", "on", "yes")


async def intake_items(request: Request) -> tuple[dict[str, Any], list[bytes]]:
    """A new report from JSON or from a multipart/url-encoded form with `photo` files."""
    if request.headers.get("content-type", "").startswith("application/json"):
        try:
            return await request.json(), []
        except ValueError:
            raise ValidationProblem("body: not valid JSON", errors=[{"field": "body", "message": "not valid JSON"}])
    form = await request.form()
    data: dict[str, Any] = {}
    photos: list[bytes] = []
    items = list(form.multi_items())
    for key, value in items:
        if isinstance(value, UploadFile) or hasattr(value, "read"):
            content = await value.read()
            if content or value.filename:
                photos.append(content)
        elif not key.startswith("attribute[") and value.strip() != "":
            data[key] = value.strip()
    data["share_with_agency"] = str(data.get("share_with_agency", "")).lower() in TRUE
    data["attributes"] = form_attributes(items)
    return data, photos


def _parse(data: dict[str, Any]) -> ReportIn:
    try:
        return ReportIn.model_validate(data)
    except ValidationError as exc:
        errs = [{"field": ".".join(str(p) for p in e["loc"]) or "body", "message": e["msg"]} for e in exc.errors()]
        raise ValidationProblem("; ".join(f"{e['field']}: {e['message']}" for e in errs), errors=errs) from None


@router.post("/reports", response_model=CreatedOut, status_code=201)
def file_report(request: Request, payload: tuple[dict[str, Any], list[bytes]] = Depends(intake_items),
                principal: Principal = Depends(get_principal), settings: FeedbackSettings = Depends(feedback_settings), db: Session = DB) -> CreatedOut:
    """File a report (anyone; JSON, or a form with up to five `photo` files)."""
    data, raw_photos = payload
    report_in = _parse(data)
    photos = [media.check_photo(b, settings.max_photo_bytes) for b in raw_photos]
    report = service.create_report(db, principal, report_in, settings, media_dir=request.app.state.settings.media_dir,
                                   photos=photos, source="api" if principal.kind == "apikey" else "web")
    duplicates = []
    if report.lat is not None:
        duplicates = [d.id for d in service.suggest_duplicates(db, report.category_code, report.lat, report.lon,
                                                               settings.duplicate_radius_m, exclude_id=report.id)]
    return CreatedOut(id=report.id, tracking_code=report.tracking_code, status=report.status,
                      agency_code=report.agency_code, expected_datetime=report.resolve_due_at, duplicates=duplicates)


@router.get("/duplicates", response_model=list[DuplicateOut])
def duplicates(category_code: str, lat: float = Query(ge=-90, le=90), lon: float = Query(ge=-180, le=180),
               settings: FeedbackSettings = Depends(feedback_settings), db: Session = DB) -> list[DuplicateOut]:
    """Open reports of the same category within 50 m, to suggest while a citizen is reporting."""
    found = service.suggest_duplicates(db, category_code, lat, lon, settings.duplicate_radius_m)
    public = {c.code for c in repository.categories(db, public_only=True)}
    return found if category_code in public else []


@router.get("/track/{code}")
def track(code: str, request: Request, settings: FeedbackSettings = Depends(feedback_settings), db: Session = DB) -> dict[str, Any]:
    """A report followed with its tracking code, without an account (no personal data)."""
    report = service.report_by_tracking(db, code)
    view = views.public_view(db, report, lang=request_language(request), code=report.tracking_code)
    view["can_rate"] = report.status == "resolved" and report.resolved_at is not None and \
        utcnow() <= report.resolved_at + timedelta(days=settings.rating_window_days)
    return view


@router.post("/track/{code}/actions")
def citizen_action(code: str, body: CitizenActionIn, request: Request, principal: Principal = Depends(get_principal),
                   settings: FeedbackSettings = Depends(feedback_settings), db: Session = DB) -> dict[str, Any]:
    """Rate a resolved report (1–5) or reopen it as not fixed, within the window."""
    report = workflow.citizen_act(db, principal, code, body, settings)
    return {"status": report.status, "status_label": translate(STATUS_LABELS[report.status],
                                                               request_language(request))}


@router.get("/public/reports")
def public_reports(request: Request, page: PageNumber = 1, page_size: int = Query(50, ge=1, le=200),
                   category_code: str | None = None, status: str | None = Query(None, pattern="^(open|closed)$"),
                   db: Session = DB) -> dict[str, Any]:
    """Public reports (public categories only) with status and answer, newest first."""
    from ioc.feedback.flows import CLOSED_STATUSES, OPEN_STATUSES

    lang = request_language(request)
    statuses = OPEN_STATUSES if status == "open" else CLOSED_STATUSES if status == "closed" else None
    rows = repository.open311_rows(db, codes=[category_code] if category_code else None, statuses=statuses,
                                   offset=(page - 1) * page_size, limit=page_size)
    names = {c.code: (c.name_en if lang == "en" and c.name_en else c.name)
             for c in repository.categories(db, active_only=False)}
    items = [{"id": r[0], "status": r[1], "status_label": translate(STATUS_LABELS[r[1]], lang),
              "tone": STATUS_TONE[r[1]], "public_reply": r[2], "category_name": names.get(r[3], r[3]),
              "description": r[4], "requested_at": r[6], "address": r[9], "lat": r[11], "lon": r[12]} for r in rows]
    return {"items": items, "page": page, "page_size": page_size}


@router.get("/public/geojson")
def public_geojson(request: Request, days: int = Query(90, ge=1, le=3660), db: Session = DB) -> dict:
    """Public reports as GeoJSON points for the public map."""
    lang = request_language(request)
    rows = repository.map_points(db, public_only=True, statuses=None, agency=None,
                                 since=utcnow() - timedelta(days=days), limit=5000)
    return points_geojson(db, rows, lang)


def points_geojson(db: Session, rows: list[Any], lang: str, *, staff: bool = False) -> dict:
    """Map points as a FeatureCollection (no personal data; tracking code only for staff)."""
    names = {c.code: (c.name_en if lang == "en" and c.name_en else c.name)
             for c in repository.categories(db, active_only=False)}
    features = []
    for rid, tracking, lat, lon, status, code, requested, due, verify_due, description in rows:
        props = {"id": rid, "status": status, "status_label": translate(STATUS_LABELS[status], lang),
                 "tone": STATUS_TONE[status], "category": names.get(code, code), "requested_at": requested.isoformat(),
                 "description": description[:140]}
        if staff:
            props["tracking_code"] = tracking
        features.append({"type": "Feature", "id": rid, "geometry": {"type": "Point", "coordinates": [lon, lat]},
                         "properties": props})
    return {"type": "FeatureCollection", "features": features}


@router.get("/photos/{photo_id}/{variant}")
def photo(photo_id: Id, variant: str, request: Request, code: str | None = None,
          principal: Principal = Depends(get_principal), db: Session = DB) -> FileResponse:
    """A photo variant, only to those allowed: the original (with EXIF) to IOC staff only."""
    row = repository.photo(db, photo_id)
    report = repository.report(db, row.report_id) if row else None
    if row is None or report is None or variant not in media.VARIANTS:
        raise NotFound("photo not found")
    by_code = code is not None and code.strip().upper() == report.tracking_code
    public = report.is_public and report.status != "rejected"
    allowed = principal.is_staff if variant == "original" else \
        (public or by_code or service.can_see(principal, report))
    if not allowed:
        raise NotFound("photo not found")
    path = media.path_of(request.app.state.settings.media_dir, row.stem, row.extension, variant)
    if not path.exists():
        raise NotFound("photo file missing")
    return FileResponse(path, media_type=row.content_type, headers={"Cache-Control": "private, max-age=3600"})
