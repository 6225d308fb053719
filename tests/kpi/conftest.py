"""KPI fixtures: the seeded catalogue on the test province."""

from __future__ import annotations

import pytest

from ioc.kpi import service


@pytest.fixture
def catalogue(db, province) -> str:
    """The province's units and the built-in indicator catalogue."""
    service.seed_catalogue(db)
    db.commit()
    return province
