"""The published JSON Schema of a snapshot (GET /api/v1/federation/schema), checked with `jsonschema`."""

from __future__ import annotations

from collections import deque
from collections.abc import Iterator
from functools import lru_cache
from typing import Any

from jsonschema import Draft202012Validator, ValidationError, validators

FORMAT = "ioc-federation/1"
DATASETS = ("indicators", "feedback", "aqi", "incidents", "directives", "scores766")
CODE = {"type": "string", "minLength": 1, "maxLength": 40}
NUMBER = {"type": ["number", "null"]}
COUNTS = {"type": "object", "maxProperties": 200, "additionalProperties": {"type": "integer", "minimum": 0}}

AREA = {"type": "string", "minLength": 2, "maxLength": 10}
STATUS = {"type": "string", "maxLength": 12}
INDICATOR = {
    "type": "object",
    "required": ["code", "values"],
    "properties": {
        "code": CODE,
        "local_code": CODE,
        "name": {"type": "string", "maxLength": 300},
        "unit": {"type": "string", "maxLength": 40},
        "value_status": {"enum": ["estimate", "official", ""]},
        # aligned with data.areas: one value, target and tracking status per area
        "values": {"type": "array", "maxItems": 20000, "items": NUMBER},
        "targets": {"type": "array", "maxItems": 20000, "items": NUMBER},
        "statuses": {"type": "array", "maxItems": 20000, "items": STATUS},
    },
}

DATA = {
    "indicators": {
        "type": "object",
        "required": ["areas", "indicators"],
        "properties": {
            "areas": {"type": "array", "maxItems": 20000, "items": AREA},
            "indicators": {"type": "array", "maxItems": 2000, "items": INDICATOR},
        },
    },
    "feedback": {
        "type": "object",
        "required": ["received", "on_time", "overdue"],
        "properties": {
            "received": {"type": "integer", "minimum": 0},
            "resolved": {"type": "integer", "minimum": 0},
            "on_time": {"type": "integer", "minimum": 0},
            "overdue": {"type": "integer", "minimum": 0},
            "satisfaction": NUMBER,
        },
    },
    "aqi": {
        "type": "object",
        "required": ["stations"],
        "properties": {
            "stations": {
                "type": "array",
                "maxItems": 2000,
                "items": {
                    "type": "object",
                    "required": ["code", "days"],
                    "properties": {
                        "code": CODE,
                        "name": {"type": "string", "maxLength": 200},
                        "days": {
                            "type": "array",
                            "maxItems": 62,
                            "items": {"type": "array", "prefixItems": [{"type": "string", "format": "date"}, NUMBER]},
                        },
                    },
                },
            }
        },
    },
    "incidents": {"type": "object", "properties": {"incidents": COUNTS, "events": COUNTS}},
    "directives": {"type": "object", "required": ["by_status"], "properties": {"by_status": COUNTS}},
    "scores766": {
        "type": "object",
        "required": ["scores"],
        "properties": {
            "scores": {
                "type": "array",
                "maxItems": 2000,
                "items": {
                    "type": "object",
                    "required": ["unit", "total"],
                    "properties": {"unit": CODE, "kind": {"type": "string"}, "total": {"type": "number"}},
                },
            }
        },
    },
}


def document() -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) every snapshot must satisfy."""
    branches = [
        {"if": {"properties": {"dataset": {"const": name}}}, "then": {"properties": {"data": DATA[name]}}}
        for name in DATASETS
    ]
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "urn:ioc:federation:snapshot:1",
        "title": "IOC federation snapshot",
        "type": "object",
        "required": ["format", "snapshot_id", "province", "dataset", "period", "version", "generated_at", "data"],
        "properties": {
            "format": {"const": FORMAT},
            "snapshot_id": {"type": "string", "pattern": "^[A-Za-z0-9._:-]{8,64}$"},
            "province": {"type": "string", "pattern": "^[0-9]{2}$"},
            "dataset": {"enum": list(DATASETS)},
            "period": {"type": "string", "pattern": "^(19|20|21)[0-9]{2}-(0[1-9]|1[0-2])$"},
            "version": {"type": "integer", "minimum": 1, "maximum": 2147483647},
            "generated_at": {"type": "string", "format": "date-time"},
            "data": {"type": "object"},
        },
        "allOf": branches,
    }


def _fast_items(validator: Any, items: Any, instance: Any, schema: dict) -> Iterator[ValidationError]:
    """`items` as the standard says, with the long arrays of plain numbers or codes checked in one loop."""
    if isinstance(instance, list) and items in (NUMBER, AREA, STATUS):
        yield from _flat(items, instance)
        return
    yield from _ITEMS(validator, items, instance, schema)


def _flat(items: dict, instance: list) -> Iterator[ValidationError]:
    if items is NUMBER or items == NUMBER:
        bad = next((i for i, x in enumerate(instance) if not (x is None or type(x) in (int, float))), None)
        message = "is not of type 'number', 'null'"
    else:
        low, high = items.get("minLength", 0), items["maxLength"]
        bad = next((i for i, x in enumerate(instance) if type(x) is not str or not low <= len(x) <= high), None)
        message = f"is not a string of {low} to {high} characters"
    if bad is not None:
        yield ValidationError(f"{instance[bad]!r} {message}", path=deque([bad]))


_ITEMS = Draft202012Validator.VALIDATORS["items"]
FastValidator = validators.extend(Draft202012Validator, {"items": _fast_items})


@lru_cache
def validator() -> Draft202012Validator:
    """The compiled validator of the schema (the standard's semantics; long flat arrays checked in one loop)."""
    return FastValidator(document(), format_checker=Draft202012Validator.FORMAT_CHECKER)


@lru_cache
def quick_check() -> Any:
    """The same schema compiled by jsonschema-rs (Rust), formats checked: a valid snapshot passes in a millisecond."""
    import jsonschema_rs

    return jsonschema_rs.validator_for(document(), validate_formats=True)


def problems(doc: Any, limit: int = 5) -> list[str]:
    """The first few reasons a document breaks the schema (empty when it is valid).

    Valid snapshots (nearly all) are passed by the Rust validator; a refused one is explained by `jsonschema`,
    whose messages the provinces' link pages show.
    """
    if quick_check().is_valid(doc):
        return []
    out = []
    for error in validator().iter_errors(doc):
        where = "/".join(str(p) for p in error.absolute_path) or "(root)"
        out.append(f"{where}: {error.message[:200]}")
        if len(out) >= limit:
            break
    return out
