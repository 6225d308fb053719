"""Canonical quantity keys, their units, accepted unit spellings and plausible ranges."""

from __future__ import annotations

from dataclasses import dataclass

# "facility": a place of the facilities registry whose periodic figures (beds, pupils, visitors) live here.
STATION_KINDS = ("air", "water", "weather", "traffic", "water_level", "noise", "facility", "other")

# Quality flags stored with every observation; only GOOD values feed rollups and indices.
GOOD, BELOW_RANGE, ABOVE_RANGE, STUCK = 0, 1, 2, 3
FLAG_NAMES = {GOOD: "good", BELOW_RANGE: "below_range", ABOVE_RANGE: "above_range", STUCK: "stuck"}


@dataclass(frozen=True)
class Quantity:
    """A measured quantity: canonical unit, plausible sensor range, Vietnamese label."""

    key: str
    unit: str
    low: float
    high: float
    label_vi: str
    # Quantities that legitimately stay constant (rain 0 mm at night) are never flagged as stuck.
    may_repeat: bool = False


_UG = "µg/m³"
_MGL = "mg/L"
_MPN = "MPN/100mL"

QUANTITIES: dict[str, Quantity] = {
    q.key: q
    for q in (
        Quantity("pm25", _UG, 0, 1000, "Bụi PM2,5"),
        Quantity("pm10", _UG, 0, 2000, "Bụi PM10"),
        Quantity("o3", _UG, 0, 2000, "Ozon (O₃)"),
        Quantity("co", _UG, 0, 200000, "Cacbon monoxit (CO)"),
        Quantity("so2", _UG, 0, 10000, "Lưu huỳnh đioxit (SO₂)"),
        Quantity("no2", _UG, 0, 10000, "Nitơ đioxit (NO₂)"),
        Quantity("temperature", "°C", -40, 60, "Nhiệt độ"),
        Quantity("humidity", "%", 0, 100, "Độ ẩm", may_repeat=True),
        Quantity("wind_speed", "m/s", 0, 75, "Tốc độ gió", may_repeat=True),
        Quantity("pressure", "hPa", 800, 1100, "Áp suất"),
        Quantity("noise", "dB(A)", 20, 140, "Tiếng ồn"),
        Quantity("ph", "pH", 0, 14, "pH"),
        Quantity("do", _MGL, 0, 25, "Ôxy hòa tan (DO)"),
        Quantity("bod5", _MGL, 0, 1000, "BOD₅"),
        Quantity("cod", _MGL, 0, 5000, "COD"),
        Quantity("toc", _MGL, 0, 1000, "TOC"),
        Quantity("n_nh4", _MGL, 0, 500, "Amoni (N-NH₄)"),
        Quantity("n_no3", _MGL, 0, 500, "Nitrat (N-NO₃)"),
        Quantity("n_no2", _MGL, 0, 100, "Nitrit (N-NO₂)"),
        Quantity("p_po4", _MGL, 0, 100, "Phosphat (P-PO₄)"),
        Quantity("coliform", _MPN, 0, 1e8, "Coliform", may_repeat=True),
        Quantity("e_coli", _MPN, 0, 1e8, "E.coli", may_repeat=True),
        Quantity("as", _MGL, 0, 10, "Asen (As)", may_repeat=True),
        Quantity("cd", _MGL, 0, 10, "Cadimi (Cd)", may_repeat=True),
        Quantity("pb", _MGL, 0, 10, "Chì (Pb)", may_repeat=True),
        Quantity("cr6", _MGL, 0, 10, "Crom VI (Cr⁶⁺)", may_repeat=True),
        Quantity("cu", _MGL, 0, 10, "Đồng (Cu)", may_repeat=True),
        Quantity("zn", _MGL, 0, 10, "Kẽm (Zn)", may_repeat=True),
        Quantity("hg", _MGL, 0, 10, "Thủy ngân (Hg)", may_repeat=True),
        Quantity("water_temperature", "°C", -5, 50, "Nhiệt độ nước"),
        Quantity("conductivity", "µS/cm", 0, 200000, "Độ dẫn điện"),
        Quantity("turbidity", "NTU", 0, 10000, "Độ đục"),
        Quantity("tss", _MGL, 0, 50000, "Tổng chất rắn lơ lửng (TSS)"),
        Quantity("intensity", "vehicles/h", 0, 20000, "Lưu lượng xe", may_repeat=True),
        Quantity("occupancy", "%", 0, 100, "Độ chiếm dụng làn", may_repeat=True),
        Quantity("average_speed", "km/h", 0, 250, "Tốc độ trung bình", may_repeat=True),
        Quantity("water_level", "m", -20, 100, "Mực nước"),
        Quantity("rainfall", "mm", 0, 500, "Lượng mưa", may_repeat=True),
        # Periodic figures of facilities (docs/decisions/0013-facilities-on-the-time-series-path.md).
        Quantity("bed_occupancy", "%", 0, 300, "Công suất sử dụng giường bệnh", may_repeat=True),
        Quantity("pupils", "persons", 0, 100000, "Số học sinh", may_repeat=True),
        Quantity("visitors", "persons", 0, 10000000, "Lượt khách", may_repeat=True),
        Quantity("people_count", "persons", 0, 1000000, "Số người tại điểm", may_repeat=True),
        # Weekly disease surveillance per ward (docs/sectors.md): the cases of the week starting at the time.
        Quantity("dengue_cases", "cases", 0, 100000, "Ca sốt xuất huyết trong tuần", may_repeat=True),
        Quantity("hfmd_cases", "cases", 0, 100000, "Ca tay chân miệng trong tuần", may_repeat=True),
    )
}

# How people read the units and quantities (the canonical unit and key stay the machine form).
UNIT_DISPLAY = {
    "vehicles/h": {"vi": "xe/giờ", "en": "vehicles/h"},
    "persons": {"vi": "người", "en": "persons"},
    "cases": {"vi": "ca", "en": "cases"},
    "m": {"vi": "m", "en": "m"},
}
SYMBOLS = {"pm25": "PM2.5", "pm10": "PM10", "o3": "O₃", "co": "CO", "so2": "SO₂", "no2": "NO₂"}
LABELS_EN = {
    "pm25": "PM2.5 dust",
    "pm10": "PM10 dust",
    "o3": "Ozone (O₃)",
    "co": "Carbon monoxide (CO)",
    "so2": "Sulphur dioxide (SO₂)",
    "no2": "Nitrogen dioxide (NO₂)",
    "temperature": "Temperature",
    "humidity": "Humidity",
    "wind_speed": "Wind speed",
    "pressure": "Pressure",
    "noise": "Noise",
    "ph": "pH",
    "do": "Dissolved oxygen (DO)",
    "bod5": "BOD₅",
    "cod": "COD",
    "toc": "TOC",
    "n_nh4": "Ammonium (N-NH₄)",
    "n_no3": "Nitrate (N-NO₃)",
    "n_no2": "Nitrite (N-NO₂)",
    "p_po4": "Phosphate (P-PO₄)",
    "coliform": "Coliform",
    "e_coli": "E. coli",
    "as": "Arsenic (As)",
    "cd": "Cadmium (Cd)",
    "pb": "Lead (Pb)",
    "cr6": "Chromium VI (Cr⁶⁺)",
    "cu": "Copper (Cu)",
    "zn": "Zinc (Zn)",
    "hg": "Mercury (Hg)",
    "water_temperature": "Water temperature",
    "conductivity": "Conductivity",
    "turbidity": "Turbidity",
    "tss": "Total suspended solids (TSS)",
    "intensity": "Traffic flow",
    "occupancy": "Lane occupancy",
    "average_speed": "Average speed",
    "water_level": "Water level",
    "rainfall": "Rainfall",
    "bed_occupancy": "Hospital bed occupancy",
    "pupils": "Pupils",
    "visitors": "Visitors",
    "people_count": "People at the site",
    "dengue_cases": "Dengue cases in the week",
    "hfmd_cases": "Hand-foot-mouth cases in the week",
}


def unit_label(unit: str, lang: str = "vi") -> str:
    """A canonical unit as a reader sees it ("vehicles/h" → "xe/giờ" in Vietnamese)."""
    forms = UNIT_DISPLAY.get(unit)
    return forms.get(lang, forms["vi"]) if forms else unit


def quantity_label(key: str, lang: str = "vi") -> str:
    """A quantity's name in a language ("Bụi PM2,5" / "PM2.5 dust"); the key itself for an unknown one."""
    q = QUANTITIES.get(key)
    if q is None:
        return SYMBOLS.get(key, key)
    return LABELS_EN.get(key, q.label_vi) if lang == "en" else q.label_vi


def quantity_symbol(key: str) -> str:
    """The short written form of a pollutant (PM2.5, O₃), the name of others (never the key "pm25")."""
    return SYMBOLS.get(key) or key.upper()


def quantity_unit(key: str, lang: str = "vi") -> str:
    """A quantity's unit as a reader sees it."""
    q = QUANTITIES.get(key)
    return unit_label(q.unit, lang) if q else ""


# Accepted spellings (lower-cased, spaces removed) of each canonical unit, with the factor to it.
# UN/CEFACT codes are included because FIWARE Smart Data Models send unitCode (GQ, GP, CEL …).
_SPELLINGS: dict[str, dict[str, float]] = {
    _UG: {
        "µg/m³": 1,
        "µg/m3": 1,
        "ug/m3": 1,
        "ug/m³": 1,
        "μg/m³": 1,
        "μg/m3": 1,
        "gq": 1,
        "mg/m³": 1000,
        "mg/m3": 1000,
        "gp": 1000,
    },
    "°C": {"°c": 1, "c": 1, "degc": 1, "cel": 1, "celsius": 1},
    "%": {"%": 1, "p1": 1, "percent": 1, "%rh": 1},
    "m/s": {"m/s": 1, "mts": 1, "km/h": 1 / 3.6, "kmh": 1 / 3.6},
    "hPa": {"hpa": 1, "a97": 1, "mbar": 1, "mbr": 1, "pa": 0.01, "pal": 0.01, "kpa": 10},
    "dB(A)": {"db(a)": 1, "dba": 1, "db": 1, "2n": 1},
    "pH": {"ph": 1, "": 1, "c62": 1},
    _MGL: {"mg/l": 1, "m1": 1, "mg/dm3": 1, "g/l": 1000, "µg/l": 0.001, "ug/l": 0.001, "μg/l": 0.001},
    _MPN: {"mpn/100ml": 1, "cfu/100ml": 1},
    "µS/cm": {"µs/cm": 1, "us/cm": 1, "μs/cm": 1, "ms/cm": 1000, "g42": 1},
    "NTU": {"ntu": 1, "fnu": 1},
    "vehicles/h": {"vehicles/h": 1, "veh/h": 1, "xe/h": 1, "e50": 1},
    "km/h": {"km/h": 1, "kmh": 1, "m/s": 3.6, "mts": 3.6},
    "m": {"m": 1, "mtr": 1, "cm": 0.01, "cmt": 0.01, "mm": 0.001, "mmt": 0.001},
    "mm": {"mm": 1, "mmt": 1},
    "persons": {"persons": 1, "người": 1, "lượt": 1, "ie": 1, "c62": 1},
    "cases": {"cases": 1, "ca": 1},
}


def _build_unit_table() -> dict[tuple[str, str], float]:
    table: dict[tuple[str, str], float] = {}
    for q in QUANTITIES.values():
        for spelling, factor in _SPELLINGS[q.unit].items():
            table[(q.key, spelling)] = factor
    return table


UNIT_FACTORS = _build_unit_table()


def unit_factor(quantity: str, unit: str) -> float | None:
    """Factor converting `unit` to the quantity's canonical unit, or None if not accepted."""
    return UNIT_FACTORS.get((quantity, unit.strip().replace(" ", "").lower()))


def accepted_units(quantity: str) -> list[str]:
    """The unit spellings accepted for a quantity (for error messages and docs)."""
    return sorted(_SPELLINGS[QUANTITIES[quantity].unit])


def flag_for(quantity: Quantity, value: float) -> int:
    """The range flag of a value (stuck detection happens separately)."""
    if value < quantity.low:
        return BELOW_RANGE
    if value > quantity.high:
        return ABOVE_RANGE
    return GOOD
