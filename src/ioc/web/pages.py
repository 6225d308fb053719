"""Shell pages: login, logout, language switch, home and the ward map."""

from __future__ import annotations

import math
import secrets

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import RedirectResponse, Response
from sqlalchemy.orm import Session

from ioc.areas import service as areas_service
from ioc.auth import audit
from ioc.auth import service as auth_service
from ioc.auth.deps import begin_login, login_failed, login_succeeded
from ioc.auth.principal import Principal
from ioc.db.uow import DB
from ioc.kit import i18n
from ioc.kit.ratelimit import TooManyRequests
from ioc.web.components import TRACKS
from ioc.web.nav import NavItem
from ioc.web.session import (
    PRELOGIN_CSRF_COOKIE,
    end_session,
    landing,
    page_principal,
    safe_next,
    secure_cookies,
    staff_page,
    start_session,
)
from ioc.web.templating import LANG_COOKIE, render

router = APIRouter(include_in_schema=False)
CLEAR_SITE_DATA = '"cache", "storage"'  # only once the session did end: a forged form must not wipe a device
TOO_MANY = "Quá nhiều lần đăng nhập không thành công, vui lòng thử lại sau {minutes} phút."
NAV = [
    NavItem("/map", "Bản đồ", "map", order=20, tab=True),
    NavItem("/wall", "Màn hình lớn", "chart", roles=("admin", "leader", "operator"), order=90, phone=False),
]
# Texts of a ward's popup on the map (its figures and links), written by ward-map.js.
MAP_TEXTS = (
    "Sự cố đang mở",
    "Phản ánh đang mở",
    "Phản ánh quá hạn",
    "Chỉ tiêu chậm tiến độ",
    "AQI cao nhất",
    "Tổng quan xã, phường",
    "Đang tải số liệu…",
    "Không tải được số liệu.",
    "Dân số",
    "{n} dân",
    "số dân minh họa",
)
# Status families the pages' scripts colour and name (ioc.web.components.status_table): KPI progress.
STATUS = {"track": TRACKS}


@router.get("/")
def home(request: Request, principal: Principal = Depends(staff_page)) -> Response:
    """The first page of the user's navigation."""
    items = request.app.state.registry.nav_items(principal.role)
    return RedirectResponse(items[0].path if items else "/map", status_code=303)


@router.get("/login")
def login_form(request: Request, next: str = "/", principal: Principal = Depends(page_principal)) -> Response:
    """The sign-in form, with a pre-login CSRF token."""
    token = secrets.token_urlsafe(24)
    response = render(request, "login.html", None, next=safe_next(next), form_csrf=token, error=None)
    response.set_cookie(
        PRELOGIN_CSRF_COOKIE, token, httponly=True, samesite="strict", max_age=3600, secure=secure_cookies(request)
    )
    return response


@router.post("/login")
def login_submit(
    request: Request,
    username: str = Form(""),
    password: str = Form(""),
    csrf_token: str = Form(""),
    next: str = Form("/"),
    db: Session = DB,
) -> Response:
    """Check the credentials (attempts are throttled); on success set the session cookie and go on."""
    expected = request.cookies.get(PRELOGIN_CSRF_COOKIE) or ""
    if not expected or not secrets.compare_digest(expected.encode(), csrf_token.encode()):
        return _login_again(request, next, expected, username, "Phiên đăng nhập đã hết hạn, vui lòng thử lại.")
    try:
        begin_login(request, username)
    except TooManyRequests as exc:
        response = _login_again(
            request, next, expected, username, TOO_MANY, status_code=429, minutes=math.ceil(exc.retry_after / 60)
        )
        response.headers["Retry-After"] = str(exc.retry_after)
        return response
    user = auth_service.authenticate(db, username, password)
    if user is None:
        login_failed(request)
        return _login_again(request, next, expected, username, "Sai tên đăng nhập hoặc mật khẩu.")
    login_succeeded(request, username)
    audit.record(db, auth_service.principal_for_user(db, user), "session.login", "user", user.id)
    response = RedirectResponse(landing(user.role, next), status_code=303)
    start_session(request, response, user.id, user.token_version)
    response.delete_cookie(PRELOGIN_CSRF_COOKIE)
    return response


def _login_again(
    request: Request, next: str, form_csrf: str, username: str, error: str, *, status_code: int = 401, **values: object
) -> Response:
    lang = i18n.pick_language(request.cookies.get(LANG_COOKIE))
    return render(
        request,
        "login.html",
        None,
        status_code=status_code,
        next=safe_next(next),
        form_csrf=form_csrf,
        error=i18n.translate(error, lang, **values),
        username=username,
    )


@router.post("/logout")
def logout(
    request: Request, csrf_token: str = Form(""), principal: Principal = Depends(page_principal), db: Session = DB
) -> Response:
    """Sign this browser out (the form carries the session's CSRF token); other devices stay signed in.

    The browser is told to forget what it kept of this site: the phone apps' service workers and their copies of
    the last data (a shared phone must not show the next person the leader's figures offline), local storage."""
    response = RedirectResponse("/login", status_code=303)
    if principal.kind == "user" and secrets.compare_digest(csrf_token, getattr(request.state, "csrf", "") or ""):
        end_session(request, response, db, principal)
        response.headers["Clear-Site-Data"] = CLEAR_SITE_DATA
    return response


@router.get("/lang/{code}")
def switch_language(code: str, next: str = "/") -> Response:
    """Remember the chosen language in a cookie."""
    response = RedirectResponse(safe_next(next), status_code=303)
    response.set_cookie(LANG_COOKIE, i18n.pick_language(code), max_age=365 * 86400, samesite="lax")
    return response


@router.get("/map")
def map_page(request: Request, principal: Principal = Depends(staff_page), db: Session = DB) -> Response:
    """The province's wards on a map that needs no tile server."""
    wards, total = areas_service.search(
        db, level="ward", parent=None, q=None, sort=("name", False), offset=0, limit=5000
    )
    synthetic = any(w.synthetic for w in wards)
    lang = i18n.pick_language(request.cookies.get(LANG_COOKIE))
    texts = {t: i18n.translate(t, lang) for t in MAP_TEXTS}
    return render(
        request,
        "map.html",
        principal,
        ward_count=total,
        synthetic=synthetic,
        with_boundary=sum(1 for w in wards if w.geometry),
        map_config={"figures": principal.role in ("admin", "leader", "operator"), "texts": texts},
    )
