"""The offline base map: a PMTiles file on disk (IOC_LAYERS_PMTILES_PATH) served with HTTP range requests,
and what the maps need to draw it (/basemap.json)."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from fastapi import APIRouter, Depends
from fastapi.responses import FileResponse, JSONResponse

from ioc.kit.errors import NotFound
from ioc.layers.settings import LayerSettings, layer_settings
from ioc.web.templating import asset

log = logging.getLogger(__name__)
router = APIRouter(include_in_schema=False)
# PMTiles v3 header: "PMTiles", version 3; byte 99 is the tile type, 100 and 101 the zoom range.
RASTER = {2: "png", 3: "jpeg", 4: "webp", 5: "avif"}
KINDS = {0: "unknown", 1: "mvt"} | RASTER


def _path(settings: LayerSettings) -> Path | None:
    path = Path(settings.pmtiles_path) if settings.pmtiles_path else None
    return path if path is not None and path.is_file() else None


def describe(path: Path) -> dict[str, Any] | None:
    """Tile type and zoom range from a PMTiles v3 header, or None when the file is not one."""
    with path.open("rb") as f:
        head = f.read(127)
    if len(head) < 127 or head[:7] != b"PMTiles" or head[7] != 3:
        return None
    return {"tile_type": KINDS.get(head[99], "unknown"), "min_zoom": head[100], "max_zoom": head[101]}


@router.get("/basemap.pmtiles")
def basemap(settings: LayerSettings = Depends(layer_settings)) -> FileResponse:
    """The deployment's PMTiles extract; 404 when none is configured (maps then need no tile server)."""
    path = _path(settings)
    if path is None:
        raise NotFound("No offline base map is configured (IOC_LAYERS_PMTILES_PATH).")
    # FileResponse answers Range: bytes=… with 206 and the slice, as PMTiles readers ask.
    return FileResponse(path, media_type="application/vnd.pmtiles", headers={"Cache-Control": "public, max-age=86400"})


@router.get("/basemap.json")
def basemap_info(settings: LayerSettings = Depends(layer_settings)) -> JSONResponse:
    """What a map draws under its layers: the PMTiles archive and its reader, or nothing (ward outlines only)."""
    path = _path(settings)
    info = describe(path) if path else None
    body: dict[str, Any] = {"pmtiles": None}
    if info and info["tile_type"] in RASTER.values():
        body = {"pmtiles": "/basemap.pmtiles", "script": asset("vendor/pmtiles/pmtiles.js")} | info
    elif path:  # vector tiles need a style renderer the maps do not carry; say so once per answer
        log.warning("IOC_LAYERS_PMTILES_PATH %s is not a raster PMTiles v3 archive (%s); not drawn", path, info)
    return JSONResponse(body, headers={"Cache-Control": "public, max-age=300"})
