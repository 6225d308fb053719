"""Label matchers (=, !=, =~, !~) as Alertmanager has them; regular expressions run on RE2 (linear time)."""

from __future__ import annotations

from functools import lru_cache

import re2

MAX_PATTERN = 200
OPS = ("=", "!=", "=~", "!~")


@lru_cache(maxsize=1024)
def compiled(pattern: str):
    """The anchored RE2 program of a pattern (Alertmanager anchors matchers); raises re2.error."""
    return re2.compile(f"^(?:{pattern})$")


def check(matcher: dict) -> str | None:
    """Why a matcher {label, op, value} is invalid, or None."""
    if matcher.get("op") not in OPS:
        return f"op must be one of {', '.join(OPS)}"
    if matcher["op"] in ("=~", "!~"):
        if len(matcher["value"]) > MAX_PATTERN:
            return f"pattern longer than {MAX_PATTERN} characters"
        try:
            compiled(matcher["value"])
        except re2.error as exc:
            return f"invalid regular expression: {exc}"
    return None


def matches(matcher: dict, labels: dict[str, str]) -> bool:
    """Whether the labels satisfy one matcher (a missing label is the empty string)."""
    value, op = labels.get(matcher["label"], ""), matcher["op"]
    if op == "=":
        return value == matcher["value"]
    if op == "!=":
        return value != matcher["value"]
    hit = compiled(matcher["value"]).match(value) is not None
    return hit if op == "=~" else not hit


def all_match(matchers: list[dict], labels: dict[str, str]) -> bool:
    """Whether every matcher holds."""
    return all(matches(m, labels) for m in matchers)
