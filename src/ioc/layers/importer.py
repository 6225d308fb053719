"""From raw features to stored rows: CRS to WGS 84, geometry checks (with repair), province extent, zoom bands."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

import numpy as np
import orjson
import shapely

from ioc.kit.i18n import Text
from ioc.kit.text import CONTROL_MESSAGE, has_control
from ioc.layers.crs import CRSProblem, Placement, parse_choice, placement
from ioc.layers.reader import FileProblem, RawLayer

# Zoom bands: (column, highest zoom it serves, simplification tolerance in degrees ~ one pixel at that zoom).
BANDS = (("geom_low", 9, 0.002), ("geom_mid", 13, 0.00015))
MAX_ERRORS = 20
SHOWN_PIXELS = 3  # a line or polygon narrower than this many pixels of its band is left out of that band
MARGIN = 0.1  # degrees around the province's extent (coastal waters, islands)


@dataclass
class Limits:
    """How much one layer may hold."""

    max_features: int = 200_000
    max_vertices: int = 5_000_000


@dataclass
class Prepared:
    """A layer ready to store: rows of features, attribute kinds, bbox, CRS label, and what was repaired."""

    rows: list[dict[str, Any]]
    fields: dict[str, str]
    geometry_type: str
    bbox: tuple[float, float, float, float]
    crs_label: str
    ranges: dict[str, tuple[float, float]] = field(default_factory=dict)  # number attribute -> (min, max)
    repaired: list[int] = field(default_factory=list)


def prepare(
    filename: str, raw: RawLayer, *, crs_choice: str | None, repair: bool, extent: tuple | None, limits: Limits
) -> Prepared:
    """Check and transform every feature; FileProblem naming the file and features when any is wrong."""
    geoms = raw.geometries
    _check_size(filename, geoms, limits)
    _check_present(filename, geoms)
    _check_text(filename, raw.columns)
    try:
        source = parse_choice(crs_choice) if crs_choice else raw.crs
        place = placement(source)
    except CRSProblem as exc:
        raise FileProblem(Text("{file}: {reason}", file=filename, reason=exc.args[0])) from exc
    if extent is not None and source.is_geographic:
        _check_swapped(filename, geoms, extent)
    geoms, repaired = _check_valid(filename, geoms, repair)
    wgs = _to_wgs84(filename, geoms, place)
    if extent is not None:
        _check_extent(filename, wgs, extent)
    fields = {name: _kind(values) for name, values in raw.columns.items()}
    rows = _rows(wgs, raw.columns)
    xmin, ymin, xmax, ymax = shapely.total_bounds(wgs)
    kinds = sorted(set(shapely.get_type_id(wgs).tolist()))
    names = ",".join(shapely.GeometryType(k).name.title().replace("string", "String") for k in kinds)
    ranges = {n: _range(raw.columns[n]) for n, k in fields.items() if k == "number"}
    bbox = (float(xmin), float(ymin), float(xmax), float(ymax))
    return Prepared(rows, fields, names, bbox, place.label, {n: r for n, r in ranges.items() if r}, repaired)


def _range(values: np.ndarray) -> tuple[float, float] | None:
    finite = values[np.isfinite(values.astype(float))]
    return (float(finite.min()), float(finite.max())) if len(finite) else None


def _check_text(filename: str, columns: dict[str, np.ndarray]) -> None:
    # An attribute no store or export can carry is refused here, not discovered by a later read.
    for name, values in columns.items():
        if has_control(name):
            message = Text("{file}: một tên thuộc tính {control}.", file=filename, control=CONTROL_MESSAGE)
            raise FileProblem(message, [{"field": "attributes", "detail": CONTROL_MESSAGE}])
        bad = [i for i, v in enumerate(values.tolist()) if has_control(v)] if values.dtype.kind == "O" else []
        if bad:
            errors = [{"feature": i + 1, "field": name, "detail": CONTROL_MESSAGE} for i in bad[:MAX_ERRORS]]
            where = "{file}: thuộc tính '{name}' của {feature} {control}."
            raise FileProblem(
                Text(where, file=filename, name=name, feature=_label(bad[0]), control=CONTROL_MESSAGE), errors
            )


def _label(i: int) -> Text:
    return Text("đối tượng {n}", n=i + 1)


def _check_size(filename: str, geoms: np.ndarray, limits: Limits) -> None:
    if len(geoms) > limits.max_features:
        many = "{file}: {count} đối tượng; một lớp chứa tối đa {most}."
        raise FileProblem(Text(many, file=filename, count=f"{len(geoms):,}", most=f"{limits.max_features:,}"))
    vertices = int(shapely.get_num_coordinates(geoms).sum())
    if vertices > limits.max_vertices:
        many = "{file}: {count} đỉnh; một lớp chứa tối đa {most}."
        raise FileProblem(Text(many, file=filename, count=f"{vertices:,}", most=f"{limits.max_vertices:,}"))


def _check_present(filename: str, geoms: np.ndarray) -> None:
    missing = np.flatnonzero(shapely.is_missing(geoms) | shapely.is_empty(geoms))
    if len(missing):
        errors = [{"feature": int(i) + 1, "detail": Text("không có hình học")} for i in missing[:MAX_ERRORS]]
        empty = "{file}: {count} đối tượng không có hình học, đầu tiên là {feature}."
        raise FileProblem(Text(empty, file=filename, count=len(missing), feature=_label(missing[0])), errors)


INVALID = (
    "{file}: {count} hình học không hợp lệ (tự cắt hoặc tương tự), đầu tiên là {feature}: {reason}. "
    "Gửi lại với repair=true để sửa bằng make_valid."
)


def _check_valid(filename: str, geoms: np.ndarray, repair: bool) -> tuple[np.ndarray, list[int]]:
    bad = np.flatnonzero(~shapely.is_valid(geoms))
    if not len(bad):
        return geoms, []
    if not repair:
        errors = [{"feature": int(i) + 1, "detail": shapely.is_valid_reason(geoms[i])} for i in bad[:MAX_ERRORS]]
        first = {"file": filename, "count": len(bad), "feature": _label(bad[0]), "reason": errors[0]["detail"]}
        raise FileProblem(Text(INVALID, **first), errors)
    fixed = geoms.copy()
    fixed[bad] = shapely.make_valid(geoms[bad])
    return fixed, [int(i) + 1 for i in bad]


def _to_wgs84(filename: str, geoms: np.ndarray, place: Placement) -> np.ndarray:
    try:
        out = shapely.transform(geoms, lambda xy: np.column_stack(place.to_wgs84(xy[:, 0], xy[:, 1])))
    except Exception as exc:  # PROJ refuses coordinates it cannot place
        untransformed = "{file}: không chuyển được tọa độ từ {crs}: {reason}"
        raise FileProblem(Text(untransformed, file=filename, crs=place.label, reason=str(exc))) from exc
    bounds = shapely.bounds(out)
    bad = np.flatnonzero(
        ~np.isfinite(bounds).all(axis=1)
        | (np.abs(bounds[:, [1, 3]]) > 90).any(axis=1)
        | (np.abs(bounds[:, [0, 2]]) > 180).any(axis=1)
    )
    if len(bad):
        off = "{file}: {feature} không nằm trên Trái Đất khi đọc theo {crs}; hệ tọa độ có đúng không?"
        detail = Text("ngoài khoảng kinh độ/vĩ độ")
        raise FileProblem(
            Text(off, file=filename, feature=_label(bad[0]), crs=place.label),
            [{"feature": int(i) + 1, "detail": detail} for i in bad[:MAX_ERRORS]],
        )
    return out


SWAPPED = (
    "{file}: tọa độ có vẻ bị đảo (vĩ độ, kinh độ): khi đổi x và y, mọi đối tượng đều nằm trong tỉnh. "
    "Hãy ghi kinh độ trước (x = kinh độ, y = vĩ độ)."
)
OUTSIDE = (
    "{file}: {count} đối tượng nằm ngoài tỉnh, đầu tiên là {feature} gần ({lat}, {lon}); "
    "hệ tọa độ hoặc múi chiếu có đúng không?"
)


def _check_swapped(filename: str, geoms: np.ndarray, extent: tuple) -> None:
    xmin, ymin, xmax, ymax = shapely.total_bounds(geoms)
    west, south, east, north = extent[0] - MARGIN, extent[1] - MARGIN, extent[2] + MARGIN, extent[3] + MARGIN
    inside = xmin >= west and xmax <= east and ymin >= south and ymax <= north
    swapped = ymin >= west and ymax <= east and xmin >= south and xmax <= north
    if swapped and not inside:
        raise FileProblem(Text(SWAPPED, file=filename))


def _check_extent(filename: str, geoms: np.ndarray, extent: tuple) -> None:
    west, south, east, north = extent[0] - MARGIN, extent[1] - MARGIN, extent[2] + MARGIN, extent[3] + MARGIN
    b = shapely.bounds(geoms)
    outside = (b[:, 2] < west) | (b[:, 0] > east) | (b[:, 3] < south) | (b[:, 1] > north)
    if not outside.any():
        return
    idx = np.flatnonzero(outside)
    near = {"lat": f"{b[idx[0], 1]:.5f}", "lon": f"{b[idx[0], 0]:.5f}"}
    raise FileProblem(
        Text(OUTSIDE, file=filename, count=len(idx), feature=_label(idx[0]), **near),
        [{"feature": int(i) + 1, "detail": Text("nằm ngoài tỉnh")} for i in idx[:MAX_ERRORS]],
    )


def _kind(values: np.ndarray) -> str:
    return "number" if values.dtype.kind in "iuf" else "text"


def _plain(value: Any) -> Any:
    if isinstance(value, np.generic):
        value = value.item()
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, bytes):
        return None
    return value


def _rows(geoms: np.ndarray, columns: dict[str, np.ndarray]) -> list[dict[str, Any]]:
    bounds = shapely.bounds(geoms)
    full = shapely.to_geojson(geoms)
    points = np.isin(shapely.get_type_id(geoms), (0, 4))
    width, height = bounds[:, 2] - bounds[:, 0], bounds[:, 3] - bounds[:, 1]
    bands, source = {}, geoms
    for name, _zoom, tolerance in sorted(BANDS, key=lambda band: band[2]):  # finest first: each simplifies the last
        seen = SHOWN_PIXELS * tolerance
        shown = (width >= seen) | (height >= seen) | points  # a polygon under 3 pixels there is not drawn
        column = np.full(len(geoms), None, dtype=object)
        simple = shapely.simplify(source[shown], tolerance, preserve_topology=True)
        column[shown] = shapely.to_geojson(simple)
        bands[name] = column
        source = source.copy()
        source[shown] = simple
    first_zoom = np.full(len(geoms), 14)
    for name, highest, _tol in sorted(BANDS, key=lambda band: -band[1]):  # coarsest band last: it wins
        first_zoom[np.not_equal(bands[name], None)] = _band_start(highest)
    names = list(columns)
    values = [columns[n].tolist() if columns[n].dtype.kind != "M" else columns[n].astype(str).tolist() for n in names]
    rows = []
    for i in range(len(geoms)):
        props = {n: _plain(v[i]) for n, v in zip(names, values, strict=True)}
        rows.append(
            {
                "seq": i + 1,
                "min_zoom": int(first_zoom[i]),
                "properties": orjson.dumps(props, default=str).decode(),
                "min_lon": bounds[i, 0],
                "min_lat": bounds[i, 1],
                "max_lon": bounds[i, 2],
                "max_lat": bounds[i, 3],
                "geom_low": bands["geom_low"][i],
                "geom_mid": bands["geom_mid"][i],
                "geom_full": full[i],
            }
        )
    return rows


def _band_start(highest: int) -> int:
    lower = [h for _n, h, _t in BANDS if h < highest]
    return max(lower) + 1 if lower else 0


def band_for(zoom: int) -> str:
    """The geometry column that serves a zoom level."""
    for name, highest, _tol in BANDS:
        if zoom <= highest:
            return name
    return "geom_full"
