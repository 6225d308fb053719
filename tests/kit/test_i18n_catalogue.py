"""One catalogue: a Vietnamese text has the same English in every domain's locale/en.json."""

from __future__ import annotations

import json
from collections import defaultdict
from pathlib import Path

import ioc

PACKAGE = Path(ioc.__file__).resolve().parent


def conflicts(lang: str = "en") -> dict[str, dict[str, str]]:
    """Vietnamese keys translated differently by two domains: key -> {domain: translation}."""
    seen: dict[str, dict[str, str]] = defaultdict(dict)
    for path in sorted(PACKAGE.glob(f"*/locale/{lang}.json")):
        for key, text in json.loads(path.read_text(encoding="utf-8")).items():
            seen[key][path.parent.parent.name] = text
    return {k: v for k, v in seen.items() if len(set(v.values())) > 1}


def test_no_vietnamese_text_has_two_english_translations():
    found = conflicts()
    lines = [f"{key!r}: {domains}" for key, domains in sorted(found.items())]
    assert not found, "the merged catalogue keeps only one of these; give one English or a distinct key:\n" + "\n".join(
        lines
    )


def test_the_check_sees_a_conflict(tmp_path, monkeypatch):
    for domain, text in (("a", "Close"), ("b", "Ended")):
        (tmp_path / domain / "locale").mkdir(parents=True)
        (tmp_path / domain / "locale" / "en.json").write_text(json.dumps({"Kết thúc": text}), encoding="utf-8")
    monkeypatch.setattr(__import__(__name__, fromlist=["PACKAGE"]), "PACKAGE", tmp_path)
    assert conflicts() == {"Kết thúc": {"a": "Close", "b": "Ended"}}
