"""Jinja2 environment and the page render helper every domain uses."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from fastapi import Request
from fastapi.templating import Jinja2Templates

from ioc import __version__
from ioc.auth.principal import Principal
from ioc.kit import i18n
from ioc.kit.names import place
from ioc.kit.timeutil import utcnow
from ioc.web import components
from ioc.web.nav import sections, tab_bar
from ioc.web.paths import TEMPLATES_DIR
from ioc.web.static_files import asset, tree_hash

LANG_COOKIE = "ioc_lang"
ROLE_LABELS = {
    "admin": "Quản trị hệ thống",
    "leader": "Lãnh đạo",
    "operator": "Điều hành viên",
    "agency_officer": "Cán bộ đơn vị",
    "citizen": "Người dân",
}
templates = Jinja2Templates(directory=str(TEMPLATES_DIR))
templates.env.globals.update(
    fmt_number=i18n.fmt_number,
    fmt_percent=i18n.fmt_percent,
    fmt_datetime=i18n.fmt_datetime,
    version=__version__,
    role_labels=ROLE_LABELS,
    asset=asset,
)
# The fingerprint of the static files, for a domain that lists them (the phone apps' service workers).
asset_version = tree_hash
components.install(templates.env)  # KPI tile and data table helpers (templates/components/)


def template_dirs(*extra: str) -> None:
    """Let a domain add its own template folder."""
    loader = templates.env.loader
    for path in extra:
        if path not in loader.searchpath:
            loader.searchpath.append(path)


def request_language(request: Request) -> str:
    """Language from ?lang=, the cookie, the user, the browser, else Vietnamese."""
    accept = request.headers.get("accept-language", "")
    settings = request.app.state.settings
    # The browser's language is last: most Vietnamese phones say en-US, and the IOC is Vietnamese first.
    return i18n.pick_language(
        request.query_params.get("lang"), request.cookies.get(LANG_COOKIE), settings.default_language, accept
    )


def _here(request: Request) -> str:
    """This page's path and query without `lang`, for links that come back here (the language switch)."""
    query = urlencode([(k, v) for k, v in request.query_params.multi_items() if k != "lang"])
    return request.url.path + ("?" + query if query else "")


def _status_label(request: Request, family: str, key: str | None, lang: str) -> str:
    """A status key's label from the domains' declared families, translated; an unknown key shows as it is."""
    entry = request.app.state.registry.statuses.get(family, {}).get(key or "")
    return i18n.translate(entry[0], lang) if entry else (key or "")


def render(request: Request, template: str, principal: Principal | None, status_code: int = 200, **context: Any):
    """Render a page inside the navigation frame."""
    lang = request_language(request)
    settings = request.app.state.settings
    nav = request.app.state.registry.nav_items(principal.role) if principal and principal.kind == "user" else []
    tabs, more_nav = tab_bar(nav)
    base = {
        "request": request,
        "lang": lang,
        "principal": principal,
        "_": lambda text, **kw: i18n.translate(text, lang, **kw),
        "status_label": lambda family, key: _status_label(request, family, key, lang),
        "nav": nav,
        "nav_tabs": tabs,
        "nav_more": more_nav,
        "nav_sections": sections(nav),
        "nav_more_sections": sections(more_nav),
        "current_url": _here(request),
        "nav_more_active": any(request.url.path.startswith(i.path) for i in more_nav),
        "csrf_token": getattr(request.state, "csrf", "") or "",
        "province_name": place(getattr(request.app.state, "province_name", ""), lang),
        "tile_url": settings.tile_url,
        "now": utcnow(),
        "current_path": request.url.path,
    }
    return templates.TemplateResponse(request, template, base | context, status_code=status_code)
