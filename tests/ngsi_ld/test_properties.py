"""Property-based tests of the NGSI-LD q language: random valid expressions parse and evaluate
as a plain Python reading of them says, and random junk is a 400 naming q, never a crash;
the check of stored values refuses exactly the payloads too deep or holding a NUL."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from ioc.ngsi_ld import qlang
from ioc.ngsi_ld.context import LdContext
from ioc.ngsi_ld.errors import NgsiProblem
from ioc.ngsi_ld.limits import MAX_DEPTH, check_json

CTX = LdContext()
FEW = settings(max_examples=200, deadline=None)
BASE_TIME = datetime(2026, 11, 20, tzinfo=UTC)
numbers = st.integers(-1000, 1000) | st.floats(-1e6, 1e6, allow_nan=False).map(lambda f: round(f, 3))
words = st.text(alphabet="abcơđệ XZ09;|(),=<>~!.[]'\"", max_size=8)
# Patterns a caller may send (RE2 and Python agree on these), and their text to match.
PATTERNS = ["^a", "a.*Z", "[0-9]+", "ơ|đ", "(.*.*)*XZ", "^$", r"\(", "X{2}"]
times = st.integers(0, 48).map(lambda h: BASE_TIME + timedelta(hours=h))


def iso(t: datetime) -> str:
    return t.isoformat().replace("+00:00", "Z")


def num(value) -> str:
    return repr(value)


@st.composite
def entities(draw) -> dict:
    """Attribute values of one entity (None: the attribute is missing)."""
    return {
        "temperature": draw(st.none() | numbers),
        "category": draw(st.none() | words),
        "battery": draw(st.none() | st.integers(0, 100)),
        "ok": draw(st.none() | st.booleans()),
        "seen": draw(st.none() | times),
    }


def as_attrs(values: dict) -> dict:
    """The normalized attributes stored for those values."""
    attrs = {}
    if values["temperature"] is not None:
        attrs["temperature"] = {"type": "Property", "value": values["temperature"]}
        if values["seen"] is not None:
            attrs["temperature"]["observedAt"] = iso(values["seen"])
    if values["category"] is not None:
        attrs["category"] = {"type": "Property", "value": values["category"]}
    status = {k: values[k] for k in ("battery", "ok") if values[k] is not None}
    if status:
        attrs["status"] = {"type": "Property", "value": status}
    return attrs


def quoted(text: str) -> str:
    return '"' + text.replace('"', '\\"') + '"'


def _present(key):
    return lambda v: v[key] is not None


def _seen(v):
    return v["temperature"] is not None and v["seen"] is not None


# Each term: (q text, reference predicate over the entity's values).
TERMS = [
    numbers.map(lambda n: (f"temperature>{num(n)}", lambda v: _present("temperature")(v) and v["temperature"] > n)),
    numbers.map(lambda n: (f"temperature<={num(n)}", lambda v: _present("temperature")(v) and v["temperature"] <= n)),
    numbers.map(lambda n: (f"temperature!={num(n)}", lambda v: _present("temperature")(v) and v["temperature"] != n)),
    st.tuples(numbers, numbers)
    .map(sorted)
    .map(
        lambda r: (
            f"temperature=={num(r[0])}..{num(r[1])}",
            lambda v: _present("temperature")(v) and r[0] <= v["temperature"] <= r[1],
        )
    ),
    st.lists(numbers, min_size=2, max_size=4).map(
        lambda ns: (
            "temperature==" + ",".join(num(n) for n in ns),
            lambda v: _present("temperature")(v) and v["temperature"] in ns,
        )
    ),
    words.map(lambda w: (f"category=={quoted(w)}", lambda v: v["category"] == w)),
    words.map(lambda w: (f"category!={quoted(w)}", lambda v: _present("category")(v) and v["category"] != w)),
    st.sampled_from(PATTERNS).map(
        lambda p: (
            f"category~={quoted(p)}",
            lambda v: _present("category")(v) and re.search(p, v["category"]) is not None,
        )
    ),
    st.integers(0, 100).map(
        lambda n: (f"status[battery]>={n}", lambda v: v["battery"] is not None and v["battery"] >= n)
    ),
    st.booleans().map(lambda b: (f"status[ok]=={str(b).lower()}", lambda v: v["ok"] is b)),
    times.map(lambda t: (f"temperature.observedAt<{iso(t)}", lambda v: _seen(v) and v["seen"] < t)),
    st.sampled_from(["temperature", "category", "status"]).map(
        lambda a: (a, lambda v: v["battery"] is not None or v["ok"] is not None if a == "status" else v[a] is not None)
    ),
]


def _combine(parts: list, op: str) -> tuple:
    texts = [f"({t})" if op == ";" else t for t, _ in parts]
    preds = [p for _, p in parts]
    test = all if op == ";" else any
    return op.join(texts), lambda v: test(p(v) for p in preds)


expressions = st.recursive(
    st.one_of(*TERMS),
    lambda inner: st.tuples(st.lists(inner, min_size=2, max_size=3), st.sampled_from([";", "|"])).map(
        lambda args: _combine(*args)
    ),
    max_leaves=6,
)


@FEW
@given(expressions, st.lists(entities(), min_size=1, max_size=4))
def test_valid_expressions_evaluate_as_their_plain_reading(expression, population):
    text, reference = expression
    query = qlang.parse(text, CTX)
    for values in population:
        assert qlang.matches(query, as_attrs(values)) == reference(values), (text, values)


@FEW
@given(expressions, entities())
def test_parentheses_and_whitespace_do_not_change_the_meaning(expression, values):
    text, _ = expression
    plain = qlang.matches(qlang.parse(text, CTX), as_attrs(values))
    assert qlang.matches(qlang.parse(f"  (({text}))  ", CTX), as_attrs(values)) == plain


def _parse_or_problem(text: str):
    try:
        return qlang.parse(text, CTX)
    except NgsiProblem as problem:
        assert problem.status == 400 and problem.error == "BadRequestData"
        assert problem.detail.startswith("q: ")
        return None


@FEW
@given(st.text(max_size=60) | st.text(alphabet='abc.[]()";|=!<>~,0123456789-:TZ \\', max_size=40), entities())
def test_junk_is_a_400_naming_q_and_whatever_parses_evaluates(text, values):
    query = _parse_or_problem(text)
    if query is not None:
        assert qlang.matches(query, as_attrs(values)) in (True, False)


@settings(max_examples=50, deadline=None)
@given(st.integers(1, 6000), st.sampled_from(["(", "((a==1)|", "a==1;("]))
def test_deep_or_long_input_is_a_400_not_a_recursion_error(repeat, unit):
    _parse_or_problem(unit * repeat + "a==1" + ")" * repeat)


def _depth(value) -> int:
    if isinstance(value, dict):
        return 1 + max((_depth(v) for v in value.values()), default=0)
    if isinstance(value, list):
        return 1 + max((_depth(v) for v in value), default=0)
    return 0


def _has_nul(value) -> bool:
    if isinstance(value, str):
        return "\x00" in value
    if isinstance(value, dict):
        return any("\x00" in k or _has_nul(v) for k, v in value.items())
    return isinstance(value, list) and any(_has_nul(v) for v in value)


texts = st.text(alphabet="a\x00\\u0{[", max_size=6)
payloads = st.recursive(
    st.none() | st.integers() | texts,
    lambda inner: st.lists(inner, max_size=2) | st.dictionaries(texts, inner, max_size=2),
    max_leaves=40,
)


@FEW
@given(payloads, st.integers(0, 40))
def test_stored_value_check_refuses_exactly_deep_or_nul_payloads(value, wrap):
    for _ in range(wrap):
        value = [value]
    try:
        check_json(value, "v")
        refused = False
    except NgsiProblem as problem:
        assert problem.status == 400 and problem.detail.startswith("v: ")
        refused = True
    assert refused == (_depth(value) > MAX_DEPTH or _has_nul(value))
