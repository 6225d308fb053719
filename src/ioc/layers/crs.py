"""Coordinate systems of uploaded layers: VN-2000 (by .prj, EPSG code or a province's TM-3 zone) to WGS 84 with pyproj.

The central meridians (kinh tuyến trục) of the former 63 provinces are those of Circular 973/2001/TT-TCĐC;
after the 2025 merger a file may come in the meridian of any former province, so the user picks the zone.
The datum shift is the published 7-parameter Helmert transformation (EPSG:6960, "VN-2000 to WGS 84 (2)").
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
from pyproj import CRS, Transformer
from pyproj.crs import ProjectedCRS
from pyproj.crs.coordinate_operation import TransverseMercatorConversion
from pyproj.exceptions import CRSError

from ioc.kit.i18n import Text

# Former province (ASCII slug) -> (name, central meridian in degrees), Circular 973/2001/TT-TCĐC.
ZONES: dict[str, tuple[str, float]] = {
    "lai-chau": ("Lai Châu", 103.0), "dien-bien": ("Điện Biên", 103.0), "son-la": ("Sơn La", 104.0),
    "lao-cai": ("Lào Cai", 104.75), "yen-bai": ("Yên Bái", 104.75), "ha-giang": ("Hà Giang", 105.5),
    "tuyen-quang": ("Tuyên Quang", 106.0), "phu-tho": ("Phú Thọ", 104.75), "vinh-phuc": ("Vĩnh Phúc", 105.0),
    "cao-bang": ("Cao Bằng", 105.75), "lang-son": ("Lạng Sơn", 107.25), "bac-kan": ("Bắc Kạn", 106.5),
    "thai-nguyen": ("Thái Nguyên", 106.5), "bac-giang": ("Bắc Giang", 107.0), "bac-ninh": ("Bắc Ninh", 105.5),
    "quang-ninh": ("Quảng Ninh", 107.75), "hai-phong": ("Hải Phòng", 105.75), "hai-duong": ("Hải Dương", 105.5),
    "hung-yen": ("Hưng Yên", 105.5), "ha-noi": ("Hà Nội", 105.0), "hoa-binh": ("Hòa Bình", 106.0),
    "ha-nam": ("Hà Nam", 105.0), "nam-dinh": ("Nam Định", 105.5), "thai-binh": ("Thái Bình", 105.5),
    "ninh-binh": ("Ninh Bình", 105.0), "thanh-hoa": ("Thanh Hóa", 105.0), "nghe-an": ("Nghệ An", 104.75),
    "ha-tinh": ("Hà Tĩnh", 105.5), "quang-binh": ("Quảng Bình", 106.0), "quang-tri": ("Quảng Trị", 106.25),
    "thua-thien-hue": ("Thừa Thiên Huế", 107.0), "da-nang": ("Đà Nẵng", 107.75),
    "quang-nam": ("Quảng Nam", 107.75), "quang-ngai": ("Quảng Ngãi", 108.0), "binh-dinh": ("Bình Định", 108.25),
    "kon-tum": ("Kon Tum", 107.5), "gia-lai": ("Gia Lai", 108.5), "dak-lak": ("Đắk Lắk", 108.5),
    "dak-nong": ("Đắk Nông", 108.5), "phu-yen": ("Phú Yên", 108.5), "khanh-hoa": ("Khánh Hòa", 108.25),
    "ninh-thuan": ("Ninh Thuận", 108.25), "binh-thuan": ("Bình Thuận", 108.5), "lam-dong": ("Lâm Đồng", 107.75),
    "binh-duong": ("Bình Dương", 105.75), "binh-phuoc": ("Bình Phước", 106.25), "dong-nai": ("Đồng Nai", 107.75),
    "ba-ria-vung-tau": ("Bà Rịa - Vũng Tàu", 107.75), "tay-ninh": ("Tây Ninh", 105.5),
    "long-an": ("Long An", 105.75), "tien-giang": ("Tiền Giang", 105.75), "ben-tre": ("Bến Tre", 105.75),
    "dong-thap": ("Đồng Tháp", 105.0), "vinh-long": ("Vĩnh Long", 105.5), "tra-vinh": ("Trà Vinh", 105.5),
    "hau-giang": ("Hậu Giang", 105.0), "soc-trang": ("Sóc Trăng", 105.5), "an-giang": ("An Giang", 104.75),
    "kien-giang": ("Kiên Giang", 104.5), "can-tho": ("Cần Thơ", 105.0), "bac-lieu": ("Bạc Liêu", 105.0),
    "ca-mau": ("Cà Mau", 104.5), "ho-chi-minh": ("TP. Hồ Chí Minh", 105.75),
}  # fmt: skip
# EPSG:6960 as PROJ's database writes it (coordinate-frame rotations, arc-seconds; scale in ppm).
HELMERT = (
    "+proj=pipeline +step +proj=unitconvert +xy_in=deg +xy_out=rad +step +proj=push +v_3 +step +proj=cart "
    "+ellps=WGS84 +step +proj=helmert +x=-191.90441429 +y=-39.30318279 +z=-111.45032835 +rx=-0.00928836 "
    "+ry=0.01975479 +rz=-0.00427372 +s=0.252906278 +convention=coordinate_frame +step +inv +proj=cart "
    "+ellps=WGS84 +step +proj=pop +v_3 +step +proj=unitconvert +xy_in=rad +xy_out=deg"
)
WGS84 = CRS.from_epsg(4326)
VN2000 = CRS.from_epsg(4756)


class CRSProblem(ValueError):
    """A coordinate system the import cannot place."""


@dataclass(frozen=True)
class Placement:
    """How a layer's coordinates reach WGS 84: a label for people and a function on (x, y) arrays."""

    label: str
    to_wgs84: Callable[[np.ndarray, np.ndarray], tuple[np.ndarray, np.ndarray]]


def zone_crs(slug: str) -> CRS:
    """The VN-2000 TM-3 CRS of a former province's central meridian."""
    if slug not in ZONES:
        raise CRSProblem(
            Text("Không có múi chiếu tỉnh '{slug}'; hãy chọn một trong GET /api/v1/layers/zones.", slug=slug)
        )
    name, meridian = ZONES[slug]
    conversion = TransverseMercatorConversion(
        latitude_natural_origin=0, longitude_natural_origin=meridian, false_easting=500_000, false_northing=0,
        scale_factor_natural_origin=0.9999,
    )  # fmt: skip
    return ProjectedCRS(conversion, name=f"VN-2000 / TM-3 {name}", geodetic_crs=VN2000)


def parse_choice(text: str) -> CRS:
    """A CRS the user named: 'EPSG:5899', '5899', 'zone:da-nang' or a province slug."""
    value = text.strip()
    if value.lower().startswith("zone:") or value in ZONES:
        return zone_crs(value.split(":", 1)[-1])
    code = value.upper().removeprefix("EPSG:")
    if not code.isdigit():
        raise CRSProblem(Text("Hệ tọa độ '{value}' không phải mã EPSG cũng không phải múi chiếu tỉnh.", value=value))
    try:
        return CRS.from_epsg(int(code))
    except CRSError as exc:
        raise CRSProblem(Text("EPSG:{code} không phải hệ tọa độ mà PROJ biết.", code=code)) from exc


def is_vn2000(crs: CRS) -> bool:
    """True when the CRS is on the VN-2000 datum, or a bare TM-3 on the WGS 84 ellipsoid (how zones are written)."""
    datum = (crs.datum.name if crs.datum else "").lower()
    if "vn-2000" in datum or "vietnam 2000" in datum or "vn_2000" in datum:
        return True
    text = crs.to_wkt().lower()
    return "vn-2000" in text or "vn_2000" in text or "vn2000" in text


def _label(crs: CRS) -> str:
    # crs.to_epsg() searches PROJ's database (seconds); the code the user or the file gave is enough.
    given = crs.srs if isinstance(crs.srs, str) else ""
    return given.upper() if given.upper().startswith("EPSG:") else crs.name


def placement(crs: CRS | None) -> Placement:
    """The transformation of a layer's CRS to WGS 84; a file's own TOWGS84 is kept, VN-2000 gets EPSG:6960."""
    if crs is None:
        raise CRSProblem(Text("Tệp không ghi hệ tọa độ: hãy thêm tệp .prj hoặc chọn mã EPSG hay múi chiếu tỉnh."))
    if crs.equals(WGS84, ignore_axis_order=True):
        return Placement("EPSG:4326", lambda x, y: (x, y))
    label = _label(crs)
    if crs.is_bound or not is_vn2000(crs):
        if not (crs.is_geographic or crs.is_projected):
            raise CRSProblem(Text("Hệ tọa độ '{name}' không phải hệ địa lý cũng không phải hệ chiếu.", name=crs.name))
        direct = Transformer.from_crs(crs, WGS84, always_xy=True)
        return Placement(label, lambda x, y: direct.transform(x, y))
    to_geographic = Transformer.from_crs(crs, VN2000, always_xy=True) if crs.is_projected else None
    shift = Transformer.from_pipeline(HELMERT)

    def run(x: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        if to_geographic is not None:
            x, y = to_geographic.transform(x, y)
        return shift.transform(x, y)

    return Placement(f"{label} + VN-2000 to WGS 84 (EPSG:6960)", run)
