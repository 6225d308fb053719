"""Helpers of the public warning tests: a valid warning body over two wards of the test province."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from ioc.areas import service as areas_service

NOW = datetime(2026, 12, 2, 3, 0, tzinfo=UTC)


@pytest.fixture
def wards(db, province) -> list[str]:
    """Codes of three wards with boundaries."""
    return [a.code for a in areas_service.with_boundaries(db, "ward")][:3]


@pytest.fixture
def body(wards):
    """A factory of valid warning bodies (JSON), starting now and valid for a day."""

    def make(**over) -> dict:
        start = datetime.now(UTC).replace(microsecond=0)
        data = {
            "category": "Env",
            "event": "Ô nhiễm không khí",
            "urgency": "Immediate",
            "severity": "Severe",
            "certainty": "Observed",
            "effective": start.isoformat(),
            "expires": (start + timedelta(days=1)).isoformat(),
            "vi": {"headline": "Không khí kém", "description": "AQI trên 150.", "instruction": "Đeo khẩu trang."},
            "en": {"headline": "Unhealthy air", "description": "AQI above 150.", "instruction": "Wear a mask."},
            "area_codes": wards[:2],
        }
        return data | over

    return make
