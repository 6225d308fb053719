"""Areas domain logic: load units, import boundaries, locate points."""

from __future__ import annotations

from collections.abc import Iterable
from statistics import median
from typing import Any

from shapely.geometry import shape
from sqlalchemy.orm import Session

from ioc.areas import repository, synthetic
from ioc.areas.boundaries import BoundaryImportError as BoundaryImportError  # re-exported: callers catch it
from ioc.areas.boundaries import parse_feature_collection
from ioc.areas.locator import Locator, LocatorCache
from ioc.areas.models import Area
from ioc.areas.units import Unit, province_unit, ward_units
from ioc.kit.geo import check_lat_lon
from ioc.kit.names import place as place_name
from ioc.kit.text import ascii_fold

_locators = LocatorCache()


def _to_row(unit: Unit) -> Area:
    return Area(
        code=unit.code,
        name=unit.name,
        name_ascii=ascii_fold(unit.name),
        division_type=unit.division_type,
        level=unit.level,
        parent_code=unit.parent_code,
    )


def province_name(code: str) -> str:
    """The official name of a province; ValueError when the code is unknown."""
    return province_unit(code).name


def load_jurisdiction(session: Session, province: str) -> int:
    """Store the province and all its communes/wards; returns how many units."""
    units = [province_unit(province), *ward_units(province)]
    repository.upsert_many(session, [_to_row(unit) for unit in units])
    session.flush()
    return len(units)


def import_boundaries(session: Session, doc: Any, code_property: str, *, synthetic_flag: bool = False) -> list[str]:
    """Store boundaries from a FeatureCollection; all or nothing."""
    known = _codes_in(doc, code_property, session)
    parsed = parse_feature_collection(doc, code_property, known)
    if parsed.errors:
        raise BoundaryImportError(parsed.errors)
    areas = repository.by_codes(session, [item.code for item in parsed.boundaries])
    for item in parsed.boundaries:
        area = areas[item.code]
        area.geometry, area.synthetic = item.geometry, synthetic_flag
        area.centroid_lat, area.centroid_lon = item.centroid
        if item.population is not None:
            area.population, area.population_synthetic = item.population, synthetic_flag
    session.flush()
    _locators.invalidate()
    return [b.code for b in parsed.boundaries]


def _codes_in(doc: Any, code_property: str, session: Session) -> set[str]:
    raw = []
    if isinstance(doc, dict):
        for feature in doc.get("features") or []:
            value = ((feature or {}).get("properties") or {}).get(code_property)
            if value is not None:
                text = str(value).strip()
                raw += [text, text.zfill(5), text.zfill(2)]
    return repository.existing_codes(session, raw)


def generate_synthetic(session: Session, province: str) -> int:
    """Give every ward of the province a synthetic polygon (demo only)."""
    wards = [(a.code, a.division_type) for a in _wards_of(session, province)]
    shapes = synthetic.synthetic_wards(province, wards)
    features = [{"type": "Feature", "properties": {"code": c}, "geometry": s.geometry} for c, s in shapes.items()]
    codes = import_boundaries(session, {"type": "FeatureCollection", "features": features}, "code", synthetic_flag=True)
    areas = repository.by_codes(session, shapes)
    for code, ward_shape in shapes.items():  # the ward's own place (its cell contains it), not the cell's centre
        area = areas[code]
        area.centroid_lat, area.centroid_lon = ward_shape.site
    _set_province_outline(session, province)
    return len(codes)


# Residents of a demo ward by its kind (low, high): plausible for Đà Nẵng's merged units, invented all the same.
DEMO_POPULATION = {"phường": (18_000, 72_000), "xã": (6_000, 34_000), "đặc khu": (1_000, 4_000)}


def seed_synthetic_population(session: Session, province: str) -> int:
    """Give each ward without a population an invented, stable figure marked synthetic (demo only)."""
    import zlib

    count = 0
    for area in _wards_of(session, province):
        if area.population is not None:
            continue
        low, high = DEMO_POPULATION.get(area.division_type.lower(), DEMO_POPULATION["xã"])
        area.population = low + zlib.crc32(area.code.encode()) % (high - low) // 10 * 10
        area.population_synthetic, count = True, count + 1
    session.flush()
    return count


def set_population(session: Session, code: str, population: int | None) -> Area | None:
    """Set a unit's population as given by an administrator (a real figure, no longer synthetic)."""
    area = repository.get(session, code)
    if area is not None:
        area.population, area.population_synthetic = population, False
        session.flush()
    return area


def populations(session: Session, parent: str) -> dict[str, tuple[int, bool]]:
    """Ward code → (residents, whether the figure is synthetic), for the wards of a province that have one."""
    return repository.populations(session, parent)


def _wards_of(session: Session, province: str) -> list[Area]:
    rows, _ = repository.search(
        session, level="ward", parent=province, q=None, sort=("code", False), offset=0, limit=100_000
    )
    return rows


def _set_province_outline(session: Session, province: str) -> None:
    from shapely.geometry import mapping
    from shapely.ops import unary_union

    wards = [shape(a.geometry) for a in _wards_of(session, province) if a.geometry]
    prov = repository.get(session, province)
    if prov is None or not wards:
        return
    outline = unary_union(wards)
    prov.geometry, prov.synthetic = mapping(outline), True
    prov.centroid_lat, prov.centroid_lon = outline.centroid.y, outline.centroid.x


def locator(session: Session) -> Locator:
    """The point → ward index, rebuilt when boundaries change."""
    return _locators.get(
        lambda: repository.boundaries_version(session),
        lambda: [(a.code, a.geometry) for a in repository.with_geometry(session, "ward")],
    )


def locate(session: Session, lat: float, lon: float) -> Area | None:
    """The ward containing the point, or None outside every known boundary."""
    check_lat_lon(lat, lon)
    code = locator(session).locate(lat, lon)
    return repository.get(session, code) if code else None


def locate_code(session: Session, lat: float, lon: float) -> str | None:
    """Code of the ward containing the point (for records resolved at write time)."""
    check_lat_lon(lat, lon)
    return locator(session).locate(lat, lon)


def existing_codes(session: Session, codes: list[str]) -> set[str]:
    """Which of these unit codes exist."""
    return repository.existing_codes(session, codes)


def with_boundaries(session: Session, level: str = "ward") -> list[Area]:
    """Units of a level that have a boundary, by code."""
    return repository.with_geometry(session, level)


FAR_OUT_DEG = 1.5  # a ward this far from the middle of the province's wards is a remote island (Hoàng Sa)


def demo_wards(session: Session) -> list[Area]:
    """Wards with a boundary and a place, by code, less remote islands: where demo data is put."""
    wards = [a for a in repository.with_geometry(session, "ward") if a.centroid_lat is not None]
    if not wards:
        return []
    lat, lon = median(a.centroid_lat for a in wards), median(a.centroid_lon for a in wards)
    return [a for a in wards if abs(a.centroid_lat - lat) < FAR_OUT_DEG and abs(a.centroid_lon - lon) < FAR_OUT_DEG]


def area_labels(
    session: Session, codes: Iterable[str] | None = None, parent: str | None = None, lang: str = "vi"
) -> dict[str, str]:
    """Code → name of units (all, these codes, or the children of a parent) in a language ("Hải Châu Ward")."""
    labels = repository.labels(session, codes, parent)
    return labels if lang == "vi" else {code: place_name(name, lang) for code, name in labels.items()}


def get_area(session: Session, code: str) -> Area | None:
    """A unit by code."""
    return repository.get(session, code)


def search(session: Session, **filters: Any) -> tuple[list[Area], int]:
    """Filtered page of units."""
    if filters.get("q"):
        filters["q"] = ascii_fold(filters["q"])
    return repository.search(session, **filters)


def feature_collection(session: Session, level: str = "ward") -> dict:
    """Units of a level with boundaries, as a GeoJSON FeatureCollection."""
    features = [
        {
            "type": "Feature",
            "id": a.code,
            "geometry": a.geometry,
            "properties": {
                "code": a.code,
                "name": a.name,
                "division_type": a.division_type,
                "parent_code": a.parent_code,
                "synthetic": a.synthetic,
                "population": a.population,
                "population_synthetic": a.population_synthetic,
                "site": [a.centroid_lat, a.centroid_lon] if a.centroid_lat is not None else None,
            },
        }
        for a in repository.with_geometry(session, level)
    ]
    return {"type": "FeatureCollection", "features": features}
