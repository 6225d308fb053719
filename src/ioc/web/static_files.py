"""Static files: fingerprinted URLs cached for a year, ETag/304 for the rest, brotli or gzip on the wire.

`asset("js/app.js")` gives `/static/v/<hash>/js/app.js`, where <hash> is one digest of the whole static
tree: relative imports between ES modules stay inside the same fingerprint, so a module never meets a
stale sibling (docs/decisions/0015-static-asset-pipeline.md).
"""

from __future__ import annotations

import gzip
import hashlib
import mimetypes
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import brotli
from starlette.responses import Response
from starlette.types import Receive, Scope, Send

from ioc.web.paths import STATIC_DIR

IMMUTABLE = "public, max-age=31536000, immutable"
REVALIDATE = "no-cache"
COMPRESSIBLE = (".js", ".mjs", ".css", ".svg", ".json", ".html", ".map", ".txt", ".webmanifest")
VERSION_PREFIX = "v/"
mimetypes.add_type("text/javascript", ".js")
mimetypes.add_type("application/manifest+json", ".webmanifest")


@lru_cache(maxsize=1)
def tree_hash(root: Path = STATIC_DIR) -> str:
    """One short digest of every file's path and content under the static folder."""
    digest = hashlib.blake2b(digest_size=6)
    for path in sorted(p for p in root.rglob("*") if p.is_file()):
        digest.update(str(path.relative_to(root)).encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


def asset(path: str) -> str:
    """The fingerprinted URL of a file under static/ (`asset("css/app.css")`)."""
    return f"/static/{VERSION_PREFIX}{tree_hash()}/{path.lstrip('/')}"


@dataclass(frozen=True)
class Encoded:
    """A file's bytes in one content coding, with the ETag of that representation."""

    body: bytes
    etag: str
    media_type: str


@lru_cache(maxsize=512)
def _encoded(path: Path, mtime_ns: int, coding: str) -> Encoded:
    """The file compressed with `coding` ("br", "gzip" or "identity"), kept in memory."""
    raw = path.read_bytes()
    body = raw
    if coding == "br":
        body = brotli.compress(raw, quality=11 if len(raw) < 4_000_000 else 5)
    elif coding == "gzip":
        body = gzip.compress(raw, compresslevel=9, mtime=0)
    tag = hashlib.blake2b(raw, digest_size=8).hexdigest()
    media = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
    if media.startswith("text/") or media in ("application/json", "image/svg+xml"):
        media += "; charset=utf-8"
    suffix = "" if coding == "identity" else "-" + coding
    return Encoded(body, f'"{tag}{suffix}"', media)


def pick_coding(accept: str, name: str) -> str:
    """br if the client takes it, else gzip, else identity; only for text-like files."""
    if not name.endswith(COMPRESSIBLE):
        return "identity"
    offered = {part.split(";")[0].strip() for part in accept.split(",")}
    return "br" if "br" in offered else "gzip" if "gzip" in offered else "identity"


def _resolve(root: Path, rel: str) -> Path | None:
    """The file under root that `rel` names, or None (no escape from the folder, no directories)."""
    target = (root / rel).resolve()
    if root not in target.parents or not target.is_file():
        return None
    return target


def _split_version(rel: str) -> tuple[str, bool]:
    """('js/app.js', True) for 'v/<current hash>/js/app.js'; an old hash is served but not as immutable."""
    if not rel.startswith(VERSION_PREFIX):
        return rel, False
    _, version, rest = (rel.split("/", 2) + ["", ""])[:3]
    return rest, version == tree_hash()


class StaticAssets:
    """The ASGI app mounted at /static."""

    def __init__(self, root: Path = STATIC_DIR) -> None:
        self.root = root.resolve()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Answer GET/HEAD for a file; 404 otherwise."""
        response = self.respond(scope)
        await response(scope, receive, send)

    def respond(self, scope: Scope) -> Response:
        """The response for one request under /static."""
        if scope["method"] not in ("GET", "HEAD"):
            return Response(status_code=405, headers={"allow": "GET, HEAD"})
        route = scope["path"].removeprefix(scope.get("root_path", "")).lstrip("/")
        rel, immutable = _split_version(route.removeprefix("static/"))
        path = _resolve(self.root, rel)
        if path is None:
            return Response("Not Found", status_code=404, media_type="text/plain")
        headers = {k.decode().lower(): v.decode() for k, v in scope.get("headers", [])}
        coding = pick_coding(headers.get("accept-encoding", ""), path.name)
        enc = _encoded(path, path.stat().st_mtime_ns, coding)
        out = {"cache-control": IMMUTABLE if immutable else REVALIDATE, "etag": enc.etag, "vary": "Accept-Encoding"}
        if coding != "identity":
            out["content-encoding"] = coding
        if enc.etag in headers.get("if-none-match", ""):
            return Response(status_code=304, headers=out)
        body = b"" if scope["method"] == "HEAD" else enc.body
        out["content-length"] = str(len(enc.body))
        return Response(body, headers=out, media_type=enc.media_type)
