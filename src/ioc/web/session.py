"""Web session cookie: sign in, sign out, and the page principal."""

from __future__ import annotations

from urllib.parse import quote

from fastapi import Depends, Request
from fastapi.responses import RedirectResponse, Response
from sqlalchemy.orm import Session

from ioc.auth import service
from ioc.auth.deps import SESSION_COOKIE, session_principal
from ioc.auth.principal import ANONYMOUS, Principal
from ioc.db.uow import DB

PRELOGIN_CSRF_COOKIE = "ioc_csrf"
# Where a signed-in citizen lands: the citizen app (the staff pages are not theirs).
CITIZEN_HOME = "/nguoi-dan/"
CITIZEN_PREFIXES = ("/nguoi-dan", "/phan-anh")


class LoginRequired(Exception):
    """Raised by page dependencies; answered with a redirect to /login (a signed-in citizen: to their pages)."""

    def __init__(self, next_path: str, *, citizen: bool = False) -> None:
        self.next_path = next_path
        self.citizen = citizen


def page_principal(request: Request, db: Session = DB) -> Principal:
    """The signed-in user of a page, or anonymous (no CSRF check: pages are GETs)."""
    principal, claims = session_principal(request, db)
    if principal is None:
        return ANONYMOUS
    request.state.csrf, request.state.session_id = claims.get("csrf"), str(claims["sid"])
    return principal


def staff_page(request: Request, principal: Principal = Depends(page_principal)) -> Principal:
    """A signed-in user of any staff role; otherwise a redirect to the login page."""
    if principal.kind != "user" or principal.role == "citizen":
        raise LoginRequired(request.url.path, citizen=principal.kind == "user")
    return principal


def login_redirect(exc: LoginRequired) -> Response:
    """The redirect for a page that needs a staff login; a signed-in citizen goes to their own pages, not a loop."""
    if exc.citizen:
        return RedirectResponse(CITIZEN_HOME, status_code=303)
    return RedirectResponse(f"/login?next={quote(exc.next_path)}", status_code=303)


def landing(role: str, next_path: str | None) -> str:
    """Where a user goes after signing in: the page asked for; a citizen only to the citizen pages."""
    target = safe_next(next_path)
    if role == "citizen" and not target.startswith(CITIZEN_PREFIXES):
        return CITIZEN_HOME
    return target


def start_session(request: Request, response: Response, user_id: int, token_version: int) -> None:
    """Set the session cookie (HttpOnly, SameSite=Lax, Secure in production)."""
    settings = request.app.state.settings
    value = request.app.state.signer.session_cookie(
        user_id, token_version, service.new_csrf_token(), service.new_session_id()
    )
    response.set_cookie(
        SESSION_COOKIE,
        value,
        max_age=settings.session_ttl_seconds,
        httponly=True,
        samesite="lax",
        secure=secure_cookies(request),
        path="/",
    )


def end_session(request: Request, response: Response, db: Session, principal: Principal) -> None:
    """Sign this browser out: its session is revoked on the server, then the cookie is cleared."""
    sid = getattr(request.state, "session_id", None)
    if sid:
        service.sign_out(db, principal, sid, request.app.state.settings.session_ttl_seconds)
    response.delete_cookie(SESSION_COOKIE, path="/", httponly=True, samesite="lax", secure=secure_cookies(request))


def secure_cookies(request: Request) -> bool:
    """Cookies are Secure (HTTPS only) in production or when IOC_SECURE_COOKIES asks for it."""
    settings = request.app.state.settings
    return settings.secure_cookies or settings.production


def safe_next(path: str | None) -> str:
    """Only same-site relative paths are followed after login (no open redirect)."""
    if not path or not path.startswith("/") or path.startswith("//") or "\\" in path:
        return "/"
    return path
