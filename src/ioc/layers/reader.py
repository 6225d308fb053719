"""Read an uploaded layer file with pyogrio (GDAL): check it is what it claims, find its CRS, give raw features."""

from __future__ import annotations

import io
import tempfile
import zipfile
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any

import numpy as np
import pyogrio
import pyogrio.raw
import shapely
from pyproj import CRS
from pyproj.exceptions import CRSError

from ioc.kit.i18n import Text

FORMATS = {".geojson": "geojson", ".json": "geojson", ".zip": "shapefile", ".gpkg": "gpkg", ".kml": "kml"}
MAX_UNZIPPED = 200 * 1024 * 1024  # a ZIP may not expand past this (zip bombs)
SHAPE_PARTS = (".shp", ".shx", ".dbf", ".prj")


UNSUPPORTED = "{file}: phần mở rộng '{suffix}' không được hỗ trợ; hãy gửi .geojson, .zip (Shapefile), .gpkg hoặc .kml."


class FileProblem(ValueError):
    """A file the import refuses, with a message naming the file (and the feature when there is one)."""

    def __init__(self, message: str, errors: list[dict[str, Any]] | None = None) -> None:
        super().__init__(message)
        self.errors = errors or []


@dataclass
class RawLayer:
    """What the file holds: geometries in their own CRS, attribute columns, and that CRS (None: the file names none)."""

    format: str
    geometries: np.ndarray  # shapely geometries (None where a feature has none)
    columns: dict[str, np.ndarray]
    crs: CRS | None


def claimed_format(filename: str) -> str:
    """The format a file name claims by its extension."""
    suffix = PurePosixPath(filename.lower()).suffix
    if suffix not in FORMATS:
        raise FileProblem(Text(UNSUPPORTED, file=filename, suffix=suffix))
    return FORMATS[suffix]


def _sniff(data: bytes) -> str | None:
    head = data[:512].lstrip(b"\xef\xbb\xbf \t\r\n")
    if data[:4] == b"PK\x03\x04":
        return "shapefile"
    if data[:16] == b"SQLite format 3\x00":
        return "gpkg"
    if head[:1] in (b"{", b"["):
        return "geojson"
    if head[:5] == b"<?xml" or head[:4] == b"<kml":
        return "kml" if b"<kml" in data[:4096] else None
    return None


def read_upload(filename: str, data: bytes) -> RawLayer:
    """Read the file's first layer; FileProblem when it is not what it claims, is empty, or cannot be read."""
    fmt = claimed_format(filename)
    actual = _sniff(data)
    if actual != fmt:
        content = actual or Text("không phải định dạng lớp bản đồ")
        raise FileProblem(
            Text("{file}: tên tệp là {fmt} nhưng nội dung là {actual}.", file=filename, fmt=fmt, actual=content)
        )
    with tempfile.TemporaryDirectory(prefix="ioc-layer-") as tmp:
        path = _unzip(filename, data, Path(tmp)) if fmt == "shapefile" else Path(tmp) / f"layer.{fmt}"
        if fmt != "shapefile":
            path.write_bytes(data)
        return _read(filename, fmt, path)


def _unzip(filename: str, data: bytes, into: Path) -> Path:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile as exc:
        raise FileProblem(Text("{file}: không đọc được tệp nén ZIP.", file=filename)) from exc
    members = [m for m in archive.infolist() if not m.is_dir() and not PurePosixPath(m.filename).name.startswith(".")]
    if sum(m.file_size for m in members) > MAX_UNZIPPED:
        raise FileProblem(Text("{file}: tệp nén giải ra quá {mib} MiB.", file=filename, mib=MAX_UNZIPPED // 2**20))
    stems = {PurePosixPath(m.filename).stem for m in members if m.filename.lower().endswith(".shp")}
    if len(stems) > 1:
        several = "{file}: tệp nén chứa nhiều shapefile ({stems}); hãy gửi từng tệp một."
        raise FileProblem(Text(several, file=filename, stems=", ".join(sorted(stems))))
    stem = next(iter(stems), None)
    have = {PurePosixPath(m.filename).suffix.lower(): m for m in members if PurePosixPath(m.filename).stem == stem}
    missing = [part for part in SHAPE_PARTS if part not in have]
    if missing:
        lacks = "{file}: tệp ZIP thiếu {missing} (một Shapefile cần .shp, .shx, .dbf, .prj)."
        raise FileProblem(Text(lacks, file=filename, missing=", ".join(missing)))
    for suffix, member in have.items():
        (into / f"layer{suffix}").write_bytes(archive.read(member))
    return into / "layer.shp"


def _read(filename: str, fmt: str, path: Path) -> RawLayer:
    try:
        layers = pyogrio.list_layers(path)
        if not len(layers):
            raise FileProblem(Text("{file}: tệp không chứa lớp nào.", file=filename))
        meta, _fids, wkb, columns = pyogrio.raw.read(path, layer=str(layers[0][0]))
    except FileProblem:
        raise
    except Exception as exc:  # GDAL's own words name what is wrong with the file
        unread = "{file}: GDAL không đọc được tệp dưới dạng {fmt}: {reason}"
        raise FileProblem(Text(unread, file=filename, fmt=fmt, reason=str(exc)[:300])) from exc
    geometries = shapely.from_wkb(wkb, on_invalid="ignore") if wkb is not None else np.array([], dtype=object)
    if not len(geometries):
        raise FileProblem(Text("{file}: lớp không có đối tượng nào.", file=filename))
    return RawLayer(fmt, geometries, dict(zip(meta["fields"], columns, strict=True)), _crs(filename, fmt, path, meta))


def _crs(filename: str, fmt: str, path: Path, meta: dict) -> CRS | None:
    prj = path.with_suffix(".prj")
    text = prj.read_text(encoding="utf-8", errors="replace") if fmt == "shapefile" and prj.exists() else meta.get("crs")
    if not text:
        return None
    try:  # the file's own definition, not its EPSG code alone: that would drop a TOWGS84 the .prj carries
        return CRS.from_user_input(text)
    except CRSError as exc:
        unread = "{file}: không đọc được hệ tọa độ của tệp: {reason}"
        raise FileProblem(Text(unread, file=filename, reason=str(exc)[:200])) from exc
