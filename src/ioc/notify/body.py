"""Alertmanager's webhook body, version 4, exactly as receivers written for Alertmanager parse it."""

from __future__ import annotations

from datetime import UTC, datetime

from ioc.notify.models import AlertMirror

ZERO_TIME = "0001-01-01T00:00:00Z"


def rfc3339(moment: datetime) -> str:
    """An instant as RFC 3339 in UTC with a Z."""
    return moment.astimezone(UTC).isoformat().replace("+00:00", "Z")


def absolute(external_url: str, link: str) -> str:
    """generatorURL made absolute from externalURL."""
    return external_url.rstrip("/") + link if link.startswith("/") else link


def alert_json(a: AlertMirror, external_url: str) -> dict:
    """One element of `alerts[]`."""
    return {
        "status": a.status,
        "labels": dict(a.labels),
        "annotations": {k: str(v) for k, v in a.annotations.items() if v is not None},
        "startsAt": rfc3339(a.starts_at),
        "endsAt": rfc3339(a.ends_at) if a.status == "resolved" and a.ends_at else ZERO_TIME,
        "generatorURL": absolute(external_url, a.generator_url),
        "fingerprint": a.fingerprint,
    }


def _common(dicts: list[dict]) -> dict:
    if not dicts:
        return {}
    first = dicts[0]
    return {k: v for k, v in first.items() if all(d.get(k) == v for d in dicts[1:])}


def build(
    group_key: str, receiver: str, group_labels: dict, alerts: list[AlertMirror], external_url: str, limit: int
) -> dict:
    """The whole body; alerts beyond `limit` are counted in truncatedAlerts."""
    items = [alert_json(a, external_url) for a in alerts]
    return {
        "version": "4",
        "groupKey": group_key,
        "truncatedAlerts": max(0, len(items) - limit),
        "status": "firing" if any(a["status"] == "firing" for a in items) else "resolved",
        "receiver": receiver,
        "groupLabels": dict(group_labels),
        "commonLabels": _common([a["labels"] for a in items]),
        "commonAnnotations": _common([a["annotations"] for a in items]),
        "externalURL": external_url,
        "alerts": items[:limit],
    }
