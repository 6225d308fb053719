"""Official administrative units from the `vietnam-provinces` package (post-July-2025)."""

from __future__ import annotations

from dataclasses import dataclass

from vietnam_provinces import Province, ProvinceCode, Ward


@dataclass(frozen=True)
class Unit:
    """An administrative unit as the statistics office lists it."""

    code: str
    name: str
    division_type: str
    level: str
    parent_code: str | None


def province_code(code: str | int) -> str:
    """Two-digit province code."""
    return str(int(code)).zfill(2)


def province_unit(code: str) -> Unit:
    """The province with this code; ValueError when unknown."""
    try:
        prov = Province.from_code(ProvinceCode(int(code)))
    except (ValueError, KeyError) as exc:
        raise ValueError(f"unknown province code {code!r}") from exc
    return Unit(province_code(prov.code.value), prov.name, prov.division_type.value, "province", None)


def ward_units(code: str) -> list[Unit]:
    """Communes, wards and special zones of a province."""
    pcode = province_code(code)
    wards = Ward.iter_by_province(ProvinceCode(int(pcode)))
    return [Unit(str(w.code.value).zfill(5), w.name, w.division_type.value, "ward", pcode) for w in wards]


def all_provinces() -> list[Unit]:
    """The 34 provinces and centrally run cities."""
    return sorted((province_unit(str(p.code.value)) for p in Province.iter_all()), key=lambda u: u.code)
