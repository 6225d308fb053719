"""The interactive API documentation (/docs): Swagger UI served from static/vendor, no CDN, no inline script.

FastAPI's own /docs page loads Swagger UI from a CDN and starts it with an inline script, which the
Content-Security-Policy (ioc.kit.middleware) refuses; this page loads the copy installed from npm
(`swagger-ui-dist`, copied by ioc.web.assets) and starts it from static/js/docs.js.
"""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from ioc.kit.errors import NotFound
from ioc.web.templating import templates

router = APIRouter(include_in_schema=False)
DOCS_PATH = "/docs"
REDIRECT_PATH = "/docs/oauth2-redirect"


def _openapi_url(request: Request) -> str:
    url = request.app.openapi_url
    if not url:  # the deployment turned the OpenAPI document off: no docs either
        raise NotFound("The API documentation is not published here.")
    return url


@router.get(DOCS_PATH, response_class=HTMLResponse)
def swagger_ui(request: Request) -> HTMLResponse:
    """Swagger UI over the app's OpenAPI document."""
    config = {"url": _openapi_url(request), "oauth2RedirectUrl": REDIRECT_PATH}
    return templates.TemplateResponse(request, "docs.html", {"title": request.app.title, "config": config})


@router.get(REDIRECT_PATH, response_class=HTMLResponse)
def swagger_ui_redirect(request: Request) -> HTMLResponse:
    """Where an OAuth2 sign-in started from Swagger UI comes back to."""
    _openapi_url(request)
    return templates.TemplateResponse(request, "docs_redirect.html", {})
