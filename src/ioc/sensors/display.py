"""How pages name a station in the reader's language."""

from __future__ import annotations

from ioc.kit.names import display
from ioc.sensors.models import Station
from ioc.sensors.quantities import quantity_label as quantity_label  # the one display form of quantities
from ioc.sensors.quantities import quantity_symbol as quantity_symbol
from ioc.sensors.quantities import quantity_unit as quantity_unit


def station_name(station: Station, lang: str = "vi") -> str:
    """A station's name in a language: its English name (attribute `name_en`) or the translated kind words."""
    english = (station.attributes or {}).get("name_en", "") if lang == "en" else ""
    return display(station.name, lang, english if isinstance(english, str) else "")
