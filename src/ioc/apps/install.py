"""What makes the phone apps installable: the web app manifest, the icons (drawn with Pillow) and the
service worker (sw.js with the app's scope, version and shell files filled in)."""

from __future__ import annotations

import io
import json
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from fastapi.responses import Response
from PIL import Image, ImageDraw, ImageFont

from ioc.kit.errors import NotFound
from ioc.web.templating import asset, asset_version

WORKER = Path(__file__).resolve().parent / "sw.js"
ICON_SIZES = (192, 512)
SHARED_SHELL = ("css/app.css", "css/components.css", "css/apps.css", "icons.svg", "js/app.js", "js/ioc/dom.js",
                "js/ioc/live.js", "js/ioc/api.js", "js/ioc/refresh.js", "js/ioc/status.js",
                "vendor/fonts/be-vietnam-pro/400.css", "vendor/fonts/be-vietnam-pro/600.css",
                "vendor/fonts/be-vietnam-pro/700.css")  # fmt: skip


@dataclass(frozen=True)
class App:
    """One installable app: where it lives, what it is called, its colours and its own files."""

    key: str
    scope: str
    name: str
    short_name: str
    colour: str
    letter: str
    files: tuple[str, ...]


LEADER_APP = App("leader", "/lanh-dao/", "IOC — Lãnh đạo", "IOC Lãnh đạo", "#0b4f8a", "LĐ", ("js/leader-app.js",))
CITIZEN_APP = App(
    "citizen", "/nguoi-dan/", "IOC — Người dân", "IOC Người dân", "#0f766e", "ND",
    ("js/citizen-app.js", "js/feedback.js", "css/feedback.css"),
)  # fmt: skip


def manifest(app: App, lang: str, translate: Callable[[str, str], str]) -> dict:
    """The web app manifest: standalone, portrait, started at the app's scope, with PNG icons."""
    icons = [
        {
            "src": f"{app.scope}icon-{size}.png",
            "sizes": f"{size}x{size}",
            "type": "image/png",
            "purpose": "any maskable",
        }
        for size in ICON_SIZES
    ]
    return {
        "id": app.scope,
        "name": translate(app.name, lang),
        "short_name": translate(app.short_name, lang),
        "lang": lang,
        "start_url": app.scope,
        "scope": app.scope,
        "display": "standalone",
        "orientation": "portrait",
        "background_color": "#ffffff",
        "theme_color": app.colour,
        "icons": icons,
    }


def manifest_response(app: App, lang: str, translate: Callable[[str, str], str]) -> Response:
    """The manifest as application/manifest+json."""
    body = json.dumps(manifest(app, lang, translate), ensure_ascii=False)
    return Response(body, media_type="application/manifest+json", headers={"cache-control": "no-cache"})


def shell(app: App) -> list[str]:
    """The URLs the worker stores on install: the app's page and its fingerprinted files."""
    return [app.scope, *(asset(name) for name in (*SHARED_SHELL, *app.files))]


@lru_cache(maxsize=4)
def worker_source(app: App) -> str:
    """sw.js with this app's configuration (scope, cache version, shell URLs)."""
    config = {"app": app.key, "scope": app.scope, "version": asset_version(), "shell": shell(app)}
    return WORKER.read_text(encoding="utf-8").replace("__IOC_APP_CONFIG__", json.dumps(config))


def worker_response(app: App) -> Response:
    """The worker script, never cached by HTTP (the browser checks it for updates)."""
    headers = {"cache-control": "no-cache", "service-worker-allowed": app.scope}
    return Response(worker_source(app), media_type="text/javascript", headers=headers)


@lru_cache(maxsize=8)
def icon_png(app: App, size: int) -> bytes:
    """A square icon: the app's colour, a white rounded badge and its letters (safe zone for maskable)."""
    image = Image.new("RGB", (size, size), app.colour)
    draw = ImageDraw.Draw(image)
    pad = size // 5
    draw.rounded_rectangle((pad, pad, size - pad, size - pad), radius=size // 8, fill="#ffffff")
    try:
        font = ImageFont.load_default(size=size // 4)
    except TypeError:  # Pillow < 10.1 has one bitmap size
        font = ImageFont.load_default()
    draw.text((size / 2, size / 2), app.letter, fill=app.colour, font=font, anchor="mm")
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=True)
    return out.getvalue()


def icon_response(app: App, size: int) -> Response:
    """The icon PNG, cached for a day."""
    if size not in ICON_SIZES:
        raise NotFound(f"No icon of {size} px")
    return Response(icon_png(app, size), media_type="image/png", headers={"cache-control": "public, max-age=86400"})
