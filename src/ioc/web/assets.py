"""Copy front-end libraries from node_modules (installed from npm) into static/vendor, and bundle the
custom ECharts build (build/echarts.js, with esbuild from npm) into static/vendor/echarts.min.js, and cut the
region's land from Natural Earth (ioc.web.coastline) into static/vendor/coastline/land.geojson.

Run by the set-up (`make assets`); nothing is fetched from a CDN at run time.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

from ioc.web.coastline import TARGET as COASTLINE
from ioc.web.coastline import build_coastline
from ioc.web.paths import VENDOR_DIR, WEB_DIR

ECHARTS_ENTRY = WEB_DIR / "build" / "echarts.js"
ECHARTS_BUNDLE = "echarts.min.js"

# (source under node_modules, target under static/vendor)
ASSETS = [
    ("leaflet/dist/leaflet.js", "leaflet/leaflet.js"),
    ("leaflet/dist/leaflet.css", "leaflet/leaflet.css"),
    ("leaflet/dist/images", "leaflet/images"),
    ("leaflet.markercluster/dist/leaflet.markercluster.js", "leaflet/leaflet.markercluster.js"),
    ("leaflet.markercluster/dist/MarkerCluster.css", "leaflet/MarkerCluster.css"),
    ("leaflet.markercluster/dist/MarkerCluster.Default.css", "leaflet/MarkerCluster.Default.css"),
    # The offline base map's reader (IOC_LAYERS_PMTILES_PATH): PMTiles range requests and a Leaflet raster layer
    ("pmtiles/dist/pmtiles.js", "pmtiles/pmtiles.js"),
    ("@fontsource/be-vietnam-pro/400.css", "fonts/be-vietnam-pro/400.css"),
    ("@fontsource/be-vietnam-pro/500.css", "fonts/be-vietnam-pro/500.css"),
    ("@fontsource/be-vietnam-pro/600.css", "fonts/be-vietnam-pro/600.css"),
    ("@fontsource/be-vietnam-pro/700.css", "fonts/be-vietnam-pro/700.css"),
    ("@fontsource/be-vietnam-pro/files", "fonts/be-vietnam-pro/files"),
    # The API documentation page (/docs, ioc.web.docs)
    ("swagger-ui-dist/swagger-ui-bundle.js", "swagger-ui/swagger-ui-bundle.js"),
    ("swagger-ui-dist/swagger-ui.css", "swagger-ui/swagger-ui.css"),
    ("swagger-ui-dist/oauth2-redirect.js", "swagger-ui/oauth2-redirect.js"),
]


def copy_assets(node_modules: Path, target: Path = VENDOR_DIR) -> list[str]:
    """Copy every asset; raises FileNotFoundError naming what is missing."""
    copied = []
    for source, dest in ASSETS:
        src, dst = node_modules / source, target / dest
        if not src.exists():
            raise FileNotFoundError(f"{src} is missing: run `npm ci` first")
        dst.parent.mkdir(parents=True, exist_ok=True)
        if src.is_dir():
            shutil.copytree(src, dst, dirs_exist_ok=True)
        else:
            shutil.copy2(src, dst)
        copied.append(dest)
    return copied


def build_echarts(node_modules: Path, target: Path = VENDOR_DIR) -> Path:
    """Bundle only the chart types and components the pages use, minified (esbuild, an npm dev dependency)."""
    esbuild = node_modules / ".bin" / "esbuild"
    if not esbuild.exists():
        raise FileNotFoundError(f"{esbuild} is missing: run `npm ci` first")
    out = target / ECHARTS_BUNDLE
    out.parent.mkdir(parents=True, exist_ok=True)
    command = [str(esbuild), str(ECHARTS_ENTRY), "--bundle", "--minify", "--format=iife", "--target=es2019"]
    env_path = str(node_modules.resolve())
    subprocess.run([*command, f"--outfile={out}"], check=True, env={"NODE_PATH": env_path, "PATH": ""})
    return out


def missing_assets(target: Path = VENDOR_DIR) -> list[str]:
    """Assets not yet copied or built (the pages need all of them)."""
    wanted = [dest for _, dest in ASSETS] + [ECHARTS_BUNDLE, COASTLINE]
    return [dest for dest in wanted if not (target / dest).exists()]


if __name__ == "__main__":
    root = Path(sys.argv[1] if len(sys.argv) > 1 else "node_modules")
    print(f"copied {len(copy_assets(root))} front-end assets into {VENDOR_DIR.name}/")
    bundle = build_echarts(root)
    print(f"built {bundle.name} ({bundle.stat().st_size // 1024} KiB)")
    coastline = build_coastline(root, VENDOR_DIR)
    print(f"cut {coastline.name} ({coastline.stat().st_size // 1024} KiB)")
