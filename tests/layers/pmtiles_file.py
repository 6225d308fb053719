"""A tiny raster PMTiles archive for the base-map tests, written with the `pmtiles` package (one-colour PNG tiles)."""

from __future__ import annotations

import io
import math

from PIL import Image
from pmtiles.tile import Compression, TileType, zxy_to_tileid
from pmtiles.writer import Writer

SEA = (64, 140, 210)  # every tile of the archive is this colour, so a drawn tile is recognisable
MAX_ZOOM = 11


def _tile_range(west: float, south: float, east: float, north: float, z: int) -> tuple[range, range]:
    def xy(lon: float, lat: float) -> tuple[int, int]:
        n = 2**z
        y = (1 - math.asinh(math.tan(math.radians(lat))) / math.pi) / 2 * n
        return int((lon + 180) / 360 * n), int(y)

    (x0, y0), (x1, y1) = xy(west, north), xy(east, south)
    return range(x0 - 1, x1 + 2), range(y0 - 1, y1 + 2)


def write_pmtiles(path, box: tuple[float, float, float, float]) -> int:
    """A raster PMTiles v3 archive of one-colour PNG tiles covering the box at zooms 0..MAX_ZOOM; the tile count."""
    buffer = io.BytesIO()
    Image.new("RGB", (256, 256), SEA).save(buffer, "PNG")
    png, count = buffer.getvalue(), 0
    with path.open("wb") as f:
        writer = Writer(f)
        for z in range(MAX_ZOOM + 1):
            xs, ys = _tile_range(*box, z)
            for x in xs:
                for y in ys:
                    if 0 <= x < 2**z and 0 <= y < 2**z:
                        writer.write_tile(zxy_to_tileid(z, x, y), png)
                        count += 1
        e7 = [round(v * 10_000_000) for v in box]
        writer.finalize({"tile_type": TileType.PNG, "tile_compression": Compression.NONE, "min_lon_e7": e7[0],
                         "min_lat_e7": e7[1], "max_lon_e7": e7[2], "max_lat_e7": e7[3], "center_zoom": 9,
                         "center_lon_e7": (e7[0] + e7[2]) // 2, "center_lat_e7": (e7[1] + e7[3]) // 2},
                        {"name": "test base map", "attribution": "synthetic"})  # fmt: skip
    return count
