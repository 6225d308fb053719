"""Demo layer: synthetic land-use planning zones written by GDAL in VN-2000 / TM-3 and imported like an upload."""

from __future__ import annotations

import tempfile
from pathlib import Path

import numpy as np
import pyogrio.raw
import shapely
from pyproj import Transformer
from shapely.geometry import shape

from ioc.areas import service as areas_service
from ioc.auth.principal import Principal
from ioc.db.uow import unit_of_work
from ioc.layers import repository, service
from ioc.layers.crs import ZONES, zone_crs
from ioc.layers.schemas import Style

DEMO_ACTOR = Principal(kind="system", name="demo:lop-ban-do", role="admin")
LAND = {"ODT": "#e07b39", "ONT": "#f2b56b", "LUA": "#f5e663", "CLN": "#9cc59a", "SKC": "#9b7fc9", "DGT": "#8c8c8c"}
NAME = "Quy hoạch sử dụng đất (minh họa)"


def _zone_for(lon: float) -> str:
    """The former province whose central meridian is nearest the longitude."""
    return min(ZONES, key=lambda slug: abs(ZONES[slug][1] - lon))


def planning_file(wards: list, rng) -> tuple[bytes, str]:
    """A GeoPackage of zones inside the wards (each ward shrunk and cut in two), in the nearest TM-3 zone."""
    zones, codes = [], []
    for ward in wards:
        inner = ward.buffer(-0.002)
        if inner.is_empty:
            continue
        xmin, ymin, xmax, ymax = inner.bounds
        cut = xmin + (xmax - xmin) * rng.uniform(0.35, 0.65)
        for half in (shapely.box(xmin, ymin, cut, ymax), shapely.box(cut, ymin, xmax, ymax)):
            part = inner.intersection(half)
            if not part.is_empty and part.geom_type in ("Polygon", "MultiPolygon"):
                zones.append(part)
                codes.append(rng.choice(list(LAND)))
    slug = _zone_for(float(np.mean([z.centroid.x for z in zones])))
    crs = zone_crs(slug)
    to_vn = Transformer.from_crs(4326, 4756, always_xy=True)
    project = Transformer.from_crs(4756, crs, always_xy=True)
    moved = [
        shapely.transform(z, lambda xy: np.column_stack(project.transform(*to_vn.transform(xy[:, 0], xy[:, 1]))))
        for z in zones
    ]
    areas = np.array([round(z.area / 10_000, 2) for z in moved])  # hectares, measured in the projection
    with tempfile.TemporaryDirectory(prefix="ioc-demo-layer-") as tmp:
        path = Path(tmp) / "quy-hoach.gpkg"
        pyogrio.raw.write(
            path, shapely.to_wkb(np.array(moved, dtype=object)), field_data=[np.array(codes, dtype=object), areas],
            fields=["loai_dat", "dien_tich_ha"], geometry_type="MultiPolygon", crs=crs.to_wkt(), driver="GPKG",
            promote_to_multi=True,
        )  # fmt: skip
        return path.read_bytes(), slug


def seed(ctx) -> None:
    """Idempotent: one public planning layer over the wards, imported from a VN-2000 GeoPackage."""
    with unit_of_work(ctx.session_factory) as session:
        if any(layer.name_vi == NAME for layer in repository.all_layers(session)):
            return
        wards = [shape(a.geometry) for a in areas_service.with_boundaries(session, "ward")][:40]
        if not wards:
            return
        data, _slug = planning_file(wards, ctx.rng)
        style = Style(kind="categories", property="loai_dat", categories=LAND, opacity=0.7)
        meta = {"name_vi": NAME, "name_en": "Land-use planning (illustrative)", "sector": "land",
                "visibility": "public", "style": style, "popup_fields": ["loai_dat", "dien_tich_ha"]}  # fmt: skip
        service.import_layer(session, DEMO_ACTOR, ("quy-hoach.gpkg", data), meta, {"province": ctx.province})
