"""The offline base map: a PMTiles file on disk (IOC_LAYERS_PMTILES_PATH) served with HTTP range requests."""

from __future__ import annotations

from pathlib import Path

from fastapi import APIRouter, Depends
from fastapi.responses import FileResponse

from ioc.kit.errors import NotFound
from ioc.layers.settings import LayerSettings, layer_settings

router = APIRouter(include_in_schema=False)


@router.get("/basemap.pmtiles")
def basemap(settings: LayerSettings = Depends(layer_settings)) -> FileResponse:
    """The deployment's PMTiles extract; 404 when none is configured (maps then need no tile server)."""
    path = Path(settings.pmtiles_path) if settings.pmtiles_path else None
    if path is None or not path.is_file():
        raise NotFound("No offline base map is configured (IOC_LAYERS_PMTILES_PATH).")
    # FileResponse answers Range: bytes=… with 206 and the slice, as PMTiles readers ask.
    return FileResponse(path, media_type="application/vnd.pmtiles", headers={"Cache-Control": "public, max-age=86400"})
