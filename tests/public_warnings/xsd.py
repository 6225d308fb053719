"""A small XML Schema validator for the constructs the CAP 1.2 schema uses (no schema package is installed).

It reads tests/data/cap/CAP-v1.2.xsd and checks an instance against it: element order and
cardinality in sequences, `any ##other`, references to global elements, enumerations, patterns and
the built-in types dateTime, decimal, integer, anyURI, language and string.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from xml.etree import ElementTree as ET

XS = "{http://www.w3.org/2001/XMLSchema}"
CAP_XSD = Path(__file__).parents[1] / "data" / "cap" / "CAP-v1.2.xsd"
BUILTIN = {
    "string": lambda v: True,
    "dateTime": lambda v: bool(re.fullmatch(r"-?\d{4,}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)?", v)),
    "decimal": lambda v: bool(re.fullmatch(r"[+-]?(\d+(\.\d*)?|\.\d+)", v)),
    "integer": lambda v: bool(re.fullmatch(r"[+-]?\d+", v)),
    "anyURI": lambda v: " " not in v,
    "language": lambda v: bool(re.fullmatch(r"[a-zA-Z]{1,8}(-[a-zA-Z0-9]{1,8})*", v)),
}


@dataclass
class Decl:
    """An element declaration: its name, occurrences, and either children or a simple type."""

    name: str
    min: int = 1
    max: float = 1
    children: list[Decl] | None = None
    any_other: bool = False
    base: str = "string"
    enum: list[str] = field(default_factory=list)
    patterns: list[str] = field(default_factory=list)


def _occurs(node: ET.Element, decl: Decl) -> Decl:
    decl.min = int(node.get("minOccurs", "1"))
    raw = node.get("maxOccurs", "1")
    decl.max = float("inf") if raw == "unbounded" else int(raw)
    return decl


def _decl(node: ET.Element, globals_: dict[str, ET.Element]) -> Decl:
    if node.get("ref"):
        target = _decl(globals_[node.get("ref").split(":")[-1]], globals_)
        return _occurs(node, target)
    decl = _occurs(node, Decl(node.get("name")))
    if node.get("type"):
        decl.base = node.get("type").split(":")[-1]
    complex_ = node.find(f"{XS}complexType")
    if complex_ is not None:
        decl.children = []
        for part in complex_.find(f"{XS}sequence"):
            if part.tag == f"{XS}any":
                decl.any_other = True
            elif part.tag == f"{XS}element":
                decl.children.append(_decl(part, globals_))
    restriction = node.find(f"{XS}simpleType/{XS}restriction")
    if restriction is not None:
        decl.base = restriction.get("base").split(":")[-1]
        decl.enum = [e.get("value") for e in restriction.findall(f"{XS}enumeration")]
        decl.patterns = [p.get("value") for p in restriction.findall(f"{XS}pattern")]
    return decl


def load(path: Path = CAP_XSD) -> tuple[str, Decl]:
    """The target namespace and the root element declaration of a schema."""
    schema = ET.parse(path).getroot()
    globals_ = {e.get("name"): e for e in schema.findall(f"{XS}element")}
    return schema.get("targetNamespace"), _decl(globals_["alert"], globals_)


def _simple(decl: Decl, node: ET.Element, where: str, errors: list[str]) -> None:
    text = node.text or ""
    if len(node):
        errors.append(f"{where}: a simple element has child elements")
    if decl.enum and text not in decl.enum:
        errors.append(f"{where}: {text!r} is not one of {decl.enum}")
    for pattern in decl.patterns:
        if not re.fullmatch(pattern, text):
            errors.append(f"{where}: {text!r} does not match {pattern}")
    if not BUILTIN[decl.base](text):
        errors.append(f"{where}: {text!r} is not a valid {decl.base}")
    if decl.base == "dateTime" and not errors:
        datetime.fromisoformat(text)


def _complex(decl: Decl, node: ET.Element, ns: str, where: str, errors: list[str]) -> None:
    if (node.text or "").strip():
        errors.append(f"{where}: text inside a complex element")
    kids, i = list(node), 0
    for child in decl.children or []:
        count = 0
        while i < len(kids) and kids[i].tag == f"{{{ns}}}{child.name}" and count < child.max:
            _check(child, kids[i], ns, f"{where}/{child.name}[{count}]", errors)
            i, count = i + 1, count + 1
        if count < child.min:
            errors.append(f"{where}: missing {child.name}")
    while decl.any_other and i < len(kids) and not kids[i].tag.startswith(f"{{{ns}}}"):
        i += 1
    for extra in kids[i:]:
        errors.append(f"{where}: unexpected element {extra.tag} here")


def _check(decl: Decl, node: ET.Element, ns: str, where: str, errors: list[str]) -> None:
    if decl.children is not None:
        _complex(decl, node, ns, where, errors)
    else:
        _simple(decl, node, where, errors)


def validate(xml: bytes, path: Path = CAP_XSD) -> list[str]:
    """Every way the document breaks the schema (empty when it is valid)."""
    ns, root = load(path)
    node = ET.fromstring(xml)
    if node.tag != f"{{{ns}}}{root.name}":
        return [f"root is {node.tag}, expected {{{ns}}}{root.name}"]
    errors: list[str] = []
    _check(root, node, ns, "/alert", errors)
    return errors
