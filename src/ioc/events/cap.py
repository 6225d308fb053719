"""CAP 1.2 messages posted by warning systems, read as events (one per message; its Vietnamese info first)."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from typing import Any

from pydantic import ValidationError

from ioc.events.schemas import EventIn
from ioc.kit.errors import ValidationProblem

NS = "{urn:oasis:names:tc:emergency:cap:1.2}"
MAX_BYTES = 1_000_000
CATEGORY = {"Geo": "naturalDisaster", "Met": "weather", "Safety": "security", "Security": "security",
            "Rescue": "security", "Fire": "naturalDisaster", "Health": "health", "Env": "environment",
            "Transport": "traffic", "Infra": "traffic", "CBRNE": "security", "Other": "security"}  # fmt: skip
SEVERITY = {"Extreme": "critical", "Severe": "high", "Moderate": "medium", "Minor": "low", "Unknown": "informational"}


def _bad(field: str, message: str) -> ValidationProblem:
    return ValidationProblem(f"{field}: {message}", errors=[{"field": field, "message": message}])


def _root(body: bytes) -> ET.Element:
    if len(body) > MAX_BYTES:
        raise _bad("body", f"a CAP message is at most {MAX_BYTES} bytes")
    if b"<!DOCTYPE" in body.upper() or b"<!ENTITY" in body.upper():
        raise _bad("body", "document type declarations are not accepted")
    try:
        root = ET.fromstring(body)
    except ET.ParseError as exc:
        raise _bad("body", f"not well-formed XML: {exc}") from None
    if root.tag != f"{NS}alert":
        raise _bad("alert", "the root element must be a CAP 1.2 <alert>")
    return root


def _text(node: ET.Element | None, name: str) -> str:
    found = node.find(f"{NS}{name}") if node is not None else None
    return (found.text or "").strip() if found is not None else ""


def _info(root: ET.Element) -> ET.Element:
    infos = root.findall(f"{NS}info")
    if not infos:
        raise _bad("info", "a CAP message needs at least one <info>")
    return next((i for i in infos if _text(i, "language").lower().startswith("vi")), infos[0])


def _place(info: ET.Element) -> dict[str, Any]:
    area = info.find(f"{NS}area")
    polygon, circle = _text(area, "polygon"), _text(area, "circle")
    try:
        if polygon:
            pairs = [tuple(float(v) for v in p.split(",")) for p in polygon.split()]
            return {"location": {"type": "Polygon", "coordinates": [[[lon, lat] for lat, lon in pairs]]}}
        if circle:
            lat, lon = (float(v) for v in circle.split()[0].split(","))
            return {"lat": lat, "lon": lon}
    except ValueError:
        raise _bad("area", "polygon and circle take 'lat,lon' pairs") from None
    raise _bad("area", "a <polygon> or <circle> is needed to place the event")


def parse(body: bytes) -> EventIn:
    """The event of a CAP 1.2 alert; a 422 naming the element at fault otherwise."""
    root = _root(body)
    info = _info(root)
    data = {
        "category": CATEGORY.get(_text(info, "category"), "security"),
        "severity": SEVERITY.get(_text(info, "severity"), "informational"),
        "occurred_at": _text(info, "onset") or _text(info, "effective") or _text(root, "sent"),
        "source": _text(root, "sender")[:120] or "cap",
        "source_id": _text(root, "identifier")[:200] or None,
        "title": (_text(info, "headline") or _text(info, "event"))[:300],
        "description": _text(info, "description")[:4000],
        "payload": {k: _text(root, k)[:500] for k in ("msgType", "status", "scope", "references")}
        | {k: _text(info, k)[:500] for k in ("event", "urgency", "certainty", "expires", "instruction")},
    }
    try:
        return EventIn(**data, **_place(info))
    except ValidationError as exc:
        err = exc.errors(include_url=False, include_input=False)[0]
        raise _bad(".".join(str(p) for p in err["loc"]) or "alert", err["msg"]) from None
