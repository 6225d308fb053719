"""Helpers of the events tests: a valid event body inside a ward of the test province."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from tests.places import HAI_CHAU

NOW = datetime(2026, 12, 2, 3, 0, tzinfo=UTC)


@pytest.fixture
def event():
    """A factory of valid event bodies (camelCase JSON) at Hải Châu."""

    def make(**over) -> dict:
        data = {
            "category": "traffic",
            "subCategory": "carAccident",
            "severity": "high",
            "occurredAt": "2026-12-02T09:55:00+07:00",
            "lat": HAI_CHAU[0],
            "lon": HAI_CHAU[1],
            "source": "camera-analytics",
            "sourceId": "cam-7/ev-1",
            "title": "Va chạm xe máy tại ngã tư",
            "payload": {"camera": "cam-7", "confidence": 0.93},
            "media": ["https://cam.example.vn/snap/1.jpg"],
        }
        return data | over

    return make
