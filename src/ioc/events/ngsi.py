"""Smart Data Models Alert, RoadAccident and TrafficViolation entities (NGSI-LD normalized or keyValues) as events."""

from __future__ import annotations

import logging
from typing import Any

from pydantic import ValidationError

from ioc.events.intake import MAX_BATCH
from ioc.events.schemas import EventIn
from ioc.kit.errors import ValidationProblem
from ioc.kit.timeutil import utcnow

log = logging.getLogger(__name__)

TYPES = ("Alert", "RoadAccident", "TrafficViolation")
SKIP = {"id", "type", "@context", "location", "category", "subCategory", "severity", "description", "name"}


def _value(attr: Any) -> Any:
    """An attribute's value, whether normalized ({"type": "Property", "value": …}) or keyValues."""
    if isinstance(attr, dict) and attr.get("type") in ("Property", "GeoProperty", "Relationship"):
        attr = attr.get("object") if attr.get("type") == "Relationship" else attr.get("value")
    if isinstance(attr, dict) and "@value" in attr:
        attr = attr["@value"]
    return attr


def _short(kind: Any) -> Any:
    """`Alert` of an expanded type IRI (https://smartdatamodels.org/dataModel.Alert/Alert)."""
    return kind.rsplit("/", 1)[-1].rsplit("#", 1)[-1] if isinstance(kind, str) else kind


def _values(entity: dict[str, Any]) -> dict[str, Any]:
    return {k: _value(v) for k, v in entity.items()} | {"type": _short(entity.get("type"))}


def _severity(v: dict[str, Any]) -> str:
    if v.get("type") == "Alert":
        return v.get("severity") or "medium"
    if v.get("type") == "RoadAccident":
        dead = v.get("totalDeadPeopleWithin24Hours") or v.get("totalDeadPeopleWithin30Days") or 0
        return "critical" if dead else "high" if v.get("totalInjured") else "medium"
    return "low"


def _event(v: dict[str, Any]) -> dict[str, Any]:
    kind = v.get("type")
    when = {"Alert": ("dateIssued", "validFrom"), "RoadAccident": ("accidentDate", "dateObserved"),
            "TrafficViolation": ("observationDateTime", "dateObserved")}[kind]  # fmt: skip
    defaults = {"Alert": ("traffic", None), "RoadAccident": ("traffic", "carAccident"),
                "TrafficViolation": ("traffic", "trafficViolation")}[kind]  # fmt: skip
    source = v.get("alertSource") or v.get("dataProvider") or v.get("source") or "ngsi-ld"
    payload = {k: val for k, val in v.items() if k not in SKIP and not k.startswith("@")}
    return {
        "category": v.get("category") or defaults[0],
        "sub_category": v.get("subCategory") or defaults[1],
        "severity": _severity(v),
        "occurred_at": next((v[k] for k in when if v.get(k)), None),
        "location": v.get("location"),
        "source": str(source)[:120],
        "source_id": _source_id(v.get("id"), next((v[k] for k in when if v.get(k)), None)),
        "title": str(v.get("name") or v.get("description") or kind)[:300],
        "description": str(v.get("description") or "")[:4000],
        "payload": payload,
    }


def _source_id(entity_id: Any, when: Any) -> str | None:
    """The entity id and its time: a redelivered state is one event, a new observation of it another."""
    if not entity_id:
        return None
    return f"{entity_id}@{when}"[:200] if when else str(entity_id)[:200]


def from_entities(entities: list[dict[str, Any]]) -> list[EventIn]:
    """The events of the Alert, RoadAccident and TrafficViolation entities the broker wrote; others are ignored.

    The broker has accepted these entities already: one that cannot be placed or read is logged and skipped.
    """
    events = []
    for entity in entities:
        if _short(entity.get("type")) not in TYPES:
            continue
        data = _event(_values(entity))
        data["occurred_at"] = data["occurred_at"] or utcnow()
        try:
            events.append(EventIn(**data))
        except ValidationError as exc:
            log.warning("NGSI-LD entity %s is not an event: %s", entity.get("id"), exc.errors(include_url=False)[0])
    return events


def parse(body: Any) -> list[EventIn]:
    """The events of one entity or an array of them; a 422 naming the entity index and field otherwise."""
    entities = body if isinstance(body, list) else [body]
    if not entities or len(entities) > MAX_BATCH:
        raise ValidationProblem(f"body: 1 to {MAX_BATCH} entities", errors=[{"field": "body", "message": "count"}])
    events, errors = [], []
    for index, entity in enumerate(entities):
        if not isinstance(entity, dict) or entity.get("type") not in TYPES:
            errors.append({"field": f"[{index}].type", "message": f"one of {', '.join(TYPES)}", "index": index})
            continue
        try:
            events.append(EventIn(**_event(_values(entity))))
        except ValidationError as exc:
            for err in exc.errors(include_url=False, include_input=False):
                where = f"[{index}]." + ".".join(str(p) for p in err["loc"])
                errors.append({"field": where, "message": err["msg"], "index": index})
    if errors:
        raise ValidationProblem(f"{errors[0]['field']}: {errors[0]['message']}", errors=errors[:100])
    return events
