"""CAP 1.2 messages and the Atom index of current warnings, built with xml.etree."""

from __future__ import annotations

from datetime import datetime
from xml.etree import ElementTree as ET
from zoneinfo import ZoneInfo

from ioc.public_warnings.models import PublicWarning, WarningMessage

CAP_NS = "urn:oasis:names:tc:emergency:cap:1.2"
ATOM_NS = "http://www.w3.org/2005/Atom"
CAP_MEDIA = "application/cap+xml"
ATOM_MEDIA = "application/atom+xml"
LOCAL = ZoneInfo("Asia/Ho_Chi_Minh")
LANGUAGES = (("vi", "vi-VN"), ("en", "en-US"))


def cap_time(value: datetime | str) -> str:
    """A CAP dateTime: seconds, with the +07:00 offset of Viet Nam."""
    if isinstance(value, str):
        value = datetime.fromisoformat(value)
    return value.astimezone(LOCAL).replace(microsecond=0).isoformat()


def _sub(parent: ET.Element, tag: str, text: str | None = None, ns: str = CAP_NS) -> ET.Element:
    node = ET.SubElement(parent, f"{{{ns}}}{tag}")
    if text is not None:
        node.text = text
    return node


def _info(alert: ET.Element, lang: str, texts: dict, c: dict, web: str) -> None:
    info = _sub(alert, "info")
    _sub(info, "language", lang)
    _sub(info, "category", c["category"])
    _sub(info, "event", c["event"])
    _sub(info, "urgency", c["urgency"])
    _sub(info, "severity", c["severity"])
    _sub(info, "certainty", c["certainty"])
    _sub(info, "effective", cap_time(c["effective"]))
    if c.get("onset"):
        _sub(info, "onset", cap_time(c["onset"]))
    _sub(info, "expires", cap_time(c["expires"]))
    _sub(info, "senderName", c["sender_name"])
    _sub(info, "headline", texts["headline"])
    if texts.get("description"):
        _sub(info, "description", texts["description"])
    if texts.get("instruction"):
        _sub(info, "instruction", texts["instruction"])
    _sub(info, "web", web)
    area = _sub(info, "area")
    _sub(area, "areaDesc", c["area_desc"])
    for ring in c.get("polygons") or []:
        _sub(area, "polygon", ring)
    if c.get("circle"):
        _sub(area, "circle", c["circle"])
    for code in c.get("area_codes") or []:
        geocode = _sub(area, "geocode")
        _sub(geocode, "valueName", "VN-ADMIN-CODE")
        _sub(geocode, "value", code)


def alert_xml(m: WarningMessage, base_url: str, web: str) -> bytes:
    """One CAP 1.2 alert for a sent message (its content as it was sent)."""
    ET.register_namespace("", CAP_NS)
    c = m.content
    alert = ET.Element(f"{{{CAP_NS}}}alert")
    for tag, text in (
        ("identifier", m.identifier),
        ("sender", c["sender"]),
        ("sent", cap_time(m.sent)),
        ("status", "Actual"),
        ("msgType", m.msg_type),
        ("scope", "Public"),
    ):
        _sub(alert, tag, text)
    if c.get("note"):
        _sub(alert, "note", c["note"])
    if m.references:
        _sub(alert, "references", m.references)
    for key, lang in LANGUAGES:
        texts = (c.get("texts") or {}).get(key)
        if texts and texts.get("headline"):
            _info(alert, lang, texts, c, web)
    return ET.tostring(alert, encoding="utf-8", xml_declaration=True)


def atom_feed(entries: list[tuple[PublicWarning, WarningMessage]], base_url: str, title: str, now: datetime) -> bytes:
    """The Atom index: one entry per warning in force, linking to its latest CAP message."""
    ET.register_namespace("", ATOM_NS)
    feed = ET.Element(f"{{{ATOM_NS}}}feed")
    _sub(feed, "id", f"{base_url}/cap/alerts.atom", ATOM_NS)
    _sub(feed, "title", title, ATOM_NS)
    updated = max([m.sent for _, m in entries], default=now)
    _sub(feed, "updated", cap_time(updated), ATOM_NS)
    link = _sub(feed, "link", None, ATOM_NS)
    link.attrib.update({"rel": "self", "href": f"{base_url}/cap/alerts.atom", "type": ATOM_MEDIA})
    author = _sub(feed, "author", None, ATOM_NS)
    _sub(author, "name", title, ATOM_NS)
    for w, m in entries:
        entry = _sub(feed, "entry", None, ATOM_NS)
        _sub(entry, "id", f"{base_url}/cap/{m.identifier}.xml", ATOM_NS)
        _sub(entry, "title", (w.texts.get("vi") or {}).get("headline") or w.event, ATOM_NS)
        _sub(entry, "updated", cap_time(m.sent), ATOM_NS)
        _sub(entry, "summary", f"{m.msg_type} · {w.severity} · {w.area_desc}", ATOM_NS)
        href = _sub(entry, "link", None, ATOM_NS)
        href.attrib.update({"rel": "alternate", "href": f"{base_url}/cap/{m.identifier}.xml", "type": CAP_MEDIA})
    return ET.tostring(feed, encoding="utf-8", xml_declaration=True)
