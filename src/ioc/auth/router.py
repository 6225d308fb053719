"""HTTP handlers of the auth domain under /api/v1."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Form, Request
from sqlalchemy.orm import Session

from ioc.auth import repository, service
from ioc.auth.deps import STAFF, begin_login, login_failed, login_succeeded, require_roles, require_user
from ioc.auth.principal import Principal
from ioc.auth.schemas import (
    AgencyIn,
    AgencyOut,
    ApiKeyCreated,
    ApiKeyIn,
    ApiKeyOut,
    AuditOut,
    MeOut,
    TokenOut,
    UserIn,
    UserOut,
    UserPatch,
)
from ioc.db.uow import DB
from ioc.kit.errors import NotFound, Unauthorized
from ioc.kit.openapi import answers
from ioc.kit.pagination import Page, PageParams, page_params
from ioc.kit.types import Id, Timestamp

router = APIRouter(prefix="/api/v1", tags=["auth"])
admin_only = require_roles("admin")


@router.post("/auth/token", response_model=TokenOut)
@answers(401)  # wrong username or password
def issue_token(request: Request, username: str = Form(...), password: str = Form(...), db: Session = DB) -> TokenOut:
    """OAuth2 password flow: exchange a username and password for a bearer token (attempts are throttled)."""
    begin_login(request, username)
    user = service.authenticate(db, username, password)
    if user is None:
        login_failed(request)
        raise Unauthorized("Wrong username or password.")
    login_succeeded(request, username)
    settings = request.app.state.settings
    token = request.app.state.signer.access_token(user.id, user.token_version)
    return TokenOut(access_token=token, expires_in=settings.token_ttl_seconds)


@router.get("/auth/me", response_model=MeOut)
def me(principal: Principal = Depends(require_user)) -> MeOut:
    """Who the caller is."""
    return MeOut(
        kind=principal.kind,
        name=principal.name,
        role=principal.role,
        agency_code=principal.agency_code,
        area_codes=sorted(principal.area_codes),
    )


@router.get("/users", response_model=Page[UserOut])
def list_users(
    role: str | None = None,
    agency: str | None = None,
    page: PageParams = Depends(page_params),
    _: Principal = Depends(admin_only),
    db: Session = DB,
) -> Page[UserOut]:
    """Users, filtered by role or agency (admins)."""
    rows, total = repository.list_users(db, role=role, agency=agency, offset=page.offset, limit=page.page_size)
    return Page(items=[UserOut.model_validate(r) for r in rows], total=total, page=page.page, page_size=page.page_size)


@router.post("/users", response_model=UserOut, status_code=201)
def create_user(body: UserIn, actor: Principal = Depends(admin_only), db: Session = DB) -> UserOut:
    """Create a user (admins)."""
    user = service.create_user(db, actor, **body.model_dump())
    return UserOut.model_validate(user)


@router.patch("/users/{user_id}", response_model=UserOut)
def update_user(user_id: Id, body: UserPatch, actor: Principal = Depends(admin_only), db: Session = DB) -> UserOut:
    """Change a user (admins)."""
    user = service.update_user(db, actor, user_id, body.model_dump(exclude_unset=True))
    return UserOut.model_validate(user)


def _agency_out(db: Session, code: str) -> AgencyOut:
    row = repository.agency(db, code)
    if row is None:
        raise NotFound(f"agency {code!r} not found")
    return AgencyOut(
        code=row.code,
        name=row.name,
        name_en=row.name_en,
        kind=row.kind,
        supervisor_email=row.supervisor_email,
        area_codes=repository.agency_area_codes(db, code),
    )


@router.get("/agencies", response_model=list[AgencyOut])
def list_agencies(_: Principal = Depends(require_roles(*STAFF, "agency_officer")), db: Session = DB) -> list[AgencyOut]:
    """All agencies with their wards (staff and agency officers)."""
    return [_agency_out(db, a.code) for a in repository.list_agencies(db)]


@router.get("/agencies/{code}", response_model=AgencyOut)
def get_agency(
    code: str, _: Principal = Depends(require_roles(*STAFF, "agency_officer")), db: Session = DB
) -> AgencyOut:
    """One agency."""
    return _agency_out(db, code)


@router.put("/agencies/{code}", response_model=AgencyOut)
def put_agency(code: str, body: AgencyIn, actor: Principal = Depends(admin_only), db: Session = DB) -> AgencyOut:
    """Create or replace an agency (admins)."""
    data = body.model_dump() | {"code": code}
    service.upsert_agency(db, actor, **data)
    return _agency_out(db, code)


@router.get("/apikeys", response_model=list[ApiKeyOut])
def list_keys(_: Principal = Depends(admin_only), db: Session = DB) -> list[ApiKeyOut]:
    """API keys without their secrets (admins)."""
    return [ApiKeyOut.model_validate(k) for k in repository.list_api_keys(db)]


@router.post("/apikeys", response_model=ApiKeyCreated, status_code=201)
def create_key(body: ApiKeyIn, actor: Principal = Depends(admin_only), db: Session = DB) -> ApiKeyCreated:
    """Create an API key; the answer is the only place the key appears."""
    row, plain = service.create_api_key(db, actor, body.name, body.role, body.agency_code)
    return ApiKeyCreated(**ApiKeyOut.model_validate(row).model_dump(), key=plain)


@router.delete("/apikeys/{name}", status_code=204)
def revoke_key(name: str, actor: Principal = Depends(admin_only), db: Session = DB) -> None:
    """Revoke an API key (admins)."""
    service.revoke_api_key(db, actor, name)


@router.get("/audit", response_model=Page[AuditOut])
def audit_log(
    actor: str | None = None,
    object_type: str | None = None,
    object_id: str | None = None,
    action: str | None = None,
    since: Timestamp | None = None,
    until: Timestamp | None = None,
    page: PageParams = Depends(page_params),
    _: Principal = Depends(admin_only),
    db: Session = DB,
) -> Page[AuditOut]:
    """The audit log, newest first unless sort=id (admins)."""
    column, desc = page.sort_key({"id", "at"}, "-id")
    rows, total = repository.audit_page(
        db,
        actor=actor,
        object_type=object_type,
        object_id=object_id,
        action=action,
        since=since,
        until=until,
        desc=desc,
        offset=page.offset,
        limit=page.page_size,
    )
    return Page(items=[AuditOut.model_validate(r) for r in rows], total=total, page=page.page, page_size=page.page_size)
