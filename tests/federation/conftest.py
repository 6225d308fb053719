"""Fixtures of the federation tests."""

from __future__ import annotations

import pytest

from ioc.auth.principal import SYSTEM
from ioc.federation import crypto, service


@pytest.fixture
def members(db):
    """Two member provinces, each with its own key: {code: (key_id, private)}."""
    out = {}
    for code, name in (("48", "Đà Nẵng"), ("01", "Hà Nội")):
        private, public = crypto.generate()
        service.add_member(db, SYSTEM, code, name)
        out[code] = (service.add_key(db, SYSTEM, code, public).key_id, private)
    db.commit()
    return out
