"""Docs that tests keep true: the README's settings, commands and guides, and developing.md's map of the code.

Each test names what is missing or wrong, so a change to the code that the docs do not follow fails here.
"""

from __future__ import annotations

import importlib
import re
from pathlib import Path

import click
import pytest

from ioc import plugins
from ioc.cli import build_cli
from ioc.config import Settings
from ioc.registry import HOOKS

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")
DEVELOPING = (ROOT / "docs" / "developing.md").read_text(encoding="utf-8")
BACKTICKED = re.compile(r"`([^`\n]+)`")


def _section(text: str, title: str) -> str:
    """The body of a `## title` section, up to the next heading of the same level."""
    match = re.search(rf"^## {re.escape(title)}\n(.*?)(?=^## |\Z)", text, re.M | re.S)
    assert match, f"no '## {title}' section"
    return match.group(1)


def _tables(text: str, first_header: str) -> list[list[list[str]]]:
    """Markdown tables whose first header cell is `first_header`, as rows of cells (header and rule left out)."""
    tables, current = [], None
    for line in text.splitlines():
        if not line.startswith("|"):
            current = None
            continue
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if current is None:
            current = [] if cells[0] == first_header else None
            if current is not None:
                tables.append(current)
        elif not set(line) <= set("|-: "):
            current.append(cells)
    return tables


def _env_names(cls: type) -> set[str]:
    """The environment variables a pydantic-settings class reads, one per field."""
    prefix = cls.model_config.get("env_prefix", "")
    names = set()
    for name, field in cls.model_fields.items():
        alias = field.validation_alias if isinstance(field.validation_alias, str) else field.alias
        names.add((alias or f"{prefix}{name}").upper())
    return names


def _settings_classes() -> list[type]:
    return [Settings, *plugins.default_registry().settings]


def _documented_settings() -> set[str]:
    rows = [row for table in _tables(README, "setting") for row in table]
    assert rows, "the README has no settings table (| setting | meaning | default |)"
    return {name for row in rows for name in BACKTICKED.findall(row[0]) if name.startswith("IOC_")}


def test_every_setting_is_in_the_readme_settings_table() -> None:
    documented = _documented_settings()
    for cls in _settings_classes():
        missing = sorted(_env_names(cls) - documented)
        assert not missing, f"{cls.__name__}: add to the README's settings table: {', '.join(missing)}"


def test_the_readme_settings_table_names_only_real_settings() -> None:
    known = set().union(*(_env_names(cls) for cls in _settings_classes()))
    unknown = sorted(_documented_settings() - known)
    assert not unknown, f"the README documents settings that no settings class reads: {', '.join(unknown)}"


def _leaf_commands(group: click.Group, path: tuple[str, ...] = ()) -> set[tuple[str, ...]]:
    ctx = click.Context(group)
    out: set[tuple[str, ...]] = set()
    for name in group.list_commands(ctx):
        command = group.get_command(ctx, name)
        if isinstance(command, click.Group):
            out |= _leaf_commands(command, (*path, name))
        else:
            out.add((*path, name))
    return out


def _resolve(root: click.Group, words: list[str]) -> tuple[tuple[str, ...], click.Command]:
    """The longest command path the words start with, and the command it ends at."""
    path: list[str] = []
    command: click.Command = root
    for word in words:
        if not isinstance(command, click.Group):
            break
        sub = command.get_command(click.Context(command), word)
        if sub is None:
            break
        path.append(word)
        command = sub
    return tuple(path), command


def _readme_commands(root: click.Group) -> tuple[set[tuple[str, ...]], list[str]]:
    """Command paths the README's command block documents, and its lines that name no command.

    A line reads `ioc <group> <command> [args] | <sibling> [args] | ...`: each `|` between spaces
    starts another command of the same group (`ioc db upgrade | current`).
    """
    block = re.search(r"```\n(.*?)```", _section(README, "The command line"), re.S)
    assert block, "the README's 'The command line' section has no code block"
    leaves, documented, wrong = _leaf_commands(root), set(), []
    for line in block.group(1).splitlines():
        if not line.startswith("ioc "):
            continue
        first, *siblings = line.split(" | ")
        path, command = _resolve(root, first.split()[1:])
        if isinstance(command, click.Group) or not path:
            wrong.append(line)
            continue
        documented.add(path)
        for alternative in siblings:
            sibling = (*path[:-1], *alternative.split()[:1])
            if sibling in leaves:
                documented.add(sibling)
            else:
                wrong.append(line)
    return documented, wrong


def test_every_command_is_in_the_readme() -> None:
    root = build_cli()
    documented, _ = _readme_commands(root)
    missing = sorted(" ".join(("ioc", *p)) for p in _leaf_commands(root) - documented)
    assert not missing, f"add to the README's command line: {', '.join(missing)}"


def test_the_readme_command_block_names_only_real_commands() -> None:
    _, wrong = _readme_commands(build_cli())
    assert not wrong, f"these README lines name no command of `ioc`: {wrong}"


def test_every_guide_is_in_the_readme() -> None:
    listed = set(re.findall(r"`(docs/[^`]+\.md)`", _section(README, "Documentation")))
    guides = {f"docs/{p.name}" for p in (ROOT / "docs").glob("*.md")}
    assert not guides - listed, f"add to the README's Documentation list: {sorted(guides - listed)}"
    assert not listed - guides, f"the README lists guides that do not exist: {sorted(listed - guides)}"


# A file or folder of the repository: under src/, tests/, bench/, docs/ or scripts/, or a module
# file of the package (`ioc/plugins.py`); `ioc/v1/stations` (an MQTT topic) is not a path.
PATH = re.compile(r"^(?:(?:src|tests|bench|docs|scripts)/[\w./-]*|ioc/[\w/-]+(?:\.\w+|/))$")


@pytest.mark.parametrize("doc", ["docs/developing.md", "README.md"])
def test_files_named_in_the_docs_exist(doc: str) -> None:
    text = (ROOT / doc).read_text(encoding="utf-8")
    named = {p for p in BACKTICKED.findall(text) if PATH.match(p)}
    missing = sorted(p for p in named if not ((ROOT / p).exists() or (ROOT / "src" / p).exists()))
    assert not missing, f"{doc} names files that do not exist: {missing}"


def _resolves(dotted: str) -> bool:
    parts = dotted.split(".")
    for cut in range(len(parts), 0, -1):
        try:
            target = importlib.import_module(".".join(parts[:cut]))
        except ModuleNotFoundError:
            continue
        for name in parts[cut:]:
            if not hasattr(target, name):
                return False
            target = getattr(target, name)
        return True
    return False


def test_modules_and_names_in_developing_md_exist() -> None:
    dotted = {re.split(r"[(\s]", token)[0] for token in BACKTICKED.findall(DEVELOPING) if token.startswith("ioc.")}
    wrong = sorted(d for d in dotted if "<" not in d and not _resolves(d))
    assert not wrong, f"docs/developing.md names modules or attributes that do not exist: {wrong}"


def test_the_hook_table_of_developing_md_follows_the_registry() -> None:
    rows = [row for table in _tables(DEVELOPING, "hook") for row in table]
    table = {row[0].strip("`"): row[1] for row in rows}
    assert set(table) == set(HOOKS), (
        f"docs/developing.md's hook table: add {sorted(set(HOOKS) - set(table))}, "
        f"remove {sorted(set(table) - set(HOOKS))}"
    )
    differ = {
        name: (table[name], text)
        for name, text in HOOKS.items()
        if table[name].replace("`", "") != text.replace("`", "")
    }
    assert not differ, f"the hook table says something else than ioc.registry.HOOKS: {differ}"
