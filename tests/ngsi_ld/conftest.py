"""Fixtures for the NGSI-LD tests: an integrator's headers, and helpers for payloads."""

from __future__ import annotations

import pytest

from ioc.areas import repository as areas_repo

CORE = "https://uri.etsi.org/ngsi-ld/v1/ngsi-ld-core-context-v1.8.jsonld"
LINK = f'<{CORE}>; rel="http://www.w3.org/ns/json-ld#context"; type="application/ld+json"'
BASE = "/ngsi-ld/v1"
WARD_POINT = [108.2022, 16.0544]  # replaced by a ward centroid of the test province (fixture `point`)


@pytest.fixture
def ngsi(api_key) -> dict[str, str]:
    """Headers of an integrator writing application/json with the core context in a Link header."""
    return {"X-API-Key": api_key, "Content-Type": "application/json", "Link": LINK}


@pytest.fixture
def ngsi_ld(api_key) -> dict[str, str]:
    """Headers of an integrator writing application/ld+json (the @context is in the body)."""
    return {"X-API-Key": api_key, "Content-Type": "application/ld+json", "Accept": "application/ld+json"}


@pytest.fixture
def point(db, province):
    """Stations of these tests stand at a ward centroid of the test province."""
    ward = min((a for a in areas_repo.with_geometry(db, "ward") if a.centroid_lat is not None), key=lambda a: a.code)
    WARD_POINT[:] = [ward.centroid_lon, ward.centroid_lat]
    return ward


def air_entity(eid: str = "urn:ngsi-ld:AirQualityObserved:DN-01", **attrs) -> dict:
    """A normalized AirQualityObserved as the Smart Data Models examples write it."""
    body = {
        "id": eid,
        "type": "AirQualityObserved",
        "dateObserved": {"type": "Property", "value": {"@type": "DateTime", "@value": "2026-11-20T08:00:00Z"}},
        "location": {"type": "GeoProperty", "value": {"type": "Point", "coordinates": [108.2022, 16.0544]}},
        "NO2": {"type": "Property", "value": 22, "unitCode": "GQ", "observedAt": "2026-11-20T08:00:00Z"},
    }
    body.update(attrs)
    return body
