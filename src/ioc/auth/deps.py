"""FastAPI dependencies: the calling principal (the session comes from ioc.db.uow)."""

from __future__ import annotations

from collections.abc import Callable

from fastapi import Depends, Request
from sqlalchemy.orm import Session

from ioc.auth import repository, service
from ioc.auth.principal import ANONYMOUS, Principal
from ioc.db.uow import DB
from ioc.kit.errors import Forbidden, Unauthorized
from ioc.kit.openapi import answers

SESSION_COOKIE = "ioc_session"
SAFE_METHODS = {"GET", "HEAD", "OPTIONS"}


def _user_principal(request: Request, db: Session, claims: dict | None) -> Principal | None:
    if not claims:
        return None
    user = repository.user_by_id(db, claims.get("uid", -1))
    if user is None or not user.active or user.token_version != claims.get("v"):
        return None
    return service.principal_for_user(db, user)


def _from_bearer(request: Request, db: Session) -> Principal | None:
    header = request.headers.get("authorization", "")
    if not header.lower().startswith("bearer "):
        return None
    settings = request.app.state.settings
    claims = request.app.state.signer.read_access_token(header[7:].strip(), settings.token_ttl_seconds)
    principal = _user_principal(request, db, claims)
    if principal is None:
        raise Unauthorized("The bearer token is invalid or expired; request a new one at /api/v1/auth/token.")
    return principal


def _from_api_key(request: Request, db: Session) -> Principal | None:
    key = request.headers.get("x-api-key") or request.query_params.get("api_key")
    if not key:
        return None
    principal = service.principal_for_api_key(db, key)
    if principal is None:
        raise Unauthorized("The API key is invalid or revoked.")
    return principal


def _from_cookie(request: Request, db: Session) -> Principal | None:
    value = request.cookies.get(SESSION_COOKIE)
    if not value:
        return None
    settings = request.app.state.settings
    claims = request.app.state.signer.read_session_cookie(value, settings.session_ttl_seconds)
    principal = _user_principal(request, db, claims)
    if principal is not None and request.method not in SAFE_METHODS:
        # Cookies ride along on cross-site requests, so unsafe ones must prove they come from our pages.
        sent = request.headers.get("x-csrf-token") or request.state.__dict__.get("form_csrf")
        if not sent or sent != claims.get("csrf"):
            raise Forbidden("CSRF token missing or wrong: reload the page and try again.")
    if principal is not None:
        request.state.csrf = claims.get("csrf")
    return principal


@answers(401, 403)  # a bad token or key, a cookie without its CSRF token
def get_principal(request: Request, db: Session = DB) -> Principal:
    """The caller: bearer token, API key, session cookie, or anonymous."""
    for source in (_from_bearer, _from_api_key, _from_cookie):
        principal = source(request, db)
        if principal is not None:
            request.state.principal = principal
            return principal
    return ANONYMOUS


def require_roles(*roles: str) -> Callable[..., Principal]:
    """Dependency: 401 without credentials, 403 without one of these roles."""

    def check(principal: Principal = Depends(get_principal)) -> Principal:
        if principal.kind == "anonymous":
            raise Unauthorized()
        if roles and principal.role not in roles:
            raise Forbidden(f"This action needs one of the roles: {', '.join(roles)}; you are {principal.role}.")
        return principal

    return check


require_user = require_roles()
STAFF = ("admin", "leader", "operator")
