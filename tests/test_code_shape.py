"""The house rules on the shape of the code, and the import contracts covering every domain.

Files under src/ioc have at most 400 lines and functions at most 40 (from the `def` line to the last line
of the body, docstring included; decorators not counted), so each stays readable in one screen.
"""

from __future__ import annotations

import ast
import tomllib
from pathlib import Path

from ioc.plugins import DOMAINS

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "src" / "ioc"
MAX_FILE_LINES = 400
MAX_FUNCTION_LINES = 40
# Functions allowed to be longer, by path prefix, each with the reason it cannot be split now.
LONG_FUNCTIONS_ALLOWED = {
    "src/ioc/migrations/versions/": "applied migrations are history: their upgrade() is not rewritten"
}


def _sources() -> list[Path]:
    return sorted(PACKAGE.rglob("*.py"))


def _name(path: Path) -> str:
    return path.relative_to(ROOT).as_posix()


def test_files_are_at_most_400_lines() -> None:
    long = {_name(p): n for p in _sources() if (n := len(p.read_text(encoding="utf-8").splitlines())) > MAX_FILE_LINES}
    assert not long, f"split these files (lines): {long}"


def test_functions_are_at_most_40_lines() -> None:
    long = {}
    for path in _sources():
        if any(_name(path).startswith(prefix) for prefix in LONG_FUNCTIONS_ALLOWED):
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                lines = node.end_lineno - node.lineno + 1
                if lines > MAX_FUNCTION_LINES:
                    long[f"{_name(path)}:{node.lineno} {node.name}"] = lines
    assert not long, f"split these functions (lines): {long}"


def _contracts() -> list[dict]:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    return config["tool"]["importlinter"]["contracts"]


def test_the_import_contracts_name_every_domain() -> None:
    domains = {f"ioc.{d}" for d in DOMAINS if d != "kit"}  # the kit is shared: anyone may import it
    contracts = _contracts()
    between = [c for c in contracts if c["type"] == "independence"]
    assert [set(c["modules"]) for c in between] == [domains], "the independence contract must list every domain"
    no_domain = [c for c in contracts if "ioc.kit" in c.get("source_modules", [])]
    assert [set(c["forbidden_modules"]) for c in no_domain] == [domains], "ioc.kit and ioc.db must import no domain"
    plugins = {
        c["source_modules"][0]: set(c["forbidden_modules"])
        for c in contracts
        if c.get("source_modules", [""])[0].endswith(".plugin")
    }
    expected = {f"ioc.{d}.plugin": {f"ioc.{o}" for o in DOMAINS if o != d} for d in DOMAINS}
    assert plugins == expected, "each domain's plugin.py needs a contract forbidding every other domain"
