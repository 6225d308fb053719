"""Public feedback API: filing a report, duplicate hints, tracking by code, public results, photos."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import FileResponse
from sqlalchemy.orm import Session
from starlette.datastructures import UploadFile  # what a parsed form holds (FastAPI's is a subclass)

from ioc.auth.deps import citizen_submissions, get_principal
from ioc.auth.principal import Principal
from ioc.db.uow import DB
from ioc.feedback import intake, media, repository, service, views, workflow
from ioc.feedback.catalog import Snapshot, current_catalog
from ioc.feedback.flows import STATUS_LABELS, STATUS_TONE
from ioc.feedback.open311.params import as_float
from ioc.feedback.open311.params import attributes as form_attributes
from ioc.feedback.schemas import CitizenActionIn, CreatedOut, DuplicateOut
from ioc.feedback.settings import FeedbackSettings, feedback_settings
from ioc.kit.errors import NotFound, ValidationProblem
from ioc.kit.i18n import translate
from ioc.kit.timeutil import utcnow
from ioc.kit.types import Id, PageNumber
from ioc.web.templating import request_language

router = APIRouter(prefix="/api/v1/feedback", tags=["feedback"])
TRUE = ("1", "true", "on", "yes")


async def intake_items(request: Request) -> tuple[dict[str, Any], list[media.Upload]]:
    """A new report from JSON or from a multipart/url-encoded form with `photo` files (measured, not read)."""
    if request.headers.get("content-type", "").startswith("application/json"):
        try:
            return await request.json(), []
        except ValueError as exc:
            raise ValidationProblem(
                "body: not valid JSON", errors=[{"field": "body", "message": "not valid JSON"}]
            ) from exc
    form = await request.form()
    data: dict[str, Any] = {}
    uploads: list[media.Upload] = []
    items = list(form.multi_items())
    for key, value in items:
        if isinstance(value, UploadFile):
            upload = media.Upload.of_file(value.file)
            if upload.size or value.filename:  # a browser sends an empty, nameless part when no file was chosen
                uploads.append(upload)
        elif not key.startswith("attribute[") and value.strip() != "":
            data[key] = value.strip()
    data["share_with_agency"] = str(data.get("share_with_agency", "")).lower() in TRUE
    data["attributes"] = form_attributes(items)
    for field in ("lat", "lon"):  # a form's numbers are text: read them as numbers (`true` is not one)
        if field in data:
            data[field] = as_float(data, field)
    return data, uploads


@router.post("/reports", response_model=CreatedOut, status_code=201, dependencies=[Depends(citizen_submissions)])
def file_report(
    request: Request,
    payload: tuple[dict[str, Any], list[media.Upload]] = Depends(intake_items),
    principal: Principal = Depends(get_principal),
    settings: FeedbackSettings = Depends(feedback_settings),
    db: Session = DB,
) -> CreatedOut:
    """File a report (anyone; JSON, or a form with up to five `photo` files). The answer's `reporter_secret`
    is given only here: with the tracking code it lets the reporter rate or reopen the report."""
    data, uploads = payload
    filed = intake.file_report(
        db,
        principal,
        intake.parse(data),
        settings,
        uploads=uploads,
        media_dir=request.app.state.settings.media_dir,
        source="api" if principal.kind == "apikey" else "web",
    )
    report = filed.report
    duplicates = []
    if report.lat is not None:
        duplicates = [
            d.id
            for d in service.suggest_duplicates(
                db, report.category_code, report.lat, report.lon, settings.duplicate_radius_m, exclude_id=report.id
            )
        ]
    return CreatedOut(
        id=report.id,
        tracking_code=report.tracking_code,
        reporter_secret=filed.reporter_secret,
        status=report.status,
        agency_code=report.agency_code,
        expected_datetime=report.resolve_due_at,
        duplicates=duplicates,
    )


@router.get("/duplicates", response_model=list[DuplicateOut])
def duplicates(
    category_code: str,
    lat: float = Query(ge=-90, le=90),
    lon: float = Query(ge=-180, le=180),
    settings: FeedbackSettings = Depends(feedback_settings),
    snap: Snapshot = Depends(current_catalog),
    db: Session = DB,
) -> list[DuplicateOut]:
    """Open reports of the same category within 50 m, to suggest while a citizen is reporting."""
    category = snap.category(category_code)
    if category is None or not (category.active and category.public):
        return []  # reports of private categories are not hinted at
    return service.suggest_duplicates(db, category_code, lat, lon, settings.duplicate_radius_m)


@router.get("/track/{code}")
def track(
    code: str,
    request: Request,
    settings: FeedbackSettings = Depends(feedback_settings),
    snap: Snapshot = Depends(current_catalog),
    db: Session = DB,
) -> dict[str, Any]:
    """A report followed with its tracking code, without an account (no personal data)."""
    report = service.report_by_tracking(db, code)
    view = views.public_view(db, report, snap, lang=request_language(request), code=report.tracking_code)
    view["can_rate"] = (
        report.status == "resolved"
        and report.resolved_at is not None
        and utcnow() <= report.resolved_at + timedelta(days=settings.rating_window_days)
    )
    return view


@router.post("/track/{code}/actions")
def citizen_action(
    code: str,
    body: CitizenActionIn,
    request: Request,
    principal: Principal = Depends(get_principal),
    settings: FeedbackSettings = Depends(feedback_settings),
    db: Session = DB,
) -> dict[str, Any]:
    """Rate a resolved report (1–5) or reopen it as not fixed, within the window: the reporter only, with the
    `reporter_secret` given when the report was filed (403 without it)."""
    report = workflow.citizen_act(db, principal, code, body, settings)
    return {"status": report.status, "status_label": translate(STATUS_LABELS[report.status], request_language(request))}


@router.get("/public/reports")
def public_reports(
    request: Request,
    page: PageNumber = 1,
    page_size: int = Query(50, ge=1, le=200),
    category_code: str | None = None,
    status: str | None = Query(None, pattern="^(open|closed)$"),
    snap: Snapshot = Depends(current_catalog),
    db: Session = DB,
) -> dict[str, Any]:
    """Public reports (public categories only) with status, answer and photos (the citizen's `media_url`, the
    agency's result in `after_media_url` and every one of its "after" photos in `after_photos`), newest first."""
    from ioc.feedback.flows import CLOSED_STATUSES, OPEN_STATUSES

    lang = request_language(request)
    statuses = OPEN_STATUSES if status == "open" else CLOSED_STATUSES if status == "closed" else None
    rows = repository.open311_rows(
        db,
        codes=[category_code] if category_code else None,
        statuses=statuses,
        offset=(page - 1) * page_size,
        limit=page_size,
    )
    items = service.public_items(db, rows, lang, snap.category_name)
    return {"items": items, "page": page, "page_size": page_size}


@router.get("/public/geojson")
def public_geojson(
    request: Request, days: int = Query(90, ge=1, le=3660), snap: Snapshot = Depends(current_catalog), db: Session = DB
) -> dict:
    """Public reports as GeoJSON points for the public map."""
    lang = request_language(request)
    rows = repository.map_points(
        db, public_only=True, statuses=None, agency=None, since=utcnow() - timedelta(days=days), limit=5000
    )
    return points_geojson(snap, rows, lang)


def points_geojson(snap: Snapshot, rows: list[Any], lang: str, *, staff: bool = False) -> dict:
    """Map points as a FeatureCollection (no personal data; tracking code only for IOC staff)."""
    features = []
    for rid, tracking, lat, lon, status, code, requested, _due, _verify_due, description, area in rows:
        props = {
            "id": rid,
            "status": status,
            "status_label": translate(STATUS_LABELS[status], lang),
            "tone": STATUS_TONE[status],
            "category": snap.category_name(code, lang),
            "requested_at": requested.isoformat(),
            "description": description[:140],
            "outside": area is None,  # in no ward of the province: the map says so rather than hide it
        }
        if staff:
            props["tracking_code"] = tracking
        features.append(
            {
                "type": "Feature",
                "id": rid,
                "geometry": {"type": "Point", "coordinates": [lon, lat]},
                "properties": props,
            }
        )
    return {"type": "FeatureCollection", "features": features}


@router.get("/photos/{photo_id}/{variant}")
def photo(
    photo_id: Id,
    variant: str,
    request: Request,
    code: str | None = None,
    principal: Principal = Depends(get_principal),
    db: Session = DB,
) -> FileResponse:
    """A photo variant, only to those allowed: the original (with EXIF) to IOC staff only."""
    row = repository.photo(db, photo_id)
    report = repository.report(db, row.report_id) if row else None
    if row is None or report is None or variant not in media.VARIANTS:
        raise NotFound("photo not found")
    by_code = code is not None and code.strip().upper() == report.tracking_code
    public = report.is_public and report.status != "rejected"
    allowed = principal.is_staff if variant == "original" else (public or by_code or service.can_see(principal, report))
    if not allowed:
        raise NotFound("photo not found")
    path = media.path_of(request.app.state.settings.media_dir, row.stem, row.extension, variant)
    if not path.exists():
        raise NotFound("photo file missing")
    return FileResponse(path, media_type=row.content_type, headers={"Cache-Control": "private, max-age=3600"})
