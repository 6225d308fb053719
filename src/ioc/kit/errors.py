"""RFC 9457 problem details for the native API."""

from __future__ import annotations

from typing import Any

from ioc.kit.i18n import Text, in_language

PROBLEM_BASE = "https://ioc.gov.vn/problems/"


class Problem(Exception):
    """An error answered as application/problem+json with a clear, named cause."""

    status = 400
    kind = "bad-request"
    title = Text("Yêu cầu không hợp lệ", en="Bad request")

    def __init__(
        self,
        detail: str,
        *,
        status: int | None = None,
        kind: str | None = None,
        title: str | None = None,
        errors: list[dict[str, Any]] | None = None,
        headers: dict[str, str] | None = None,
    ) -> None:
        super().__init__(detail)
        self.detail = detail
        self.status = status or self.status
        self.kind = kind or self.kind
        self.title = title or self.title
        self.errors = errors or []
        self.headers = headers or {}

    def to_dict(self, instance: str | None = None, lang: str = "en") -> dict[str, Any]:
        """The problem as an RFC 9457 JSON object, its texts in the language (English unless asked)."""
        body: dict[str, Any] = {
            "type": PROBLEM_BASE + self.kind,
            "title": in_language(self.title, lang),
            "status": self.status,
            "detail": in_language(self.detail, lang),
        }
        if instance:
            body["instance"] = instance
        if self.errors:
            body["errors"] = [{k: in_language(v, lang) for k, v in error.items()} for error in self.errors]
        return body


class NotFound(Problem):
    status, kind, title = 404, "not-found", Text("Không tìm thấy", en="Not found")


class Conflict(Problem):
    status, kind, title = 409, "conflict", Text("Xung đột dữ liệu", en="Conflict")


class Unauthorized(Problem):
    status, kind, title = 401, "unauthorized", Text("Cần đăng nhập", en="Authentication required")

    def __init__(
        self, detail: str = "Authentication required: send a bearer token, a session cookie or an API key.", **kw: Any
    ) -> None:
        kw.setdefault("headers", {"WWW-Authenticate": "Bearer"})
        super().__init__(detail, **kw)


class Forbidden(Problem):
    status, kind, title = 403, "forbidden", Text("Không có quyền", en="Forbidden")


def invalid_field(field: str, message: str) -> ValidationProblem:
    """A 422 naming one field; a Text message is read in the asker's language, the field name as it is."""
    return ValidationProblem(
        Text("{field}: {message}", field=field, message=message), errors=[{"field": field, "message": message}]
    )


def invalid_fields(errors: list[dict[str, Any]]) -> ValidationProblem:
    """A 422 naming each field (errors of {"field", "message"}), summed up in the asker's language."""
    if not errors:
        return ValidationProblem(Text("yêu cầu không hợp lệ", en="invalid request"))
    summary = "; ".join(f"{e['field']}: {e['message']}" for e in errors[:5])
    vi = "; ".join(f"{e['field']}: {in_language(e['message'], 'vi')}" for e in errors[:5])
    return ValidationProblem(Text("{summary}", en=summary, summary=vi), errors=errors)


class ValidationProblem(Problem):
    status, kind, title = 422, "validation", Text("Dữ liệu không hợp lệ", en="Invalid input")
