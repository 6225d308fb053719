"""Open311 GeoReport v2 at /open311/v2, in JSON and XML, with FixMyStreet's request updates."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response
from sqlalchemy.orm import Session
from starlette.datastructures import UploadFile  # what a parsed form holds (FastAPI's is a subclass)

from ioc.auth import service as auth_service
from ioc.db.uow import DB
from ioc.feedback import intake, media, repository
from ioc.feedback.catalog import Snapshot, current_catalog
from ioc.feedback.open311 import answers
from ioc.feedback.open311 import params as p
from ioc.feedback.open311.serialize import definition_json, respond, service_json
from ioc.feedback.settings import FeedbackSettings, feedback_settings
from ioc.kit import openapi
from ioc.kit.errors import Forbidden, NotFound
from ioc.kit.ratelimit import open311_submissions
from ioc.kit.timeutil import utcnow
from ioc.kit.types import parse_id

# Every answer is JSON or XML, as the path's .{fmt} asks (errors too: see errors.py).
router = APIRouter(prefix="/open311/v2", tags=["open311"], responses=openapi.media("application/json", "text/xml"))
FORMATS = ("json", "xml")


def _fmt(fmt: str) -> str:
    if fmt not in FORMATS:
        raise NotFound(f"format {fmt!r} is not served; use .json or .xml")
    return fmt


def _query(request: Request) -> dict[str, Any]:
    query = p.present(request.query_params.multi_items())
    p.check_jurisdiction(query, request.app.state.settings.jurisdiction)
    return query


def _base(request: Request) -> str:
    return str(request.base_url).rstrip("/")


@router.get("/discovery.{fmt}")
def discovery(fmt: str, request: Request) -> Response:
    """Where and how this endpoint is served."""
    body = {
        "changeset": "2026-01-01T00:00:00+07:00",
        "contact": "Trung tâm IOC — ioc@localhost",
        "key_service": "API keys are issued by the IOC administrator (ioc apikeys add).",
        "endpoints": [
            {
                "specification": "http://wiki.open311.org/GeoReport_v2",
                "url": f"{_base(request)}/open311/v2",
                "changeset": "2026-01-01T00:00:00+07:00",
                "type": "production",
                "formats": ["application/json", "text/xml"],
            }
        ],
    }
    return respond(_fmt(fmt), body, "discovery")


@router.get("/services.{fmt}")
def services(fmt: str, request: Request, snap: Snapshot = Depends(current_catalog)) -> Response:
    """Every active category as an Open311 service."""
    fmt, query = _fmt(fmt), _query(request)
    lang = "en" if query.get("locale", "").startswith("en") else "vi"
    return respond(fmt, [service_json(c, lang) for c in snap.listing()], "services", "service")


@router.get("/services/{service_code}.{fmt}")
def service_definition(
    service_code: str, fmt: str, request: Request, snap: Snapshot = Depends(current_catalog)
) -> Response:
    """The questions (attributes) of one service."""
    fmt, _ = _fmt(fmt), _query(request)
    return respond(fmt, definition_json(snap.active_category(service_code)), "service_definition")


async def form_items(request: Request) -> list[tuple[str, Any]]:
    """The posted fields; uploaded files are measured here, and read only once the limits are checked."""
    form = await request.form()
    items: list[tuple[str, Any]] = []
    for key, value in form.multi_items():
        if isinstance(value, UploadFile):
            upload = media.Upload.of_file(value.file)
            if upload.size or value.filename:  # an empty, nameless part is no file
                items.append((key, upload))
        else:
            items.append((key, value))
    return items + [(k, v) for k, v in request.query_params.multi_items() if k == "api_key"]


@router.post("/requests.{fmt}", dependencies=[Depends(open311_submissions)])
@openapi.answers(403)  # no api_key, or a wrong one
def create_request(
    fmt: str,
    request: Request,
    items: list[tuple[str, Any]] = Depends(form_items),
    settings: FeedbackSettings = Depends(feedback_settings),
    db: Session = DB,
) -> Response:
    """File a service request (form-encoded or multipart with `media` files, api_key as a form field)."""
    fmt = _fmt(fmt)
    form = p.present((k, v) for k, v in items if isinstance(v, str))
    p.check_jurisdiction(form, request.app.state.settings.jurisdiction)
    principal = auth_service.principal_for_api_key(db, form["api_key"]) if form.get("api_key") else None
    if principal is None:
        raise Forbidden("api_key: missing or invalid", errors=[{"field": "api_key", "message": "missing or invalid"}])
    uploads = [v for k, v in items if k == "media" and isinstance(v, media.Upload)]
    filed = intake.file_report(
        db,
        principal,
        p.report_in(form, items),
        settings,
        uploads=uploads,
        media_dir=request.app.state.settings.media_dir,
        source="open311",
    )
    return respond(fmt, [answers.created(filed, form)], "service_requests", "request")


@router.get("/tokens/{token}.{fmt}")
def token_status(token: str, fmt: str, request: Request, db: Session = DB) -> Response:
    """The request id created for a token."""
    fmt, _ = _fmt(fmt), _query(request)
    report_id = repository.report_id_by_token(db, token)
    if report_id is None:
        raise NotFound("token: unknown token", errors=[{"field": "token", "message": "unknown token"}])
    return respond(fmt, [{"service_request_id": str(report_id), "token": token}], "service_requests", "request")


@router.get("/requests.{fmt}")
def list_requests(fmt: str, request: Request, snap: Snapshot = Depends(current_catalog), db: Session = DB) -> Response:
    """Public requests: the last 90 days by default, at most 1000, with every Open311 filter."""
    fmt, query = _fmt(fmt), _query(request)
    rows = answers.query_requests(db, query, utcnow())
    body = answers.request_dicts(db, snap, rows, base_url=_base(request), extensions=query.get("extensions") == "true")
    return respond(fmt, body, "service_requests", "request")


@router.get("/requests/{request_id}.{fmt}")
def get_request(
    request_id: str, fmt: str, request: Request, snap: Snapshot = Depends(current_catalog), db: Session = DB
) -> Response:
    """One public request, as a list of one."""
    fmt, query = _fmt(fmt), _query(request)
    rows = repository.open311_rows(db, ids=[parse_id(request_id)]) if parse_id(request_id) else []
    if not rows:
        raise NotFound(
            f"service_request_id: unknown request {request_id!r}",
            errors=[{"field": "service_request_id", "message": f"unknown request {request_id!r}"}],
        )
    body = answers.request_dicts(db, snap, rows, base_url=_base(request), extensions=query.get("extensions") == "true")
    return respond(fmt, body, "service_requests", "request")


@router.get("/servicerequestupdates.{fmt}")
def request_updates(fmt: str, request: Request, db: Session = DB) -> Response:
    """FixMyStreet's updates of public requests between start_date and end_date."""
    fmt, query = _fmt(fmt), _query(request)
    body = answers.update_dicts(db, query, utcnow(), base_url=_base(request))
    return respond(fmt, body, "service_request_updates", "request_update")
