"""Directives fixtures: two agencies with supervisors, the KPI catalogue, a leader and officers."""

from __future__ import annotations

import pytest

from ioc.auth import service as auth_service
from ioc.auth.principal import SYSTEM
from ioc.kpi import service as kpi_service


@pytest.fixture
def agencies(db) -> tuple[str, str]:
    """Sở Xây dựng (lead) and Sở Tài nguyên và Môi trường (support), each with a supervisor's e-mail."""
    auth_service.upsert_agency(db, SYSTEM, code="SO_XD", name="Sở Xây dựng", supervisor_email="gd-soxd@example.vn")
    auth_service.upsert_agency(
        db, SYSTEM, code="SO_TNMT", name="Sở Tài nguyên và Môi trường", supervisor_email="gd-tnmt@example.vn"
    )
    kpi_service.seed_catalogue(db)
    db.commit()
    return "SO_XD", "SO_TNMT"


@pytest.fixture
def people(agencies, make_user) -> dict[str, tuple[str, dict]]:
    """A leader, an officer of each agency, an operator."""
    return {
        "leader": make_user("leader"),
        "xd": make_user("agency_officer", "SO_XD"),
        "tnmt": make_user("agency_officer", "SO_TNMT"),
        "operator": make_user("operator"),
    }
