"""Open311 answers in JSON and XML, built directly from column tuples (speed matters here)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Any
from xml.sax.saxutils import escape

import orjson
from fastapi.responses import Response

from ioc.kit.timeutil import VN_TZ

JSON_TYPE = "application/json; charset=utf-8"
XML_TYPE = "text/xml; charset=utf-8"


def w3c(value: datetime | None) -> str | None:
    """ISO 8601 with the Vietnam offset, as Open311 clients expect (2026-11-29T14:05:00+07:00)."""
    return value.astimezone(VN_TZ).isoformat(timespec="seconds") if value is not None else None


def _xml_value(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return escape(str(value))


def _xml_node(tag: str, value: Any, item_tags: dict[str, str]) -> str:
    if isinstance(value, dict):
        inner = "".join(_xml_node(k, v, item_tags) for k, v in value.items())
        return f"<{tag}>{inner}</{tag}>"
    if isinstance(value, list):
        child = item_tags.get(tag, "item")
        inner = "".join(_xml_node(child, v, item_tags) for v in value)
        return f"<{tag}>{inner}</{tag}>"
    return f"<{tag}>{_xml_value(value)}</{tag}>"


# In XML a list needs a name for its items: <attributes><attribute>…, <values><value>…
ITEM_TAGS = {
    "attributes": "attribute",
    "values": "value",
    "endpoints": "endpoint",
    "formats": "format",
    "notes": "note",
    "service_requests": "request",
    "services": "service",
    "errors": "error",
    "service_request_updates": "request_update",
    "extended_attributes": "attribute",
}


def to_xml(root: str, items: Iterable[dict[str, Any]] | dict[str, Any], item_tag: str | None = None) -> str:
    """An XML document: a root holding items (lists) or the fields of one object."""
    head = '<?xml version="1.0" encoding="utf-8"?>'
    if isinstance(items, dict):
        return head + _xml_node(root, items, ITEM_TAGS)
    tag = item_tag or ITEM_TAGS.get(root, "item")
    return head + f"<{root}>" + "".join(_xml_node(tag, i, ITEM_TAGS) for i in items) + f"</{root}>"


def respond(fmt: str, data: Any, root: str, item_tag: str | None = None, status: int = 200) -> Response:
    """The answer in the format the path asked for."""
    if fmt == "xml":
        return Response(to_xml(root, data, item_tag), status_code=status, media_type=XML_TYPE)
    return Response(orjson.dumps(data), status_code=status, media_type=JSON_TYPE)


def service_json(category: Any, lang: str) -> dict[str, Any]:
    """A category as an Open311 service."""
    name = category.name_en if lang == "en" and category.name_en else category.name
    return {
        "service_code": category.code,
        "service_name": name,
        "description": category.description,
        "metadata": bool(category.attributes),
        "type": "realtime",
        "keywords": category.keywords,
        "group": category.group,
    }


def definition_json(category: Any) -> dict[str, Any]:
    """A category's attributes as an Open311 service definition."""
    attributes = []
    for i, a in enumerate(category.attributes or [], start=1):
        attributes.append(
            {
                "variable": a.get("variable", True),
                "code": a["code"],
                "datatype": a.get("datatype", "string"),
                "required": a.get("required", False),
                "datatype_description": a.get("datatype_description", ""),
                "order": a.get("order", i),
                "description": a.get("description", ""),
                "values": [{"key": v["key"], "name": v["name"]} for v in a.get("values", [])],
            }
        )
    return {"service_code": category.code, "attributes": attributes}
