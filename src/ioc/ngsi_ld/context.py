"""JSON-LD @context handling for the core terms only; nothing is ever fetched.

Attribute names and entity types are stored in a canonical short form: the core context's
term for a core IRI, the bare name for an IRI of the default vocabulary, the full IRI
otherwise. With no user terms in play the canonical form of a plain name is the name itself.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

CORE_CONTEXT_URL = "https://uri.etsi.org/ngsi-ld/v1/ngsi-ld-core-context-v1.8.jsonld"
CORE_CONTEXT_URLS = {
    CORE_CONTEXT_URL,
    "https://uri.etsi.org/ngsi-ld/v1/ngsi-ld-core-context.jsonld",
    "https://uri.etsi.org/ngsi-ld/v1/ngsi-ld-core-context-v1.6.jsonld",
    "https://uri.etsi.org/ngsi-ld/v1/ngsi-ld-core-context-v1.7.jsonld",
}
DEFAULT_VOCAB = "https://uri.etsi.org/ngsi-ld/default-context/"
JSONLD_CONTEXT_REL = "http://www.w3.org/ns/json-ld#context"
_CONTEXT_FILE = Path(__file__).with_name("core-context.jsonld")
_ABSOLUTE_IRI = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*://")
_LINK = re.compile(r"<([^>]*)>\s*((?:;\s*[^;,]+)*)")


class ContextError(ValueError):
    """An @context or Link header that cannot be used."""


@lru_cache
def core_context() -> dict[str, Any]:
    """The bundled core @context document."""
    return json.loads(_CONTEXT_FILE.read_text(encoding="utf-8"))


@lru_cache
def _core_terms() -> tuple[dict[str, str], dict[str, str]]:
    ctx = core_context()["@context"]
    prefixes = {k: v for k, v in ctx.items() if isinstance(v, str) and v.endswith(("/", "#"))}
    forward: dict[str, str] = {}
    for term, value in ctx.items():
        if term.startswith("@") or term in prefixes or term in ("id", "type"):
            continue
        iri = value["@id"] if isinstance(value, dict) else value
        forward[term] = _expand_prefix(iri, prefixes)
    return forward, {iri: term for term, iri in forward.items()}


def _expand_prefix(value: str, prefixes: dict[str, str]) -> str:
    prefix, sep, rest = value.partition(":")
    if sep and not rest.startswith("//") and prefix in prefixes:
        return prefixes[prefix] + rest
    return value


def _core_prefixes() -> dict[str, str]:
    ctx = core_context()["@context"]
    return {"ngsi-ld": ctx["ngsi-ld"], "geojson": ctx["geojson"]}


def canonical_from_iri(iri: str) -> str:
    """The stored name of an expanded IRI."""
    _, reverse = _core_terms()
    if iri in reverse:
        return reverse[iri]
    if iri.startswith(DEFAULT_VOCAB):
        return iri[len(DEFAULT_VOCAB) :]
    return iri


def iri_from_canonical(name: str) -> str:
    """The expanded IRI of a stored name."""
    forward, _ = _core_terms()
    if name in forward:
        return forward[name]
    return name if ":" in name else DEFAULT_VOCAB + name


@dataclass
class LdContext:
    """The @context of one request: user term mappings on top of the core context."""

    terms: dict[str, str] = field(default_factory=dict)
    source: Any = None  # what the client sent (echoed back in application/ld+json answers)
    link_url: str | None = None

    def expand(self, term: str) -> str:
        """The full IRI of a term as this request means it."""
        if term in self.terms:
            return self.terms[term]
        forward, _ = _core_terms()
        if term in forward:
            return forward[term]
        if _ABSOLUTE_IRI.match(term):
            return term
        prefixed = _expand_prefix(term, {**_core_prefixes(), **self._prefixes()})
        return prefixed if prefixed != term else DEFAULT_VOCAB + term

    def canonical(self, term: str) -> str:
        """The stored name of a term sent in this request."""
        if not self.terms and ":" not in term:
            return term
        return canonical_from_iri(self.expand(term))

    def compact(self, name: str) -> str:
        """The term this request's context uses for a stored name."""
        if not self.terms:
            return name
        iri = iri_from_canonical(name)
        for term, value in self.terms.items():
            if value == iri:
                return term
        return name

    def _prefixes(self) -> dict[str, str]:
        return {k: v for k, v in self.terms.items() if v.endswith(("/", "#"))}

    def response_context(self) -> Any:
        """The @context to put in an application/ld+json answer."""
        return self.source if self.source is not None else CORE_CONTEXT_URL

    def link_header(self) -> str:
        """The Link header for an application/json answer."""
        url = self.link_url or CORE_CONTEXT_URL
        return f'<{url}>; rel="{JSONLD_CONTEXT_REL}"; type="application/ld+json"'


CORE = LdContext()


def from_inline(value: Any) -> LdContext:
    """A request context from an @context member (a URL, an object, or an array of them)."""
    items = value if isinstance(value, list) else [value]
    terms: dict[str, str] = {}
    for item in items:
        if isinstance(item, str):
            continue  # remote contexts are never fetched: their terms fall to the default vocabulary
        if not isinstance(item, dict):
            raise ContextError("@context: each entry must be a URL string or an object")
        terms.update(_terms_of(item))
    prefixes = {k: v for k, v in terms.items() if v.endswith(("/", "#"))}
    terms = {k: _expand_prefix(v, {**_core_prefixes(), **prefixes}) for k, v in terms.items()}
    return LdContext(terms=terms, source=value)


def _terms_of(obj: dict[str, Any]) -> dict[str, str]:
    out: dict[str, str] = {}
    for term, value in obj.items():
        if term.startswith("@"):
            continue
        iri = value.get("@id") if isinstance(value, dict) else value
        if isinstance(iri, str) and not iri.startswith("@"):
            out[term] = iri
    return out


def from_link_header(header: str | None) -> LdContext:
    """A request context from a Link header (only the URL is kept; it is not fetched)."""
    if not header:
        return CORE
    for url, params in _LINK.findall(header):
        if JSONLD_CONTEXT_REL in params:
            return LdContext(source=url, link_url=url)
    raise ContextError(f'Link: no rel="{JSONLD_CONTEXT_REL}" entry in {header!r}')
