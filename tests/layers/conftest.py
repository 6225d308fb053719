"""Layer test files built with pyogrio (GDAL) in each test: GeoJSON, zipped Shapefile, GeoPackage, KML, VN-2000 too."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import numpy as np
import pyogrio.raw
import pytest
import shapely
from pyproj import CRS, Transformer

from ioc.layers.crs import zone_crs

# Inside the test province's synthetic boundaries (Đà Nẵng): small squares around this point, WGS 84.
CENTRE = (108.20, 16.05)
SUFFIX = {"GeoJSON": ".geojson", "ESRI Shapefile": ".shp", "GPKG": ".gpkg", "KML": ".kml"}


def squares(n: int = 4, size: float = 0.002, centre: tuple[float, float] = CENTRE) -> list:
    """n small squares in a row, WGS 84 (lon, lat)."""
    x, y = centre
    return [shapely.box(x + i * 2 * size, y, x + i * 2 * size + size, y + size) for i in range(n)]


def to_crs(geoms: list, crs: CRS) -> list:
    """The same shapes in another CRS, through EPSG:6960 for VN-2000 (WGS 84 -> VN-2000 -> projection)."""
    to_vn = Transformer.from_crs(4326, 4756, always_xy=True)
    project = Transformer.from_crs(4756, crs, always_xy=True) if crs.is_projected else None

    def run(xy: np.ndarray) -> np.ndarray:
        x, y = to_vn.transform(xy[:, 0], xy[:, 1])
        if project is not None:
            x, y = project.transform(x, y)
        return np.column_stack([x, y])

    return [shapely.transform(g, run) for g in geoms]


def write(tmp: Path, driver: str, geoms: list, *, crs: str | None = "EPSG:4326", fields: dict | None = None) -> Path:
    """A layer file written by GDAL."""
    fields = fields or {
        "name": np.array([f"Ô {i + 1}" for i in range(len(geoms))], dtype=object),
        "area": np.array([float(i + 1) * 10 for i in range(len(geoms))]),
    }
    path = tmp / f"layer{len(list(tmp.iterdir()))}{SUFFIX[driver]}"
    pyogrio.raw.write(
        path,
        shapely.to_wkb(np.array(geoms, dtype=object)),
        field_data=list(fields.values()),
        fields=list(fields),
        geometry_type="Unknown" if driver != "ESRI Shapefile" else "Polygon",
        crs=crs,
        driver=driver,
    )
    return path


def zipped(shp: Path, leave_out: tuple[str, ...] = ()) -> bytes:
    """The shapefile's parts in a ZIP, some left out on request."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for part in shp.parent.glob(shp.stem + ".*"):
            if part.suffix.lower() not in leave_out and part.suffix.lower() in (".shp", ".shx", ".dbf", ".prj", ".cpg"):
                archive.write(part, f"parcels/{part.name}")
    return out.getvalue()


@pytest.fixture
def danang_zone() -> CRS:
    """VN-2000 / TM-3 of Đà Nẵng (central meridian 107°45')."""
    return zone_crs("da-nang")


def form(name: str = "Lớp thử", sector: str = "land", **extra: str) -> dict:
    """The upload form's fields."""
    return {"name_vi": name, "name_en": "Test layer", "sector": sector, **extra}
