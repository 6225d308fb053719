"""Request guards: a size limit on every body, and no control characters in what a request says.

A plain ASGI middleware (see kit/middleware.py for why not BaseHTTPMiddleware). It runs before any
handler, so a bad request is refused in one place and never reaches a parser, a service or the
database: a NUL byte breaks PostgreSQL text, other C0 control characters break XML and XLSX exports,
and an unpaired surrogate cannot be encoded as UTF-8. The answers are problem details in the
format of the standard that owns the path (Open311, NGSI-LD), like every other error.
"""

from __future__ import annotations

import json
import re
from urllib.parse import parse_qsl

from fastapi import FastAPI
from starlette.requests import Request

from ioc.kit.errors import Problem, ValidationProblem
from ioc.kit.handlers import problem_response
from ioc.kit.i18n import Text
from ioc.kit.request_context import request_context
from ioc.kit.text import CONTROL, CONTROL_MESSAGE, texts

MIB = 1024 * 1024
# Routes that take files get more than the default: the importers accept 50 MB files, a report
# carries up to five photos of 8 MB; one more MiB covers the multipart framing and text fields.
UPLOAD_BYTES = 51 * MIB
UPLOAD_ROUTES = re.compile(
    r"^/(api/v1/(feedback/reports(/[0-9]+/resolution)?|kpi/imports|govperf/(dossiers|scores)/import"
    r"|areas/boundaries|layers)|open311/v2/requests\.(json|xml))$"
)
FORBIDDEN = CONTROL
# NGSI-LD checks its bodies entity by entity (a batch answers 207 with one error per bad entity, and
# NUL is refused there): the guard bounds their size but leaves their text to it.
OWN_BODY_CHECKS = ("/ngsi-ld/",)
FORM = "application/x-www-form-urlencoded"
MULTIPART = "multipart/form-data"


class TooLarge(Problem):
    status, kind, title = 413, "too-large", "Request body too large"


def bad_text(field: str) -> ValidationProblem:
    """A 422 naming the field that carries a control character."""
    detail = Text("{field}: {message}", field=field, message=CONTROL_MESSAGE)
    return ValidationProblem(detail, errors=[{"field": field, "message": CONTROL_MESSAGE}])


def check_pairs(pairs: list[tuple[str, str]]) -> None:
    """Refuse the first (name, value) pair with a forbidden character."""
    for name, value in pairs:
        if FORBIDDEN.search(name) or FORBIDDEN.search(value):
            raise bad_text(name if not FORBIDDEN.search(name) else "parameter name")


def check_json(body: bytes) -> None:
    """Every string and key of a JSON body; a body that does not parse is left to its handler."""
    if b"\\u" not in body:
        return  # raw control bytes make invalid JSON, which the handler refuses itself
    try:
        doc = json.loads(body)
    except (ValueError, RecursionError):
        return
    check_pairs(list(texts(doc)))


def _multipart_texts(body: bytes, boundary: bytes) -> list[tuple[str, str]]:
    """The text fields of a multipart body (file parts are data, not text)."""
    try:
        from python_multipart.multipart import MultipartParser, parse_options_header
    except ImportError:  # python-multipart before 0.0.13
        from multipart.multipart import MultipartParser, parse_options_header
    parts: list[dict] = []
    header: list[bytes] = [b"", b""]

    def on_part_begin() -> None:
        parts.append({"headers": {}, "data": bytearray()})

    def on_header_end() -> None:
        parts[-1]["headers"][header[0].lower()] = header[1]
        header[0] = header[1] = b""

    callbacks = {
        "on_part_begin": on_part_begin,
        "on_header_end": on_header_end,
        "on_header_field": lambda d, s, e: header.__setitem__(0, header[0] + d[s:e]),
        "on_header_value": lambda d, s, e: header.__setitem__(1, header[1] + d[s:e]),
        "on_part_data": lambda d, s, e: parts[-1]["data"].extend(d[s:e]),
    }
    MultipartParser(boundary, callbacks).write(body)
    texts = []
    for part in parts:
        _, options = parse_options_header(part["headers"].get(b"content-disposition", b""))
        if b"filename" not in options:
            name = options.get(b"name", b"").decode("utf-8", "replace")
            texts.append((name, bytes(part["data"]).decode("utf-8", "replace")))
    return texts


def check_body(content_type: str, body: bytes) -> None:
    """Refuse forbidden characters in the strings of a JSON, form or multipart body."""
    media = content_type.split(";")[0].strip().lower()
    if media == "application/json" or media.endswith("+json"):
        check_json(body)
    elif media == FORM:
        check_pairs(
            parse_qsl(body.decode("latin-1"), keep_blank_values=True, encoding="utf-8", errors="surrogateescape")
        )
    elif media == MULTIPART and "boundary=" in content_type:
        boundary = content_type.split("boundary=", 1)[1].split(";")[0].strip().strip('"')
        try:
            check_pairs(_multipart_texts(body, boundary.encode("latin-1")))
        except ValueError:
            return  # a malformed multipart body is the form parser's to refuse


def check_url(scope: dict) -> None:
    """Refuse forbidden characters in the path or the query string."""
    if FORBIDDEN.search(scope.get("path", "")):
        raise Problem("The path contains a control character.", status=400)
    query = scope.get("query_string", b"").decode("latin-1")
    if query:
        check_pairs(parse_qsl(query, keep_blank_values=True, encoding="utf-8", errors="surrogateescape"))


def _header(scope: dict, name: bytes) -> str:
    return next((v.decode("latin-1") for k, v in scope.get("headers", ()) if k == name), "")


class RequestGuard:
    """Refuses bodies over their route's limit (413) and control characters anywhere (400/422)."""

    def __init__(self, app, max_body_bytes: int) -> None:
        self.app, self.max_body_bytes = app, max_body_bytes

    def limit(self, path: str) -> int:
        """How many body bytes a request to this path may send."""
        return max(self.max_body_bytes, UPLOAD_BYTES) if UPLOAD_ROUTES.match(path) else self.max_body_bytes

    async def _read(self, scope: dict, receive) -> bytes:
        limit = self.limit(scope["path"])
        declared = _header(scope, b"content-length")
        if declared.isdigit() and int(declared) > limit:
            raise TooLarge(f"The request body is {int(declared):,} bytes; this endpoint takes at most {limit:,}.")
        chunks, size, more = [], 0, True
        while more:
            message = await receive()
            if message["type"] == "http.disconnect":
                break
            chunk, more = message.get("body", b""), message.get("more_body", False)
            size += len(chunk)  # counted as it streams: Content-Length may be absent or wrong
            if size > limit:
                raise TooLarge(f"The request body is over {limit:,} bytes, the limit of this endpoint.")
            chunks.append(chunk)
        return b"".join(chunks)

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        # The crash handler answers outside the observing middleware: it finds the request id here.
        scope.setdefault("state", {})["request_id"] = request_context.get().get("request_id")
        try:
            check_url(scope)
            body = await self._read(scope, receive)
            if not scope["path"].startswith(OWN_BODY_CHECKS):
                check_body(_header(scope, b"content-type"), body)
        except Problem as problem:
            await problem_response(Request(scope), problem)(scope, receive, send)
            return
        replayed = False

        async def replay():
            nonlocal replayed
            if not replayed:
                replayed = True
                return {"type": "http.request", "body": body, "more_body": False}
            return await receive()  # after the body: wait for the disconnect (streaming answers)

        await self.app(scope, replay, send)


def install(app: FastAPI, max_body_bytes: int) -> None:
    """Add the guard; install it before the observing middleware so refusals are logged and counted."""
    app.add_middleware(RequestGuard, max_body_bytes=max_body_bytes)
