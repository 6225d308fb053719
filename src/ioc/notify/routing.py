"""The routing tree: defaults, inheritance, durations, validation on save, and the walk that matches an alert."""

from __future__ import annotations

from typing import Any

from ioc.notify import matchers

DEFAULTS: dict[str, Any] = {
    "receiver": None,
    "group_by": ["alertname", "area"],
    "group_wait": "30s",
    "group_interval": "5m",
    "repeat_interval": "4h",
    "send_resolved": True,
    "escalate_after": None,
    "escalate_to": None,
}
INHERITED = tuple(DEFAULTS)
UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400}


def seconds(duration: str) -> int:
    """Seconds of a duration such as 30s, 5m, 4h, 2d."""
    return int(duration[:-1]) * UNITS[duration[-1]]


def merge(parent: dict, node: dict) -> dict:
    """The settings a node has: its own, else its parent's."""
    return {k: node[k] if node.get(k) is not None else parent.get(k) for k in INHERITED}


def walk(tree: dict, labels: dict[str, str]) -> list[tuple[str, dict]]:
    """The routes an alert goes to as (path, effective settings): deepest match, more with `continue`."""
    return _walk(tree, merge(DEFAULTS, tree), "0", labels)


def _walk(node: dict, eff: dict, path: str, labels: dict[str, str]) -> list[tuple[str, dict]]:
    out: list[tuple[str, dict]] = []
    for i, child in enumerate(node.get("routes", [])):
        if matchers.all_match(child.get("matchers", []), labels):
            out += _walk(child, merge(eff, child), f"{path}.{i}", labels)
            if not child.get("continue"):
                break
    return out or [(path, eff)]


def at(tree: dict, path: str) -> dict | None:
    """The effective settings of the route at a path ("0", "0.1", ...), or None if it is gone."""
    eff, node = merge(DEFAULTS, tree), tree
    for step in path.split(".")[1:]:
        children = node.get("routes", [])
        if int(step) >= len(children):
            return None
        node = children[int(step)]
        eff = merge(eff, node)
    return eff


def check_tree(tree: dict, receivers: set[str]) -> list[dict]:
    """Every problem of a tree as {field, message}: unknown receivers, half-set escalation, a root without receiver."""
    errors: list[dict] = []
    if not tree.get("receiver"):
        errors.append({"field": "receiver", "message": "the root route needs a receiver"})
    if tree.get("matchers"):
        errors.append({"field": "matchers", "message": "the root route matches every alert: no matchers"})
    _check_node(tree, "", receivers, errors)
    return errors


def _check_node(node: dict, prefix: str, receivers: set[str], errors: list[dict]) -> None:
    for key in ("receiver", "escalate_to"):
        name = node.get(key)
        if name is not None and name not in receivers:
            errors.append({"field": f"{prefix}{key}", "message": f"no receiver named {name!r}"})
    if (node.get("escalate_after") is None) != (node.get("escalate_to") is None):
        errors.append({"field": f"{prefix}escalate_after", "message": "escalate_after and escalate_to go together"})
    for key in ("group_wait", "group_interval", "repeat_interval", "escalate_after"):
        if node.get(key) is not None and seconds(node[key]) > 30 * 86400:
            errors.append({"field": f"{prefix}{key}", "message": "at most 30 days"})
    if node.get("group_interval") is not None and seconds(node["group_interval"]) < 1:
        errors.append({"field": f"{prefix}group_interval", "message": "at least 1s"})
    if node.get("repeat_interval") is not None and seconds(node["repeat_interval"]) < 60:
        errors.append({"field": f"{prefix}repeat_interval", "message": "at least 1m"})
    for i, child in enumerate(node.get("routes", [])):
        _check_node(child, f"{prefix}routes[{i}].", receivers, errors)
