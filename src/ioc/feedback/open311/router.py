"""Open311 GeoReport v2 at /open311/v2, in JSON and XML, with FixMyStreet's request updates."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends, Request, UploadFile
from fastapi.responses import Response
from sqlalchemy.orm import Session

from ioc.auth import service as auth_service
from ioc.db.uow import DB
from ioc.feedback import catalog, media, repository, service
from ioc.feedback.settings import FeedbackSettings, feedback_settings
from ioc.feedback.open311 import answers, errors
from ioc.feedback.open311 import params as p
from ioc.feedback.open311.serialize import definition_json, respond, service_json
from ioc.feedback.schemas import ReportIn
from ioc.kit.errors import Forbidden, NotFound, ValidationProblem
from ioc.kit.timeutil import utcnow
from ioc.kit.types import parse_id
from ioc.kit import openapi

# Every answer is JSON or XML, as the path's .{fmt} asks (errors too: see errors.py).
router = APIRouter(prefix="/open311/v2", tags=["open311"], responses=openapi.media("application/json", "text/xml"))
FORMATS = ("json", "xml")
FIELD_NAMES = {"category_code": "service_code", "lon": "long", "address": "address_string", "name": "first_name"}


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
    body = {"changeset": "2026-01-01T00:00:00+07:00", "contact": "Trung tâm IOC — ioc@localhost",
            "key_service": "API keys are issued by the IOC administrator (ioc apikeys add).",
            "endpoints": [{"specification": "http://wiki.open311.org/GeoReport_v2",
                           "url": f"{_base(request)}/open311/v2", "changeset": "2026-01-01T00:00:00+07:00",
                           "type": "production", "formats": ["application/json", "text/xml"]}]}
    return respond(_fmt(fmt), body, "discovery")


@router.get("/services.{fmt}")
def services(fmt: str, request: Request, db: Session = DB) -> Response:
    """Every active category as an Open311 service."""
    fmt, query = _fmt(fmt), _query(request)
    lang = "en" if query.get("locale", "").startswith("en") else "vi"
    return respond(fmt, [service_json(c, lang) for c in repository.categories(db)], "services", "service")


@router.get("/services/{service_code}.{fmt}")
def service_definition(service_code: str, fmt: str, request: Request, db: Session = DB) -> Response:
    """The questions (attributes) of one service."""
    fmt, _ = _fmt(fmt), _query(request)
    category = repository.category(db, service_code)
    if category is None or not category.active:
        raise NotFound(f"service_code: unknown service {service_code!r}",
                       errors=[{"field": "service_code", "message": f"unknown service {service_code!r}"}])
    return respond(fmt, definition_json(category), "service_definition")


async def form_items(request: Request) -> list[tuple[str, Any]]:
    """The posted fields; uploaded files are read here so the handler can stay synchronous."""
    form = await request.form()
    items: list[tuple[str, Any]] = []
    for key, value in form.multi_items():
        if isinstance(value, UploadFile) or hasattr(value, "read"):
            items.append((key, await value.read()))
        else:
            items.append((key, value))
    return items + [(k, v) for k, v in request.query_params.multi_items() if k == "api_key"]


def _report_in(form: dict[str, Any], items: list[tuple[str, Any]]) -> ReportIn:
    from pydantic import ValidationError

    name = " ".join(filter(None, (form.get("first_name"), form.get("last_name"))))
    data = {"category_code": form["service_code"], "description": form.get("description", ""),
            "lat": p.as_float(form, "lat"), "lon": p.as_float(form, "long"),
            "address": form.get("address_string", ""), "address_id": form.get("address_id"),
            "attributes": p.attributes(items), "media_url": form.get("media_url"), "name": name,
            "email": form.get("email"), "phone": form.get("phone"), "device_id": form.get("device_id"),
            "account_id": form.get("account_id")}
    try:
        return ReportIn.model_validate(data)
    except ValidationError as exc:
        errs = [{"field": FIELD_NAMES.get(str(e["loc"][0]), str(e["loc"][0])), "message": e["msg"]}
                for e in exc.errors()]
        raise ValidationProblem("; ".join(f"{e['field']}: {e['message']}" for e in errs), errors=errs) from None


@router.post("/requests.{fmt}")
@openapi.answers(403)  # no api_key, or a wrong one
def create_request(fmt: str, request: Request, items: list[tuple[str, Any]] = Depends(form_items),
                   settings: FeedbackSettings = Depends(feedback_settings), db: Session = DB) -> Response:
    """File a service request (form-encoded, api_key as a form field)."""
    fmt = _fmt(fmt)
    form = p.present((k, v) for k, v in items if isinstance(v, str))
    p.check_jurisdiction(form, request.app.state.settings.jurisdiction)
    if not any(k == "media" for k, _ in items):
        service.take_sqlite_turn(db)  # SQLite: this process's intakes queue here (with photos: once they are stored)
    principal = auth_service.principal_for_api_key(db, form["api_key"]) if form.get("api_key") else None
    if principal is None:
        raise Forbidden("api_key: missing or invalid", errors=[{"field": "api_key", "message": "missing or invalid"}])
    if "service_code" not in form:
        raise p.bad("service_code", "required")
    category = catalog.category(db, form["service_code"])
    if category is None or not category.active:
        raise NotFound("service_code: unknown service", errors=[{"field": "service_code",
                                                                 "message": f"unknown service {form['service_code']!r}"}])
    photos = [media.check_photo(v, settings.max_photo_bytes, field="media") for k, v in items
              if k == "media" and isinstance(v, bytes) and v]
    report = service.create_report(db, principal, _report_in(form, items), settings,
                                   media_dir=request.app.state.settings.media_dir, photos=photos, source="open311")
    body = [{"service_request_id": str(report.id), "service_notice": answers.SERVICE_NOTICE,
             "account_id": form.get("account_id")}]
    return respond(fmt, body, "service_requests", "request")


@router.get("/tokens/{token}.{fmt}")
def token_status(token: str, fmt: str, request: Request, db: Session = DB) -> Response:
    """The request id created for a token."""
    fmt, _ = _fmt(fmt), _query(request)
    report_id = repository.report_id_by_token(db, token)
    if report_id is None:
        raise NotFound("token: unknown token", errors=[{"field": "token", "message": "unknown token"}])
    return respond(fmt, [{"service_request_id": str(report_id), "token": token}], "service_requests", "request")


@router.get("/requests.{fmt}")
def list_requests(fmt: str, request: Request, db: Session = DB) -> Response:
    """Public requests: the last 90 days by default, at most 1000, with every Open311 filter."""
    fmt, query = _fmt(fmt), _query(request)
    rows = answers.query_requests(db, query, utcnow())
    body = answers.request_dicts(db, rows, base_url=_base(request), extensions=query.get("extensions") == "true")
    return respond(fmt, body, "service_requests", "request")


@router.get("/requests/{request_id}.{fmt}")
def get_request(request_id: str, fmt: str, request: Request, db: Session = DB) -> Response:
    """One public request, as a list of one."""
    fmt, query = _fmt(fmt), _query(request)
    rows = repository.open311_rows(db, ids=[parse_id(request_id)]) if parse_id(request_id) else []
    if not rows:
        raise NotFound(f"service_request_id: unknown request {request_id!r}",
                       errors=[{"field": "service_request_id", "message": f"unknown request {request_id!r}"}])
    body = answers.request_dicts(db, rows, base_url=_base(request), extensions=query.get("extensions") == "true")
    return respond(fmt, body, "service_requests", "request")


@router.get("/servicerequestupdates.{fmt}")
def request_updates(fmt: str, request: Request, db: Session = DB) -> Response:
    """FixMyStreet's updates of public requests between start_date and end_date."""
    fmt, query = _fmt(fmt), _query(request)
    body = answers.update_dicts(db, query, utcnow())
    return respond(fmt, body, "service_request_updates", "request_update")
