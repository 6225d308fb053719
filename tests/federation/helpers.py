"""Snapshots as a province writes them, signed with a key of the test's choosing."""

from __future__ import annotations

import uuid
from datetime import timedelta

import orjson

from ioc.federation import crypto
from ioc.kit.timeutil import utcnow

URL = "/api/v1/federation/snapshots"  # where provinces post their snapshots


def snapshot(province: str, version: int, values: dict[str, float], period: str = "2026-10", **extra) -> dict:
    """An indicators snapshot: each national code's whole-province value and one ward's."""
    ward = province + "001"
    indicators = [
        {"code": code, "name": code, "values": [v, v / 2], "targets": [v, None], "statuses": ["on_track", ""]}
        for code, v in values.items()
    ]
    doc = {
        "format": "ioc-federation/1",
        "snapshot_id": uuid.uuid4().hex,
        "province": province,
        "dataset": "indicators",
        "period": period,
        "version": version,
        "generated_at": (utcnow() - timedelta(seconds=5)).isoformat(),
        "data": {"areas": [province, ward], "indicators": indicators},
    }
    return doc | extra


def signed(doc: dict, key_id: str, private: str) -> tuple[bytes, dict[str, str]]:
    """The body and the headers that sign it."""
    body = orjson.dumps(doc)
    return body, {
        "Content-Type": "application/json",
        crypto.KEY_HEADER: key_id,
        crypto.SIGNATURE_HEADER: crypto.sign(private, body),
    }
