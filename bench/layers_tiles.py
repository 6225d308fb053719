"""A 50,000-polygon layer: import time, and p95 of bbox requests at three zooms against the same features unsimplified.

The layer is written by GDAL as a GeoPackage in VN-2000 / TM-3 107°45' (Đà Nẵng), so the import runs the whole
real path: pyogrio read, EPSG:6960 to WGS 84, validity and province checks, simplification bands, bulk insert.
Then GET /api/v1/layers/{id}/features is timed through the real app (auth, query, answer) at zoom 9 (the whole
province), 12 (an 8 km box) and 15 (a 1 km box), each next to its baseline in the same run: the same box read
with the geometry as imported (zoom 16: no simplification, no sub-pixel drop), through the same endpoint.

    .venv/bin/python bench/layers_tiles.py [--db postgres|sqlite] [--features 50000] [--requests 30]
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import tempfile
import time
from pathlib import Path

import numpy as np
import pyogrio.raw
import shapely
from fastapi.testclient import TestClient
from pyproj import Transformer

from _sensors_common import fresh_database
from ioc.auth import service as auth_service
from ioc.auth.principal import SYSTEM
from ioc.config import Settings
from ioc.db.session import make_engine, make_session_factory
from ioc.demo import core
from ioc.layers import service as layers_service
from ioc.layers.crs import zone_crs
from ioc.layers.schemas import Style
from ioc.main import create_app
from ioc.plugins import default_registry

PROVINCE = "48"
BOXES = {9: 0.0, 12: 0.08, 15: 0.01}  # zoom -> box size in degrees (0: the province's extent)


def parcels(n: int, extent: tuple[float, float, float, float]) -> list:
    """n irregular parcels (~24 vertices, 40–120 m across) on a grid over the middle of the province."""
    rng = np.random.default_rng(7)
    west, south, east, north = extent
    side = int(np.ceil(np.sqrt(n)))
    cx, cy = (west + east) / 2, (south + north) / 2
    step = min(east - west, north - south) * 0.6 / side
    out = []
    for i in range(n):
        x = cx - side * step / 2 + (i % side) * step
        y = cy - side * step / 2 + (i // side) * step
        angles = np.sort(rng.uniform(0, 2 * np.pi, 24))
        radius = rng.uniform(0.2, 0.45) * step * (1 + 0.15 * rng.standard_normal(24)).clip(0.7, 1.3)
        out.append(shapely.Polygon(np.column_stack([x + radius * np.cos(angles), y + radius * np.sin(angles)])))
    return out


def write_vn2000(geoms: list, folder: str) -> bytes:
    """The parcels as a GeoPackage in VN-2000 / TM-3 Đà Nẵng."""
    crs = zone_crs("da-nang")
    to_vn = Transformer.from_crs(4326, 4756, always_xy=True)
    project = Transformer.from_crs(4756, crs, always_xy=True)
    moved = [
        shapely.transform(g, lambda xy: np.column_stack(project.transform(*to_vn.transform(xy[:, 0], xy[:, 1]))))
        for g in geoms
    ]
    path = os.path.join(folder, "thua-dat.gpkg")
    codes = np.array([random.choice(["ODT", "ONT", "LUA", "SKC", "CLN"]) for _ in geoms], dtype=object)
    areas = np.array([g.area for g in moved])
    pyogrio.raw.write(
        path,
        shapely.to_wkb(np.array(moved, dtype=object)),
        field_data=[codes, areas],
        fields=["loai_dat", "dien_tich"],
        geometry_type="Polygon",
        crs=crs.to_wkt(),
        driver="GPKG",
    )
    return Path(path).read_bytes()


def p95(samples: list[float]) -> float:
    """95th percentile in milliseconds."""
    return statistics.quantiles(samples, n=20)[-1] * 1000


def timed(client: TestClient, url: str, headers: dict) -> tuple[float, int, int]:
    t = time.perf_counter()
    res = client.get(url, headers=headers)
    elapsed = time.perf_counter() - t
    assert res.status_code == 200, res.text[:300]
    return elapsed, len(res.content), res.content.count(b'"Feature"')


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--db", default="postgres", choices=("postgres", "sqlite"))
    ap.add_argument("--features", type=int, default=50_000)
    ap.add_argument("--requests", type=int, default=30)
    args = ap.parse_args()
    url, drop = fresh_database(args.db)
    try:
        run(url, args)
    finally:
        drop()


def run(url: str, args: argparse.Namespace) -> None:
    engine = make_engine(url)
    factory = make_session_factory(engine, registry=default_registry())
    with factory() as s:
        core.seed_areas(s, PROVINCE)
        auth_service.create_user(s, SYSTEM, username="bench", password="bench-password", role="admin")
        s.commit()
        extent = layers_service.province_extent(s, PROVINCE)
    folder = tempfile.mkdtemp(prefix="ioc-bench-layers-")
    data = write_vn2000(parcels(args.features, extent), folder)
    print(f"{args.features:,} polygons, GeoPackage in VN-2000 / TM-3 107°45': {len(data) / 2**20:.1f} MiB ({args.db})")
    meta = {"name_vi": "Thửa đất", "sector": "land", "visibility": "public", "style": Style(), "popup_fields": []}
    t = time.perf_counter()
    with factory() as s:
        layer, _ = layers_service.import_layer(s, SYSTEM, ("thua-dat.gpkg", data), meta, {"province": PROVINCE})
        s.commit()
        layer_id, bbox = layer.id, (layer.min_lon, layer.min_lat, layer.max_lon, layer.max_lat)
    print(f"import (read, VN-2000 -> WGS 84, checks, 3 zoom bands, insert): {time.perf_counter() - t:.1f} s")

    os.environ["IOC_LAYERS_MAX_RESPONSE_FEATURES"] = "200000"  # the baseline answers every feature too
    app = create_app(Settings(database_url=url, jurisdiction=PROVINCE), engine=engine)
    client = TestClient(app)
    token = client.post("/api/v1/auth/token", data={"username": "bench", "password": "bench-password"})
    headers = {"Authorization": f"Bearer {token.json()['access_token']}"}
    rng = random.Random(3)
    head = f"{'zoom':>4} {'features':>9} {'KiB':>8} {'p95 ms':>8}"
    print(f"{head} | baseline: {'features':>9} {'KiB':>8} {'p95 ms':>8} | ratio")
    for zoom, size in BOXES.items():
        real, base = [], []
        for _ in range(args.requests):
            if size:
                x = rng.uniform(bbox[0], bbox[2] - size)
                y = rng.uniform(bbox[1], bbox[3] - size)
                box = f"{x:.5f},{y:.5f},{x + size:.5f},{y + size:.5f}"
            else:
                box = f"{bbox[0] - 0.01:.5f},{bbox[1] - 0.01:.5f},{bbox[2] + 0.01:.5f},{bbox[3] + 0.01:.5f}"
            real.append(timed(client, f"/api/v1/layers/{layer_id}/features?bbox={box}&zoom={zoom}", headers))
            base.append(timed(client, f"/api/v1/layers/{layer_id}/features?bbox={box}&zoom=16", headers))
        r95, b95 = p95([r[0] for r in real]), p95([b[0] for b in base])
        rf, rk = statistics.mean(r[2] for r in real), statistics.mean(r[1] for r in real) / 1024
        bf, bk = statistics.mean(b[2] for b in base), statistics.mean(b[1] for b in base) / 1024
        line = f"{zoom:>4} {rf:>9.0f} {rk:>8.0f} {r95:>8.1f} | baseline: {bf:>9.0f} {bk:>8.0f} {b95:>8.1f}"
        smaller = f"{bk / rk:.1f}x smaller" if rk else "empty answer"
        print(f"{line} | {b95 / r95:.1f}x faster, {smaller}")


if __name__ == "__main__":
    main()
