"""HTTP plumbing shared by the NGSI-LD routers: tenant, body, @context, answers, auth."""

from __future__ import annotations

import re
from typing import Any, TypeVar

import orjson
from fastapi import Depends, Request
from fastapi.responses import Response

from ioc.auth.deps import get_principal, require_roles
from ioc.auth.principal import Principal
from ioc.kit.errors import Forbidden, Unauthorized
from ioc.kit.types import INT32_MAX
from ioc.ngsi_ld import geoquery, qlang, service
from ioc.ngsi_ld.context import ContextError, LdContext, from_inline, from_link_header
from ioc.ngsi_ld.errors import bad_data, invalid_request
from ioc.ngsi_ld.limits import to_json
from ioc.ngsi_ld.settings import NgsiSettings

PREFIX = "/ngsi-ld/v1"
WRITE_ROLES = ("integrator", "operator", "admin")
READ_ROLES = ("integrator", "operator", "admin", "leader")
_INT32 = 2**31 - 1
_TENANT = re.compile(r"^[A-Za-z0-9_.-]{1,100}$")
T = TypeVar("T")


writer = require_roles(*WRITE_ROLES)


def reader(request: Request, principal: Principal = Depends(get_principal)) -> Principal:
    """Who may read: staff and integrators, or anyone when IOC_NGSI_LD_PUBLIC_READS=1."""
    if request.app.state.settings.section(NgsiSettings).public_reads:
        return principal
    if principal.kind == "anonymous":
        raise Unauthorized()
    if principal.role not in READ_ROLES:
        raise Forbidden(f"Reading NGSI-LD data needs one of the roles: {', '.join(READ_ROLES)}.")
    return principal


def no_nul(request: Request) -> None:
    """400 for a NUL character in the path or the query string (PostgreSQL cannot compare text with one)."""
    if "\x00" in request.url.path or any("\x00" in k or "\x00" in v for k, v in request.query_params.multi_items()):
        raise bad_data("url", "must not contain the NUL character (%00)")


def tenant(request: Request) -> str:
    """The NGSILD-Tenant of the request ('' is the default tenant)."""
    value = request.headers.get("ngsild-tenant", "").strip()
    if value and not _TENANT.match(value):
        raise bad_data("NGSILD-Tenant", "letters, digits, '_', '-' and '.' only, at most 100 characters")
    return value


def media_type(request: Request) -> str:
    """The request's Content-Type without parameters."""
    return request.headers.get("content-type", "").split(";")[0].strip().lower()


async def read_body(request: Request, *, patch: bool = False) -> tuple[Any, LdContext, bool]:
    """(JSON body, request @context, is JSON-LD) with the NGSI-LD content rules applied."""
    kind = media_type(request)
    allowed = {"application/json", "application/ld+json"} | ({"application/merge-patch+json"} if patch else set())
    if kind not in allowed:
        raise invalid_request(
            f"Content-Type must be one of {', '.join(sorted(allowed))}, got {kind or 'none'}", status=415
        )
    raw = await request.body()
    try:
        body = orjson.loads(raw)
    except orjson.JSONDecodeError as exc:
        raise invalid_request(f"body: malformed JSON: {exc}") from exc
    ld = kind == "application/ld+json"
    try:
        ctx = _body_context(body, ld) if ld else from_link_header(request.headers.get("link"))
    except ContextError as exc:
        raise bad_data("@context", str(exc)) from exc
    if not ld and isinstance(body, dict) and "@context" in body:
        raise bad_data(
            "@context",
            "send @context in the body only with Content-Type application/ld+json; "
            "with application/json use a Link header",
        )
    return body, ctx, ld


def _body_context(body: Any, ld: bool) -> LdContext:
    if isinstance(body, list):
        return LdContext()  # batches: each entity brings its own @context
    if not isinstance(body, dict) or "@context" not in body:
        raise bad_data("@context", "application/ld+json bodies must carry an @context member")
    return from_inline(body["@context"])


def query_context(request: Request) -> LdContext:
    """The @context of a GET/DELETE (from the Link header)."""
    try:
        return from_link_header(request.headers.get("link"))
    except ContextError as exc:
        raise bad_data("Link", str(exc)) from exc


def options(request: Request) -> set[str]:
    """The `options` (and `format`) flags of the query string."""
    flags = {o.strip() for o in request.query_params.get("options", "").split(",") if o.strip()}
    fmt = request.query_params.get("format")
    if fmt:
        flags.add(fmt)
    if "simplified" in flags:
        flags.add("keyValues")
    return flags


def csv_param(request: Request, name: str, ctx: LdContext | None = None) -> list[str] | None:
    """A comma-separated query parameter, canonicalised through the context if given."""
    raw = request.query_params.get(name)
    if not raw:
        return None
    items = [i.strip() for i in raw.split(",") if i.strip()]
    return [ctx.canonical(i) for i in items] if ctx else items


def int_param(request: Request, name: str, default: int | None) -> int | None:
    """An integer query parameter, or 400 naming it."""
    raw = request.query_params.get(name)
    if raw is None or raw == "":
        return default
    try:
        value = int(raw)
    except ValueError as exc:
        raise bad_data(name, f"must be an integer, got {raw!r}") from exc
    if abs(value) > INT32_MAX:  # beyond what SQL binds: refuse rather than overflow
        raise bad_data(name, f"must be at most {INT32_MAX}")
    return value


def wants_ld(request: Request) -> bool:
    """True if the client asked for application/ld+json answers."""
    return "application/ld+json" in request.headers.get("accept", "")


def answer(
    request: Request, body: Any, ctx: LdContext, *, status: int = 200, headers: dict[str, str] | None = None
) -> Response:
    """A JSON or JSON-LD answer with the @context where the client expects it."""
    headers = dict(headers or {})
    if wants_ld(request):
        items = body if isinstance(body, list) else [body]
        for item in items:
            if isinstance(item, dict):
                item["@context"] = ctx.response_context()
        return Response(to_json(body), status_code=status, media_type="application/ld+json", headers=headers)
    headers["Link"] = ctx.link_header()
    return Response(to_json(body), status_code=status, media_type="application/json", headers=headers)


def plain(body: Any, status: int) -> Response:
    """A JSON answer without @context (batch and update results)."""
    return Response(orjson.dumps(body), status_code=status, media_type="application/json")


def entity_query(request: Request) -> service.Query:
    """The selection parameters of GET /entities and GET /temporal/entities."""
    ctx = query_context(request)
    q = request.query_params.get("q")
    return service.Query(
        types=csv_param(request, "type", ctx),
        ids=csv_param(request, "id"),
        id_pattern=request.query_params.get("idPattern"),
        attrs=csv_param(request, "attrs", ctx),
        q=qlang.parse(q, ctx) if q is not None else None,
        geo=geoquery.parse(
            request.query_params.get("georel"),
            request.query_params.get("geometry"),
            request.query_params.get("coordinates"),
            request.query_params.get("geoproperty"),
        ),
        offset=int_param(request, "offset", 0) or 0,
        limit=int_param(request, "limit", 20),
    )
