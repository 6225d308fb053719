"""Web session cookie: sign in, sign out, and the page principal."""

from __future__ import annotations

from urllib.parse import quote

from fastapi import Depends, Request
from fastapi.responses import RedirectResponse, Response
from sqlalchemy.orm import Session

from ioc.auth import service
from ioc.auth.deps import SESSION_COOKIE
from ioc.auth.principal import ANONYMOUS, Principal
from ioc.db.uow import DB

PRELOGIN_CSRF_COOKIE = "ioc_csrf"


class LoginRequired(Exception):
    """Raised by page dependencies; answered with a redirect to /login."""

    def __init__(self, next_path: str) -> None:
        self.next_path = next_path


def page_principal(request: Request, db: Session = DB) -> Principal:
    """The signed-in user of a page, or anonymous (no CSRF check: pages are GETs)."""
    value = request.cookies.get(SESSION_COOKIE)
    if not value:
        return ANONYMOUS
    settings = request.app.state.settings
    claims = request.app.state.signer.read_session_cookie(value, settings.session_ttl_seconds)
    if not claims:
        return ANONYMOUS
    user = service.get_user(db, claims.get("uid", -1))
    if user is None or not user.active or user.token_version != claims.get("v"):
        return ANONYMOUS
    request.state.csrf = claims.get("csrf")
    return service.principal_for_user(db, user)


def staff_page(request: Request, principal: Principal = Depends(page_principal)) -> Principal:
    """A signed-in user of any staff role; otherwise a redirect to the login page."""
    if principal.kind != "user" or principal.role == "citizen":
        raise LoginRequired(request.url.path)
    return principal


def login_redirect(exc: LoginRequired) -> Response:
    """The redirect for a page that needs a login."""
    return RedirectResponse(f"/login?next={quote(exc.next_path)}", status_code=303)


def start_session(request: Request, response: Response, user_id: int, token_version: int) -> None:
    """Set the session cookie (HttpOnly, SameSite=Lax, Secure in production)."""
    settings = request.app.state.settings
    value = request.app.state.signer.session_cookie(user_id, token_version, service.new_csrf_token())
    response.set_cookie(SESSION_COOKIE, value, max_age=settings.session_ttl_seconds, httponly=True,
                        samesite="lax", secure=settings.secure_cookies or settings.production, path="/")


def end_session(response: Response) -> None:
    """Clear the session cookie."""
    response.delete_cookie(SESSION_COOKIE, path="/")


def safe_next(path: str | None) -> str:
    """Only same-site relative paths are followed after login (no open redirect)."""
    if not path or not path.startswith("/") or path.startswith("//") or "\\" in path:
        return "/"
    return path
