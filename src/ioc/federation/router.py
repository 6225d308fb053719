"""HTTP API of the federation: the national side's snapshot intake and pictures; the province side's link."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import JSONResponse, Response
from sqlalchemy.orm import Session

from ioc.auth.deps import require_roles
from ioc.auth.principal import Principal
from ioc.db.uow import DB, unit_of_work
from ioc.federation import crypto, downward, exports, link, schema, service, views
from ioc.federation import repository as repo
from ioc.federation.schemas import DownwardIn, KeyIn, LinkIn, MemberIn, PushIn
from ioc.federation.settings import FederationSettings, federation_settings
from ioc.kit.errors import NotFound, Problem, invalid_field
from ioc.kit.i18n import Text
from ioc.kit.openapi import answers, media

router = APIRouter(prefix="/api/v1/federation", tags=["federation"])
admin = require_roles("admin")
staff = require_roles("admin", "leader", "operator")
PERIOD = Query(None, pattern=r"^(19|20|21)[0-9]{2}-(0[1-9]|1[0-2])$")


def _credentials(request: Request) -> service.Credentials:
    h = request.headers
    return service.Credentials(h.get(crypto.KEY_HEADER), h.get(crypto.SIGNATURE_HEADER), h.get("X-IOC-Member-Token"))


@router.post("/snapshots", status_code=201, responses={200: {"description": "Already applied"}})
@answers(401, 403, 409, 413)
async def receive_snapshot(
    request: Request, db: Session = DB, settings: FederationSettings = Depends(federation_settings)
) -> JSONResponse:
    """Apply a province's signed snapshot (Ed25519 over the exact body; headers X-IOC-Key-Id, X-IOC-Signature)."""
    body, creds = await request.body(), _credentials(request)
    try:
        status, answer = service.receive(db, body, creds, settings)
    except Problem as problem:
        if creds.key_id and problem.kind not in ("federation-unknown-key",):
            _note(request, creds.key_id, problem)
        raise
    return JSONResponse(answer, status_code=status)


def _note(request: Request, key_id: str, problem: Problem) -> None:
    with unit_of_work(request.app.state.session_factory) as session:
        key = repo.key(session, key_id)
        service.note_refusal(session, key.member_code if key else None, problem)


@router.get("/schema", responses=media("application/schema+json"))
def snapshot_schema() -> Response:
    """The JSON Schema every snapshot must satisfy."""
    import orjson

    return Response(orjson.dumps(schema.document()), media_type="application/schema+json")


@router.get("/members")
def list_members(
    db: Session = DB, settings: FederationSettings = Depends(federation_settings), _: Principal = Depends(staff)
) -> list[dict[str, Any]]:
    """Every member province with its keys and link state (national side)."""
    return views.members(db, settings.stale_days, settings.cutoff_day)


@router.post("/members", status_code=201)
def save_member(body: MemberIn, db: Session = DB, principal: Principal = Depends(admin)) -> dict[str, str]:
    """Register a province deployment, or change its name, URL or token."""
    row = service.add_member(db, principal, body.code, body.name, body.url, body.token)
    return {"code": row.code, "name": row.name, "url": row.url}


@router.post("/members/{code}/keys", status_code=201)
def add_member_key(code: str, body: KeyIn, db: Session = DB, principal: Principal = Depends(admin)) -> dict[str, Any]:
    """Add a public key to a member (the old ones stay valid until their end: rotation)."""
    row = service.add_key(db, principal, code[:10], body.public_key, body.valid_from, body.valid_until)
    return {"key_id": row.key_id, "valid_from": row.valid_from, "valid_until": row.valid_until}


@router.post("/keys/{key_id}/retire")
def retire_member_key(key_id: str, db: Session = DB, principal: Principal = Depends(admin)) -> dict[str, Any]:
    """End a member key's validity now."""
    row = service.retire_key(db, principal, key_id[:80])
    return {"key_id": row.key_id, "valid_until": row.valid_until}


@router.get("/indicators")
def list_indicators(db: Session = DB, _: Principal = Depends(staff)) -> list[dict[str, Any]]:
    """The national indicator codes provinces reported."""
    return views.indicators(db)


@router.get("/picture", responses=media("application/json", description="The national picture"))
def picture(
    code: str | None = Query(None, min_length=1, max_length=40),
    direction: str = Query("up", pattern="^(up|down)$"),
    db: Session = DB,
    settings: FederationSettings = Depends(federation_settings),
    _: Principal = Depends(staff),
) -> Response:
    """The national picture in one read: each province's figure of an indicator, the ranking and every link state."""
    import orjson

    picture = views.picture(db, code, direction, settings.stale_days, settings.cutoff_day)
    return Response(orjson.dumps(picture), media_type="application/json")  # orjson: the wall asks on every push


@router.get("/ranking")
def ranking(
    code: str = Query(..., min_length=1, max_length=40),
    direction: str = Query("up", pattern="^(up|down)$"),
    db: Session = DB,
    settings: FederationSettings = Depends(federation_settings),
    _: Principal = Depends(staff),
) -> list[dict[str, Any]]:
    """Provinces ranked by one shared indicator in their latest period; stale ones marked."""
    return views.ranking(db, code, direction, settings.stale_days, settings.cutoff_day)


@router.get("/provinces/{code}")
def province(code: str, db: Session = DB, _: Principal = Depends(staff)) -> dict[str, Any]:
    """A province's latest datasets as it reported them."""
    if repo.member(db, code[:10]) is None:
        raise NotFound(f"no member {code[:10]}")
    return views.province_detail(db, code[:10])


@router.get("/link")
def get_link(db: Session = DB, _: Principal = Depends(admin)) -> dict[str, Any]:
    """The upward link's state: URL, key, queued snapshots, last success and last error (province side)."""
    return link.state(db)


@router.put("/link")
def put_link(body: LinkIn, db: Session = DB, principal: Principal = Depends(admin)) -> dict[str, Any]:
    """Configure the upward link."""
    link.configure(db, principal, body.url, body.national_keys)
    return link.state(db)


@router.post("/link/push", status_code=202)
def push(body: PushIn, request: Request, db: Session = DB, _: Principal = Depends(admin)) -> dict[str, Any]:
    """Queue a round of snapshots now (unchanged datasets are not sent again)."""
    unknown = sorted(set(body.datasets) - set(schema.DATASETS))
    if unknown:
        raise invalid_field("datasets", Text("không có tập dữ liệu {names}", names=", ".join(unknown)))
    settings = request.app.state.settings
    rows = link.round_now(
        db, settings.jurisdiction, settings.section(FederationSettings), datasets=body.datasets or None
    )
    return {"queued": [{"dataset": r.dataset, "period": r.period, "version": r.version} for r in rows]}


@router.get("/export.json", responses=media("application/json"))
def export_json(
    request: Request, period: str | None = PERIOD, db: Session = DB, _: Principal = Depends(staff)
) -> Response:
    """The snapshots of a period (default: the due one) as one JSON file, for a link by file."""
    return exports.as_json(db, request.app.state.settings, period)


@router.get("/export.xlsx", responses=media("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"))
def export_xlsx(
    request: Request, period: str | None = PERIOD, db: Session = DB, _: Principal = Depends(staff)
) -> Response:
    """The snapshots of a period as an XLSX report, one sheet per dataset."""
    return exports.as_xlsx(db, request.app.state.settings, period)


@router.post("/downward", status_code=202)
def send_down(body: DownwardIn, db: Session = DB, principal: Principal = Depends(admin)) -> dict[str, Any]:
    """Send a directive or warning to one, several or all member provinces (national side)."""
    return downward.publish(db, principal, body)


@router.post("/inbox", status_code=201, responses={200: {"description": "Already received"}})
@answers(401, 409)
async def inbox(request: Request, db: Session = DB) -> JSONResponse:
    """Take in a directive or warning the national deployment signed (province side)."""
    status, answer = downward.receive(db, await request.body(), _credentials(request))
    return JSONResponse(answer, status_code=status)
