"""Camera streams: the synthetic MJPEG stream of the demo, the proxy, and links, only for viewers."""

from __future__ import annotations

import asyncio
import functools
import io
from collections.abc import AsyncIterator
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

import httpx
from fastapi import APIRouter, Depends, Query
from fastapi.responses import RedirectResponse, Response, StreamingResponse
from sqlalchemy.orm import Session

from ioc.auth.deps import require_roles
from ioc.auth.principal import Principal
from ioc.db.uow import DB
from ioc.facilities import service
from ioc.facilities.settings import FacilitiesSettings, facilities_settings
from ioc.kit import urlpolicy
from ioc.kit.errors import NotFound
from ioc.kit.openapi import answers, media
from ioc.kit.text import ascii_fold
from ioc.kit.types import Id

router = APIRouter(prefix="/api/v1/facilities", tags=["facilities"])
viewer = require_roles(*service.READERS)
BOUNDARY = "ioc-frame"
MJPEG_TYPE = f"multipart/x-mixed-replace; boundary={BOUNDARY}"
LOCAL = ZoneInfo("Asia/Ho_Chi_Minh")
CHUNK = 64 * 1024


# A font with Vietnamese letters (Debian's fonts-dejavu-core); without one, names are drawn without diacritics.
FONT_FILES = ("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf", "DejaVuSans.ttf")


@functools.lru_cache(maxsize=4)
def _font(size: int) -> tuple[Any, bool]:
    from PIL import ImageFont

    for path in FONT_FILES:
        try:
            return ImageFont.truetype(path, size), True
        except OSError:
            continue
    return ImageFont.load_default(size=size), False


def synthetic_frame(name: str, number: int, now: datetime | None = None) -> bytes:
    """One JPEG frame: the camera's name, the local time and a moving band (generated with Pillow)."""
    from PIL import Image, ImageDraw

    now = (now or datetime.now(LOCAL)).astimezone(LOCAL)
    font, vietnamese = _font(22)
    small, _ = _font(16)
    image = Image.new("RGB", (640, 360), (18, 32, 48))
    draw = ImageDraw.Draw(image)
    x = (number * 24) % 680 - 40
    draw.rectangle((x, 250, x + 40, 290), fill=(46, 134, 193))
    draw.rectangle((0, 0, 640, 40), fill=(0, 0, 0))
    draw.text((12, 8), (name if vietnamese else ascii_fold(name))[:60], font=font, fill=(255, 255, 255))
    draw.text((12, 326), now.strftime("%d/%m/%Y %H:%M:%S") + "  (ICT)  SYNTHETIC", font=small, fill=(255, 220, 120))
    draw.text((570, 12), f"#{number}", font=small, fill=(180, 180, 180))
    out = io.BytesIO()
    image.save(out, format="JPEG", quality=70)
    return out.getvalue()


def multipart_part(jpeg: bytes) -> bytes:
    """One part of a multipart/x-mixed-replace MJPEG answer."""
    head = f"--{BOUNDARY}\r\nContent-Type: image/jpeg\r\nContent-Length: {len(jpeg)}\r\n\r\n".encode()
    return head + jpeg + b"\r\n"


async def synthetic_stream(name: str, frames: int, fps: float) -> AsyncIterator[bytes]:
    """Generated frames, one every 1/fps seconds, `frames` of them."""
    for number in range(frames):
        if number:
            await asyncio.sleep(1 / fps)
        yield multipart_part(await asyncio.to_thread(synthetic_frame, name, number))


async def _proxied(url: str, allow: urlpolicy.Allowlist, seconds: int) -> tuple[str, AsyncIterator[bytes]]:
    # The camera's answer streamed through; its address is checked again when called.
    try:
        await asyncio.to_thread(urlpolicy.resolve, url, allow)
    except (urlpolicy.Refused, ConnectionError) as exc:
        raise NotFound(f"The camera's stream cannot be reached: {exc}") from None
    client = httpx.AsyncClient(timeout=httpx.Timeout(10.0, read=30.0), follow_redirects=False)
    try:
        answer = await client.send(client.build_request("GET", url), stream=True)
    except httpx.HTTPError:
        await client.aclose()
        raise NotFound("The camera's stream does not answer.") from None

    async def body() -> AsyncIterator[bytes]:
        loop = asyncio.get_running_loop()
        deadline = loop.time() + seconds
        try:
            async for chunk in answer.aiter_raw(CHUNK):
                yield chunk
                if loop.time() > deadline:
                    break
        finally:
            await answer.aclose()
            await client.aclose()

    return answer.headers.get("content-type", "application/octet-stream"), body()


@router.get(
    "/{facility_id}/stream", response_class=Response, responses=media(MJPEG_TYPE, "application/vnd.apple.mpegurl")
)
@answers(307)
async def camera_stream(
    facility_id: Id,
    frames: int | None = Query(None, ge=1, le=100_000, description="Synthetic streams: stop after this many frames"),
    actor: Principal = Depends(viewer),
    settings: FacilitiesSettings = Depends(facilities_settings),
    db: Session = DB,
) -> Response:
    """A camera's stream for a role that may view it (403 otherwise): generated, proxied or redirected."""
    camera = service.require_camera_view(db, actor, facility_id)
    url = camera.attributes.get("stream_url") or ""
    name = camera.name
    db.close()  # a stream lasts minutes: the database session is not held for it
    if not url:
        raise NotFound(f"Camera {facility_id} has no stream.")
    if url.startswith(service.SYNTHETIC_SCHEME):
        limit = frames or max(1, int(settings.stream_max_seconds * settings.synthetic_fps))
        return StreamingResponse(synthetic_stream(name, limit, settings.synthetic_fps), media_type=MJPEG_TYPE,
                                 headers={"Cache-Control": "no-store"})  # fmt: skip
    if settings.camera_mode == "link" or camera.attributes.get("stream_format") == "hls":
        return RedirectResponse(url, status_code=307, headers={"Cache-Control": "no-store"})
    allow = urlpolicy.Allowlist.parse(settings.camera_allowed_hosts)
    content_type, body = await _proxied(url, allow, settings.stream_max_seconds)
    return StreamingResponse(body, media_type=content_type, headers={"Cache-Control": "no-store"})
