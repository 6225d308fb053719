"""Demo land parcels: a zipped ESRI Shapefile in VN-2000 / TM-3 (EPSG:5899) imported through the layers importer."""

from __future__ import annotations

import io
import tempfile
import zipfile
from pathlib import Path

import numpy as np
import pyogrio.raw
import shapely
from pyproj import CRS, Transformer
from shapely.geometry import shape

from ioc.areas import service as areas_service
from ioc.auth.principal import Principal
from ioc.sectors.catalogue import LAND_TYPES

NAME = "Thửa đất (minh họa, VN-2000)"
VN2000_TM3 = 5899  # VN-2000 / TM-3 zone 107°45' (the Đà Nẵng meridian)


def parcels_zip(wards: list, rng) -> bytes:
    """A Shapefile (.shp, .shx, .dbf, .prj) of small parcels in each ward centre, written by GDAL, zipped."""
    crs = CRS.from_epsg(VN2000_TM3)
    project = Transformer.from_crs(4326, crs, always_xy=True)
    geoms, codes, numbers = [], [], []
    for ward in wards:
        c = ward.representative_point()
        for k in range(6):
            x, y = c.x + (k % 3) * 0.0012, c.y + (k // 3) * 0.0012
            geoms.append(shapely.box(x, y, x + 0.001, y + 0.001))
            codes.append(rng.choice(list(LAND_TYPES)))
            numbers.append(len(numbers) + 1)
    moved = [shapely.transform(g, lambda xy: np.column_stack(project.transform(xy[:, 0], xy[:, 1]))) for g in geoms]
    area = np.array([round(g.area, 1) for g in moved])
    with tempfile.TemporaryDirectory(prefix="ioc-demo-parcels-") as tmp:
        path = Path(tmp) / "thua-dat.shp"
        pyogrio.raw.write(
            path, shapely.to_wkb(np.array(moved, dtype=object)),
            field_data=[np.array(numbers), np.array(codes, dtype=object), area],
            fields=["so_thua", "loai_dat", "dien_tich"], geometry_type="Polygon", crs=crs.to_wkt(),
            driver="ESRI Shapefile",
        )  # fmt: skip
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w") as zf:
            for part in Path(tmp).iterdir():
                zf.write(part, part.name)
        return out.getvalue()


def import_parcels(session, ctx, actor: Principal) -> None:
    """Idempotent: the parcels layer of the first wards, from the VN-2000 Shapefile."""
    from ioc.layers import service as layers_service

    if any(layer.name_vi == NAME for layer in layers_service.visible_layers(session, actor)):
        return
    wards = [shape(a.geometry) for a in areas_service.with_boundaries(session, "ward")][:20]
    if not wards:
        return
    colors = {
        "ODT": "#e07b39",
        "ONT": "#f2b56b",
        "LUA": "#f5e663",
        "CLN": "#9cc59a",
        "SKC": "#9b7fc9",
        "DGT": "#8c8c8c",
    }
    style = layers_service.Style(kind="categories", property="loai_dat", categories=colors, opacity=0.75)
    meta = {"name_vi": NAME, "name_en": "Land parcels (illustrative, VN-2000)", "sector": "land", "visibility": "staff",
            "style": style, "popup_fields": ["so_thua", "loai_dat", "dien_tich"]}  # fmt: skip
    data = parcels_zip(wards, ctx.rng)
    layers_service.import_layer(session, actor, ("thua-dat.zip", data), meta, {"province": ctx.province})
