"""NGSI-LD ProblemDetails (ETSI GS CIM 009 clause 5.5.2) and the formatter for /ngsi-ld/."""

from __future__ import annotations

from typing import Any

from fastapi import Request
from fastapi.responses import JSONResponse, Response

from ioc.kit.errors import Problem

ERROR_BASE = "https://uri.etsi.org/ngsi-ld/errors/"
# Which ETSI error type answers a status when the problem did not name one.
_BY_STATUS = {
    400: "BadRequestData",
    404: "ResourceNotFound",
    405: "OperationNotSupported",
    409: "AlreadyExists",
    415: "InvalidRequest",
    422: "BadRequestData",
    500: "InternalError",
    501: "OperationNotSupported",
}


class NgsiProblem(Problem):
    """An error with an ETSI NGSI-LD error type."""

    def __init__(self, error: str, detail: str, status: int, *, field: str | None = None) -> None:
        super().__init__(detail, status=status, kind=error, title=_TITLES.get(error, error))
        self.error, self.field = error, field

    def to_ngsi(self) -> dict[str, Any]:
        """The ProblemDetails object of this error."""
        return problem_body(self.error, self.title, self.status, self.detail)


_TITLES = {
    "BadRequestData": "Bad request data",
    "InvalidRequest": "Invalid request",
    "ResourceNotFound": "Resource not found",
    "AlreadyExists": "Already exists",
    "OperationNotSupported": "Operation not supported",
    "InternalError": "Internal error",
}


def problem_body(error: str, title: str, status: int, detail: str) -> dict[str, Any]:
    """A ProblemDetails JSON object."""
    return {"type": ERROR_BASE + error, "title": title, "status": status, "detail": detail}


def bad_data(field: str, detail: str) -> NgsiProblem:
    """400 BadRequestData naming the offending field."""
    return NgsiProblem("BadRequestData", f"{field}: {detail}", 400, field=field)


def invalid_request(detail: str, status: int = 400) -> NgsiProblem:
    """400 InvalidRequest (the request itself is malformed: JSON syntax, content type)."""
    return NgsiProblem("InvalidRequest", detail, status)


def not_found(what: str) -> NgsiProblem:
    """404 ResourceNotFound."""
    return NgsiProblem("ResourceNotFound", f"{what} was not found", 404)


def already_exists(what: str) -> NgsiProblem:
    """409 AlreadyExists."""
    return NgsiProblem("AlreadyExists", f"{what} already exists", 409)


def as_ngsi(problem: Problem) -> dict[str, Any]:
    """Any problem as NGSI-LD ProblemDetails (auth problems keep their IOC type: ETSI has none)."""
    if isinstance(problem, NgsiProblem):
        return problem.to_ngsi()
    error = _BY_STATUS.get(problem.status)
    if error is None:
        body = problem.to_dict()
        return {k: body[k] for k in ("type", "title", "status", "detail")}
    status = 400 if problem.status == 422 else problem.status
    return problem_body(error, _TITLES.get(error, problem.title), status, problem.detail)


def format_problem(request: Request, problem: Problem) -> Response:
    """The formatter registered for /ngsi-ld/ (request validation errors included)."""
    body = as_ngsi(problem)
    # Orion-LD and the spec's examples answer errors as application/json.
    return JSONResponse(body, status_code=body["status"], headers=problem.headers, media_type="application/json")
