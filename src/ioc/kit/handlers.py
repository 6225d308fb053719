"""Turning exceptions into answers: problem details, never a 500 for bad input."""

from __future__ import annotations

import logging

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from starlette.exceptions import HTTPException as StarletteHTTPException

from ioc.kit import openapi
from ioc.kit.errors import Problem, ValidationProblem, invalid_fields
from ioc.kit.i18n import LANGUAGES
from ioc.kit.middleware import security_headers
from ioc.kit.problem_texts import validation_message

log = logging.getLogger(__name__)
PROBLEM_JSON = "application/problem+json"


def problem_language(request: Request) -> str:
    """The language a problem is written in: the first one Accept-Language names, if IOC has it; else English.

    The pages send their own language; an API client that names none keeps the English it always had.
    """
    first = request.headers.get("accept-language", "").split(",")[0].split(";")[0].strip().lower()
    return first[:2] if first[:2] in LANGUAGES else "en"


def problem_response(request: Request, problem: Problem) -> Response:
    """Answer a problem in the format of the standard that owns the path (a page: the app's HTML error page)."""
    page = getattr(request.app.state, "page_problem", None)
    answer = page(request, problem) if page is not None else None
    if answer is not None:
        return answer
    formatter = request.app.state.registry.formatter_for(request.url.path)
    if formatter is not None:
        return formatter(request, problem)
    return JSONResponse(
        problem.to_dict(instance=request.url.path, lang=problem_language(request)),
        status_code=problem.status,
        media_type=PROBLEM_JSON,
        headers=problem.headers,
    )


def _field_name(loc: tuple) -> str:
    parts = [str(p) for p in loc if p not in ("body", "query", "path", "header", "form", "cookie")]
    return ".".join(parts) or str(loc[-1] if loc else "body")


def validation_problem(exc: RequestValidationError) -> ValidationProblem:
    """A 422 naming each invalid field."""
    errors = [{"field": _field_name(tuple(e.get("loc", ()))), "message": validation_message(e)} for e in exc.errors()]
    return invalid_fields(errors)


def install(app: FastAPI) -> None:
    """Register the exception handlers on the app, and document the answers they give."""
    openapi.install(app)

    @app.exception_handler(Problem)
    async def _problem(request: Request, exc: Problem) -> Response:
        return problem_response(request, exc)

    @app.exception_handler(RequestValidationError)
    async def _validation(request: Request, exc: RequestValidationError) -> Response:
        return problem_response(request, validation_problem(exc))

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException) -> Response:
        titles = {404: "Not found", 405: "Method not allowed", 401: "Authentication required"}
        problem = Problem(
            str(exc.detail),
            status=exc.status_code,
            kind=f"http-{exc.status_code}",
            title=titles.get(exc.status_code, "Error"),
            headers=dict(exc.headers or {}),
        )
        return problem_response(request, problem)

    @app.exception_handler(Exception)
    async def _crash(request: Request, exc: Exception) -> Response:
        response = problem_response(request, crash_problem(request, exc))
        # Starlette answers a crash outside the middleware stack: the security headers are added here.
        settings = request.app.state.settings
        for name, value in security_headers(settings.production, settings.tile_url):
            response.headers.setdefault(name.decode(), value.decode())
        return response


def crash_problem(request: Request, exc: Exception) -> Problem:
    """Log an unexpected error with its trace; the answer names only the request id, never the cause."""
    request_id = getattr(request.state, "request_id", None) or request.headers.get("x-request-id")
    log.error("unhandled error", exc_info=exc, extra={"path": request.url.path, "request_id": request_id})
    # The exception's text may hold SQL, parameters or paths: it goes to the log, not to the caller.
    return Problem(
        f"An internal error occurred; it has been logged (request id {request_id}).",
        status=500,
        kind="internal",
        title="Internal error",
        headers={"X-Request-Id": request_id} if request_id else None,
    )
