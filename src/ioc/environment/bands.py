"""Band tables for VN_AQI (Decision 1459/QĐ-TCMT) and VN_WQI (Decision 1460/QĐ-TCMT)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


def _hex(rgb: tuple[int, int, int]) -> str:
    """Return the #RRGGBB form of an RGB triple."""
    return "#{:02X}{:02X}{:02X}".format(*rgb)


@dataclass(frozen=True)
class AqiBand:
    """One VN_AQI band (Table 1) with its health advice (Tables 4 and 5)."""

    key: str
    low: int
    high: int
    name_vi: str
    name_en: str
    rgb: tuple[int, int, int]
    advice_vi: str
    advice_en: str
    advice_sensitive_vi: str
    advice_sensitive_en: str

    @property
    def color(self) -> str:
        """Hex colour, e.g. '#00E400'."""
        return _hex(self.rgb)

    def to_dict(self) -> dict[str, Any]:
        """Return a JSON-ready dict."""
        return {
            "key": self.key,
            "low": self.low,
            "high": self.high,
            "name_vi": self.name_vi,
            "name_en": self.name_en,
            "color": self.color,
            "rgb": list(self.rgb),
            "advice_vi": self.advice_vi,
            "advice_en": self.advice_en,
            "advice_sensitive_vi": self.advice_sensitive_vi,
            "advice_sensitive_en": self.advice_sensitive_en,
        }


@dataclass(frozen=True)
class WqiBand:
    """One VN_WQI band with its water-use note."""

    key: str
    low: int
    high: int
    name_vi: str
    name_en: str
    rgb: tuple[int, int, int]
    usage_vi: str
    usage_en: str

    @property
    def color(self) -> str:
        """Hex colour, e.g. '#3333FF'."""
        return _hex(self.rgb)

    def to_dict(self) -> dict[str, Any]:
        """Return a JSON-ready dict."""
        return {
            "key": self.key,
            "low": self.low,
            "high": self.high,
            "name_vi": self.name_vi,
            "name_en": self.name_en,
            "color": self.color,
            "rgb": list(self.rgb),
            "usage_vi": self.usage_vi,
            "usage_en": self.usage_en,
        }


_MASK_VI = "Nếu cần ra ngoài, hãy đeo khẩu trang đạt tiêu chuẩn."
_MASK_EN = "If you must go out, wear a certified mask."

# Ordered from best to worst; band_for relies on this order.
AQI_BANDS: tuple[AqiBand, ...] = (
    AqiBand(
        "good",
        0,
        50,
        "Tốt",
        "Good",
        (0, 228, 0),
        "Tự do thực hiện các hoạt động ngoài trời.",
        "Enjoy outdoor activities freely.",
        "Tự do thực hiện các hoạt động ngoài trời.",
        "Enjoy outdoor activities freely.",
    ),
    AqiBand(
        "moderate",
        51,
        100,
        "Trung bình",
        "Moderate",
        (255, 255, 0),
        "Tự do thực hiện các hoạt động ngoài trời.",
        "Outdoor activities are fine.",
        "Có thể hoạt động ngoài trời nhưng nên theo dõi các triệu chứng như ho hoặc khó thở.",
        "Outdoor activities are fine, but watch for symptoms such as coughing or shortness of breath.",
    ),
    AqiBand(
        "poor",
        101,
        150,
        "Kém",
        "Poor",
        (255, 126, 0),
        "Những người có triệu chứng đau mắt, ho hoặc đau họng nên giảm hoạt động "
        "ngoài trời; học sinh vẫn có thể ra ngoài nhưng nên giảm tập thể dục kéo dài.",
        "People with sore eyes, a cough or a sore throat should cut down outdoor "
        "activity; pupils may go out but should limit prolonged exercise.",
        "Giảm các hoạt động mạnh và thời gian ở ngoài trời. Người bị hen suyễn có thể cần dùng thuốc thường xuyên hơn.",
        "Reduce strenuous activity and time spent outdoors. People with asthma may need their medication more often.",
    ),
    AqiBand(
        "bad",
        151,
        200,
        "Xấu",
        "Bad",
        (255, 0, 0),
        "Mọi người nên giảm hoạt động mạnh ngoài trời, tránh tập thể dục kéo dài và nghỉ ngơi nhiều hơn trong nhà.",
        "Everyone should reduce strenuous outdoor activity, avoid prolonged exercise and rest more indoors.",
        "Nên ở trong nhà và giảm hoạt động mạnh. " + _MASK_VI,
        "Stay indoors and reduce strenuous activity. " + _MASK_EN,
    ),
    AqiBand(
        "very_bad",
        201,
        300,
        "Rất xấu",
        "Very bad",
        (143, 63, 151),
        "Hạn chế tối đa các hoạt động ngoài trời, chuyển các hoạt động vào trong nhà. " + _MASK_VI,
        "Keep outdoor activity to a minimum and move activities indoors. " + _MASK_EN,
        "Ở trong nhà và giảm hoạt động mạnh.",
        "Stay indoors and reduce strenuous activity.",
    ),
    AqiBand(
        "hazardous",
        301,
        500,
        "Nguy hại",
        "Hazardous",
        (126, 0, 35),
        "Mọi người nên ở trong nhà, đóng cửa ra vào và cửa sổ. " + _MASK_VI,
        "Everyone should stay indoors with doors and windows closed. " + _MASK_EN,
        "Ở trong nhà, đóng cửa ra vào và cửa sổ. " + _MASK_VI,
        "Stay indoors with doors and windows closed. " + _MASK_EN,
    ),
)

# Ordered from worst to best; wqi_band_for relies on this order.
WQI_BANDS: tuple[WqiBand, ...] = (
    WqiBand(
        "very_heavy_pollution",
        0,
        9,
        "Ô nhiễm rất nặng",
        "Very heavily polluted",
        (126, 0, 35),
        "Nước nhiễm độc, cần có biện pháp khắc phục, xử lý.",
        "Toxic water: remediation and treatment are needed.",
    ),
    WqiBand(
        "poor",
        10,
        25,
        "Kém",
        "Poor",
        (255, 0, 0),
        "Nước ô nhiễm nặng, cần các biện pháp xử lý trong tương lai.",
        "Heavily polluted water: treatment will be needed.",
    ),
    WqiBand(
        "bad",
        26,
        50,
        "Xấu",
        "Bad",
        (255, 126, 0),
        "Sử dụng cho giao thông thủy và các mục đích tương đương khác.",
        "Fit for waterway transport and similar uses.",
    ),
    WqiBand(
        "medium",
        51,
        75,
        "Trung bình",
        "Medium",
        (255, 255, 0),
        "Sử dụng cho mục đích tưới tiêu và các mục đích tương đương khác.",
        "Fit for irrigation and similar uses.",
    ),
    WqiBand(
        "good",
        76,
        90,
        "Tốt",
        "Good",
        (0, 228, 0),
        "Sử dụng cho mục đích cấp nước sinh hoạt nhưng cần các biện pháp xử lý phù hợp.",
        "Fit for domestic water supply after suitable treatment.",
    ),
    WqiBand(
        "very_good",
        91,
        100,
        "Rất tốt",
        "Very good",
        (51, 51, 255),
        "Sử dụng tốt cho mục đích cấp nước sinh hoạt.",
        "Good for domestic water supply.",
    ),
)


def aqi_band_for(aqi: float) -> AqiBand:
    """Return the VN_AQI band holding an AQI value (values above 500 are hazardous)."""
    if aqi < 0:
        raise ValueError(f"AQI must be >= 0, got {aqi}")
    for band in AQI_BANDS:
        if aqi <= band.high:
            return band
    return AQI_BANDS[-1]


def wqi_band_for(value: float) -> WqiBand:
    """Return the VN_WQI band holding a WQI value (0..100)."""
    if not 0 <= value <= 100:
        raise ValueError(f"WQI must be within 0..100, got {value}")
    # Published WQI values are integers; a fractional value such as 90.5 stays
    # in the lower band because it has not reached the next band's floor.
    for band in reversed(WQI_BANDS):
        if value >= band.low:
            return band
    return WQI_BANDS[0]
