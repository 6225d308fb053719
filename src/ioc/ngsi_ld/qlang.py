"""The NGSI-LD query language (ETSI GS CIM 009 clause 4.9): parse once, evaluate per entity.

`;` is AND and binds tighter than `|` (OR); parentheses group. A term is an attribute path
(`a`, `a.b` for a sub-attribute or `a.observedAt`, `a[k]` for a key inside a compound value),
optionally followed by an operator and a value: a number, a quoted string, a date-time,
true/false, a URI, a list `1,2,3` or a range `1..5`. Inside a quoted string `\\"` is a quote.

A q comes from the query string or a subscription, so the parser bounds what it will read:
MAX_LENGTH characters, parentheses MAX_DEPTH deep, and `~=` patterns run on RE2 (`patterns`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from ioc.kit.timeutil import parse_aware
from ioc.ngsi_ld.attrs import plain_value
from ioc.ngsi_ld.context import LdContext
from ioc.ngsi_ld.errors import bad_data
from ioc.ngsi_ld.patterns import compile_pattern

OPERATORS = ("!~=", "==", "!=", ">=", "<=", "~=", ">", "<")
_META = {"observedAt", "unitCode", "createdAt", "modifiedAt", "datasetId"}
_NUMBER = re.compile(r"^-?\d+(\.\d+)?([eE][-+]?\d+)?$")
_DATETIME = re.compile(r"^\d{4}-\d{2}-\d{2}(T[\d:.]+)?(Z|[+-]\d{2}:?\d{2})?$")
_MISSING = object()
MAX_LENGTH = 4096
MAX_DEPTH = 32


@dataclass(frozen=True)
class Term:
    """`path op value`; op is None for an existence test."""

    name: str
    subpath: tuple[str, ...]
    keys: tuple[str, ...]
    op: str | None = None
    value: Any = None  # a literal, ("range", lo, hi) or ("list", [..])


@dataclass(frozen=True)
class Logic:
    """AND / OR of sub-queries."""

    op: str  # "and" | "or"
    parts: tuple[Node, ...]


Node = Term | Logic


class _Parser:
    def __init__(self, text: str, ctx: LdContext) -> None:
        self.text, self.pos, self.ctx, self.depth = text, 0, ctx, 0

    def fail(self, message: str) -> Exception:
        return bad_data("q", f"{message} at position {self.pos} in {self.text!r}")

    def peek(self) -> str:
        return self.text[self.pos] if self.pos < len(self.text) else ""

    def parse(self) -> Node:
        node = self.parse_or()
        if self.pos != len(self.text):
            raise self.fail(f"unexpected {self.peek()!r}")
        return node

    def parse_or(self) -> Node:
        parts = [self.parse_and()]
        while self.peek() == "|":
            self.pos += 1
            parts.append(self.parse_and())
        return parts[0] if len(parts) == 1 else Logic("or", tuple(parts))

    def parse_and(self) -> Node:
        parts = [self.parse_unit()]
        while self.peek() == ";":
            self.pos += 1
            parts.append(self.parse_unit())
        return parts[0] if len(parts) == 1 else Logic("and", tuple(parts))

    def parse_unit(self) -> Node:
        if self.peek() == "(":
            self.depth += 1
            if self.depth > MAX_DEPTH:  # each level costs Python stack frames: refuse before they run out
                raise self.fail(f"parentheses nested deeper than {MAX_DEPTH} levels")
            self.pos += 1
            node = self.parse_or()
            if self.peek() != ")":
                raise self.fail("missing ')'")
            self.pos += 1
            self.depth -= 1
            return node
        return self.parse_term()

    def parse_term(self) -> Term:
        start = self.pos
        while self.pos < len(self.text) and self.peek() not in ";|()" and not self._at_operator():
            self.pos += 1
        name, subpath, keys = self._split_path(self.text[start : self.pos].strip())
        op = next((o for o in OPERATORS if self.text.startswith(o, self.pos)), None)
        if op is None:
            return Term(name, subpath, keys)
        self.pos += len(op)
        raw = self._read_value()
        if op in ("~=", "!~="):
            return Term(name, subpath, keys, op, compile_pattern(_unquote(raw), "q"))
        return Term(name, subpath, keys, op, self._value(raw, op))

    def _at_operator(self) -> bool:
        return any(self.text.startswith(o, self.pos) for o in OPERATORS)

    def _split_path(self, path: str) -> tuple[str, tuple[str, ...], tuple[str, ...]]:
        if not path:
            raise self.fail("attribute name expected")
        main, _, rest = path.partition("[")
        keys = tuple(k.rstrip("]") for k in rest.split("[")) if rest else ()
        if "://" in main:  # a full IRI keeps its dots
            return self.ctx.canonical(main), (), keys
        first, *sub = main.split(".")
        return self.ctx.canonical(first), tuple(sub), keys

    def _read_value(self) -> str:
        start, quoted = self.pos, False
        while self.pos < len(self.text):
            ch = self.peek()
            if ch == '"':
                quoted = not quoted
            elif ch == "\\" and quoted:
                self.pos += 1  # an escaped character, e.g. \" inside a string
            elif not quoted and ch in ";|)":
                break
            self.pos += 1
        if quoted:
            raise self.fail("unterminated string")
        raw = self.text[start : self.pos]
        if not raw:
            raise self.fail("value expected")
        return raw

    def _value(self, raw: str, op: str) -> Any:
        if op in ("==", "!=") and ".." in raw and not raw.startswith('"'):
            lo, _, hi = raw.partition("..")
            return ("range", self._literal(lo), self._literal(hi))
        if op in ("==", "!=") and "," in raw:
            return ("list", [self._literal(p) for p in _split_list(raw)])
        value = self._literal(raw)
        if op not in ("==", "!=") and isinstance(value, str) and not raw.strip().startswith('"'):
            raise self.fail(f"{op} compares with a number, a date-time or a quoted string, not {raw!r}")
        return value

    def _literal(self, raw: str) -> Any:
        raw = raw.strip()
        if raw.startswith('"'):
            return _unquote(raw)
        if raw in ("true", "false"):
            return raw == "true"
        if _NUMBER.match(raw):
            return float(raw) if any(c in raw for c in ".eE") else int(raw)
        if _DATETIME.match(raw):
            text = raw + "T00:00:00Z" if len(raw) == 10 else raw  # a bare date means its UTC midnight
            try:
                return parse_aware(text)
            except (ValueError, OverflowError) as exc:  # Overflow: a zone pushes year 1 or 9999 out of range
                raise self.fail(str(exc) or "date out of range") from exc
        return raw


def _unquote(raw: str) -> str:
    raw = raw.strip()
    if len(raw) >= 2 and raw[0] == raw[-1] == '"':
        return raw[1:-1].replace('\\"', '"')  # only \" : a pattern keeps its own backslashes
    return raw


def _split_list(raw: str) -> list[str]:
    parts, buf, quoted, escaped = [], "", False, False
    for ch in raw:
        if ch == '"' and not escaped:
            quoted = not quoted
        escaped = quoted and ch == "\\" and not escaped
        if ch == "," and not quoted:
            parts.append(buf)
            buf = ""
        else:
            buf += ch
    return parts + [buf]


def parse(text: str, ctx: LdContext) -> Node:
    """A parsed q expression; 400 BadRequestData naming `q` when it is malformed or too big."""
    if not isinstance(text, str):
        raise bad_data("q", "must be text")
    if not text.strip():
        raise bad_data("q", "must not be empty")
    if len(text) > MAX_LENGTH:
        raise bad_data("q", f"at most {MAX_LENGTH} characters")
    return _Parser(text.strip(), ctx).parse()


def matches(node: Node, attrs: dict[str, Any]) -> bool:
    """True if an entity's attributes satisfy the query."""
    if isinstance(node, Logic):
        test = all if node.op == "and" else any
        return test(matches(part, attrs) for part in node.parts)
    value = _resolve(node, attrs)
    if value is _MISSING:
        return False
    if node.op is None:
        return True
    return _compare(node.op, value, node.value)


def _resolve(term: Term, attrs: dict[str, Any]) -> Any:
    attr = attrs.get(term.name, _MISSING)
    for seg in term.subpath:
        if isinstance(attr, list):
            attr = attr[0] if attr else _MISSING
        if not isinstance(attr, dict):
            return _MISSING
        attr = attr.get(seg, _MISSING)
        if seg in _META:
            return _typed(attr)
    if attr is _MISSING:
        return _MISSING
    value = plain_value(attr)
    for key in term.keys:
        if not isinstance(value, dict) or key not in value:
            return _MISSING
        value = value[key]
    return _typed(value)


def _typed(value: Any) -> Any:
    return value["@value"] if isinstance(value, dict) and "@value" in value else value


def _compare(op: str, value: Any, literal: Any) -> bool:
    if op in ("~=", "!~="):
        found = isinstance(value, str) and literal.search(value) is not None
        return found if op == "~=" else not found
    if op in ("==", "!="):
        equal = _equals(value, literal)
        return equal if op == "==" else not equal
    items = value if isinstance(value, list) else [value]
    return any(_ordered(op, v, literal) for v in items)


def _equals(value: Any, literal: Any) -> bool:
    if isinstance(value, list):
        return any(_equals(v, literal) for v in value)
    if isinstance(literal, tuple) and literal[0] == "range":
        return _ordered(">=", value, literal[1]) and _ordered("<=", value, literal[2])
    if isinstance(literal, tuple) and literal[0] == "list":
        return any(_equals(value, item) for item in literal[1])
    left, right = _coerce(value, literal)
    return left is not None and left == right


def _ordered(op: str, value: Any, literal: Any) -> bool:
    left, right = _coerce(value, literal)
    if left is None:
        return False
    try:
        return {">": left > right, ">=": left >= right, "<": left < right, "<=": left <= right}[op]
    except TypeError:
        return False


def _coerce(value: Any, literal: Any) -> tuple[Any, Any]:
    """Bring a stored value and a literal to comparable types, or (None, None)."""
    if isinstance(literal, datetime):
        if isinstance(value, str):
            try:
                return parse_aware(value), literal
            except ValueError:
                return None, None
        return None, None
    if isinstance(literal, bool) or isinstance(value, bool):
        return (value, literal) if isinstance(value, bool) and isinstance(literal, bool) else (None, None)
    if isinstance(literal, (int, float)):
        return (value, literal) if isinstance(value, (int, float)) else (None, None)
    if isinstance(value, (int, float)) and isinstance(literal, str):
        return None, None
    return value, literal
