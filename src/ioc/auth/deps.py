"""FastAPI dependencies: the calling principal, sign-in throttling and the limit on citizens' reports.

Sign-ins are throttled per account and per client address (limits from ioc.kit.ratelimit). Per account,
every attempt counts and a successful sign-in forgets the count, so concurrent guesses cannot overshoot
the limit and a user's own typos stop counting once they get in. Per address only failures count, so
an office behind one address can sign in all morning. Both use a moving window: an attacker can hold
a user's sign-in up for at most the window, never for good.
"""

from __future__ import annotations

from collections.abc import Callable

from fastapi import Depends, Request
from sqlalchemy.orm import Session

from ioc.auth import repository, service
from ioc.auth.principal import ANONYMOUS, Principal
from ioc.db.uow import DB
from ioc.kit.errors import Forbidden, Unauthorized
from ioc.kit.openapi import answers
from ioc.kit.ratelimit import TooManyRequests, hashed, limits_of, refuse_if_over

SESSION_COOKIE = "ioc_session"
SAFE_METHODS = {"GET", "HEAD", "OPTIONS"}
# GeoReport v2 carries api_key as a request parameter; everywhere else a key in a URL ends up in logs.
QUERY_KEY_PREFIXES = ("/open311/",)


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
    key = request.headers.get("x-api-key")
    if not key and "api_key" in request.query_params:
        if not request.url.path.startswith(QUERY_KEY_PREFIXES):
            raise Unauthorized("API keys are not accepted in the URL: send the key in the X-API-Key header.")
        key = request.query_params.get("api_key")
    if not key:
        return None
    principal = service.principal_for_api_key(db, key)
    if principal is None:
        raise Unauthorized("The API key is invalid or revoked.")
    return principal


def session_principal(request: Request, db: Session) -> tuple[Principal | None, dict]:
    """The user of the session cookie and its claims; (None, {}) when absent, expired, signed out or revoked."""
    value = request.cookies.get(SESSION_COOKIE)
    if not value:
        return None, {}
    settings = request.app.state.settings
    claims = request.app.state.signer.read_session_cookie(value, settings.session_ttl_seconds)
    # A cookie without a session id predates sign-out revocation and cannot be revoked alone: refused.
    if not claims or not claims.get("sid") or repository.session_revoked(db, str(claims["sid"])):
        return None, {}
    principal = _user_principal(request, db, claims)
    return (principal, claims) if principal is not None else (None, {})


def _from_cookie(request: Request, db: Session) -> Principal | None:
    principal, claims = session_principal(request, db)
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


def citizen_submissions(request: Request, principal: Principal = Depends(get_principal)) -> None:
    """Dependency: anonymous and citizen reports are limited per client address (staff and API keys are not)."""
    if principal.kind == "anonymous" or principal.role == "citizen":
        refuse_if_over(request, "report.address", "reports")


def _account(username: str) -> str:
    return hashed(username.strip().lower())


def begin_login(request: Request, username: str) -> None:
    """Count a sign-in attempt; raise TooManyRequests when the account or the address is over its limit."""
    limits = limits_of(request)
    wait = limits.retry_after("login.address", limits.address(request)) or limits.hit(
        "login.account", _account(username)
    )
    if wait:
        raise TooManyRequests(f"Too many sign-in attempts; try again in {wait} s.", wait)


def login_failed(request: Request) -> None:
    """Count a failed sign-in against the client address."""
    limits = limits_of(request)
    limits.hit("login.address", limits.address(request))


def login_succeeded(request: Request, username: str) -> None:
    """Forget the account's attempts once the right password was given."""
    limits_of(request).clear("login.account", _account(username))
