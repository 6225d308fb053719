"""CAP 1.2 messages posted by warning systems, read as events (one per message; its Vietnamese info first)."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from typing import Any

from pydantic import ValidationError

from ioc.events.schemas import EventIn
from ioc.kit.errors import ValidationProblem

NS = "{urn:oasis:names:tc:emergency:cap:1.2}"
MAX_BYTES = 1_000_000
CATEGORY = {"Geo": "naturalDisaster", "Met": "weather", "Safety": "security", "Security": "security",
            "Rescue": "security", "Fire": "naturalDisaster", "Health": "health", "Env": "environment",
            "Transport": "traffic", "Infra": "traffic", "CBRNE": "security", "Other": "security"}  # fmt: skip
# SAME codes in <eventCode> and the words of <event> (vi and en), as warning systems write them.
SAME_CODES = {"FLW": "flood", "FLS": "flood", "FLA": "floodRisk", "FFW": "flood", "FFA": "floodRisk",
              "FRW": "buildingFire"}  # fmt: skip
EVENT_WORDS = (("sạt lở", "landslide"), ("landslide", "landslide"), ("lũ", "flood"), ("ngập", "flood"),
               ("flood", "flood"), ("cháy rừng", "forestFire"), ("forest fire", "forestFire"),
               ("cháy", "buildingFire"), ("fire", "buildingFire"), ("không khí", "airPollution"),
               ("air quality", "airPollution"))  # fmt: skip
SEVERITY = {"Extreme": "critical", "Severe": "high", "Moderate": "medium", "Minor": "low", "Unknown": "informational"}


@dataclass
class Message:
    """A CAP message: its event (None for a Cancel without info), kind, own key and the messages it references."""

    item: EventIn | None
    msg_type: str
    sender: str
    identifier: str
    references: list[tuple[str, str]] = field(default_factory=list)  # (sender, identifier), oldest first


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


def _references(root: ET.Element) -> list[tuple[str, str]]:
    """(sender, identifier) of each `sender,identifier,sent` group of <references>; a 422 if one is malformed."""
    refs = []
    for group in _text(root, "references").split():
        parts = group.split(",")
        if len(parts) != 3 or not parts[0] or not parts[1]:
            raise _bad("references", "each reference is 'sender,identifier,sent', separated by spaces")
        refs.append((parts[0][:120], parts[1][:200]))
    return refs


def message(body: bytes) -> Message:
    """A CAP 1.2 message: an Alert, or an Update/Cancel naming in <references> the messages it revises."""
    root = _root(body)
    msg_type = _text(root, "msgType") or "Alert"
    if msg_type not in ("Alert", "Update", "Cancel", "Ack", "Error"):
        raise _bad("msgType", "one of Alert, Update, Cancel, Ack, Error")
    refs = _references(root)
    if msg_type in ("Update", "Cancel") and not refs:
        raise _bad("references", f"a {msg_type} message references the message it revises")
    sender, identifier = _text(root, "sender")[:120] or "cap", _text(root, "identifier")[:200]
    if not identifier:
        raise _bad("identifier", "a CAP message needs an identifier")
    has_info = root.find(f"{NS}info") is not None
    item = _event(root) if has_info or msg_type != "Cancel" else None
    return Message(item, msg_type, sender, identifier, refs)


def parse(body: bytes) -> EventIn:
    """The event of a CAP 1.2 alert; a 422 naming the element at fault otherwise."""
    return _event(_root(body))


def _sub_category(info: ET.Element) -> str | None:
    """The Smart Data Models sub-category of an info: its SAME event code, else the words of its <event>."""
    for code in info.findall(f"{NS}eventCode"):
        if _text(code, "valueName").upper() == "SAME" and _text(code, "value").upper() in SAME_CODES:
            return SAME_CODES[_text(code, "value").upper()]
    words = _text(info, "event").lower()
    return next((sub for word, sub in EVENT_WORDS if word in words), None)


def _event(root: ET.Element) -> EventIn:
    info = _info(root)
    data = {
        "category": CATEGORY.get(_text(info, "category"), "security"),
        "sub_category": _sub_category(info),
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
