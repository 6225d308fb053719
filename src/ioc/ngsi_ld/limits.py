"""Bounds on what one write may store, checked before anything is written.

Whatever is stored must read back: PostgreSQL refuses NUL characters in text and JSONB, and
the JSON encoder of the answers stops at 255 levels of nesting. So a payload nests at most
MAX_DEPTH levels of objects and arrays (the entity itself is level 1), holds no NUL character
in any name or text, and an entity's attributes serialize to at most `max_entity_bytes`.
`to_json` writes stored data back out, whatever the database turned its numbers into.
"""

from __future__ import annotations

from typing import Any

import orjson

from ioc.ngsi_ld.errors import NgsiProblem, bad_data

MAX_DEPTH = 32
_INT_RANGE = range(-(2**63), 2**64)  # what orjson writes as an integer


def check_json(value: Any, field: str, level: int = 1) -> None:
    """400 BadRequestData if a payload (at nesting `level`) goes deeper than MAX_DEPTH or holds a NUL."""
    if isinstance(value, str):
        if "\x00" in value:
            raise _nul(field)
        return
    if not isinstance(value, (dict, list)):
        return
    try:  # orjson runs in C: a shallow, clean payload (nearly all of them) is proved so without a walk
        text = orjson.dumps(value)
        if b"\\u0000" not in text and text.count(b"{") + text.count(b"[") <= MAX_DEPTH - level + 1:
            return
    except orjson.JSONEncodeError:  # deeper than orjson goes: the walk says why
        pass
    _walk(value, field, level)


def check_member(name: str, value: Any) -> None:
    """check_json for one member of an entity (the entity is level 1, so its members are level 2)."""
    if "\x00" in name:
        raise _nul(name)
    check_json(value, name, level=2)


def _walk(value: Any, field: str, level: int) -> None:
    stack = [(value, level)]
    while stack:  # a loop, not recursion: the payload decides how deep it goes
        item, depth = stack.pop()
        if depth > MAX_DEPTH:
            raise bad_data(field, f"JSON objects and arrays nested deeper than {MAX_DEPTH} levels")
        if isinstance(item, dict) and any("\x00" in key for key in item):
            raise _nul(field)
        for child in item.values() if isinstance(item, dict) else item:
            if isinstance(child, (dict, list)):
                stack.append((child, depth + 1))
            elif isinstance(child, str) and "\x00" in child:
                raise _nul(field)


def _nul(field: str) -> NgsiProblem:
    return bad_data(field, "text must not contain the NUL character (\\u0000)")


def check_size(limit: int, entity_id: str, attrs: dict[str, Any]) -> None:
    """413 if an entity's attributes, as JSON, exceed the bound (IOC_NGSI_LD_MAX_ENTITY_BYTES)."""
    size = len(orjson.dumps(attrs))
    if size > limit:
        raise NgsiProblem(
            "BadRequestData",
            f"entity {entity_id}: its attributes take {size:,} bytes as JSON; "
            f"at most {limit:,} (IOC_NGSI_LD_MAX_ENTITY_BYTES)",
            413,
            field="entity",
        )


def to_json(value: Any) -> bytes:
    """JSON bytes of stored data; an integer orjson cannot write becomes a float.

    PostgreSQL's JSONB keeps numbers as `numeric` and gives 1e20 back as the integer
    100000000000000000000, which is beyond the 64 bits orjson writes.
    """
    try:
        return orjson.dumps(value)
    except orjson.JSONEncodeError:
        return orjson.dumps(_bounded_ints(value))


def _bounded_ints(value: Any) -> Any:
    # Recursion is bounded: stored values nest at most MAX_DEPTH (plus the answer's own levels).
    if isinstance(value, dict):
        return {k: _bounded_ints(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_bounded_ints(v) for v in value]
    if isinstance(value, int) and not isinstance(value, bool) and value not in _INT_RANGE:
        return float(value)
    return value
