"""The front end's rules (docs/decisions/0007): one shared module set, no helper defined twice, no inline
script in any template, every page script an ES module whose imports exist."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from ioc.web.paths import STATIC_DIR

SRC = Path(__file__).resolve().parents[2] / "src" / "ioc"
JS_DIR = STATIC_DIR / "js"
SHARED_DIR = JS_DIR / "ioc"
JS_FILES = sorted(JS_DIR.rglob("*.js"))
TEMPLATES = sorted(SRC.rglob("templates/**/*.html"))
STATUS_KEYS = "on_track|at_risk|off_track|no_data|ok|warn|bad|nodata|online|stale|offline|never"


def _text(path: Path) -> str:
    return path.read_text(encoding="utf-8")


def _rel(path: Path) -> str:
    return str(path.relative_to(JS_DIR))


def _defining(name: str) -> list[str]:
    """JS files that define `name` (a function, or a const/let/var bound to something)."""
    pattern = re.compile(rf"(?:\bfunction\s+{name}\b|\b(?:const|let|var)\s+{name}\s*=)")
    return [_rel(p) for p in JS_FILES if pattern.search(_text(p))]


def _containing(pattern: str, files) -> list[str]:
    regex = re.compile(pattern)
    return [str(p) for p in files if regex.search(_text(p))]


def test_the_shared_modules_exist():
    names = {p.name for p in SHARED_DIR.glob("*.js")}
    assert {"dom.js", "live.js", "api.js", "wards.js", "status.js", "map.js", "refresh.js"} <= names


@pytest.mark.parametrize(
    "helper",
    [
        "escapeHtml",
        "debounce",
        "formatNumber",
        "formatTime",
        "ago",
        "ink",
        "getJSON",
        "createMap",
        "wardGeoJSON",
        "subscribe",
        "toneColor",
    ],
)
def test_a_helper_is_defined_in_one_file_only(helper):
    assert len(_defining(helper)) == 1, _defining(helper)


def test_no_page_module_redefines_a_shared_export():
    exported = {
        name
        for p in SHARED_DIR.glob("*.js")
        for name in re.findall(r"export (?:async )?(?:function|const|class) (\w+)", _text(p))
    }
    pages = [p for p in JS_FILES if p.parent != SHARED_DIR]
    clashes = {
        name: _rel(p)
        for p in pages
        for name in exported
        if re.search(rf"(?:\bfunction\s+{name}\b|\b(?:const|let|var)\s+{name}\s*=)", _text(p))
    }
    assert clashes == {}


def test_html_escaping_lives_in_one_place():
    # A copy under another name (`esc`, `escape`) still carries the character class it escapes.
    assert _containing(r"""/\[&<>"']/g""", JS_FILES) == [str(SHARED_DIR / "dom.js")]


def test_the_ward_geojson_is_fetched_from_one_module():
    assert _containing(r"/api/v1/areas/geojson", JS_FILES) == [str(SHARED_DIR / "wards.js")]
    assert _containing(r"/api/v1/areas/geojson", TEMPLATES) == []


def test_no_status_colour_table_in_any_script():
    # Colours of statuses are the CSS tokens (--ok, --warn, …); labels and tones come from the server.
    table = rf"""\b(?:{STATUS_KEYS})\s*:\s*["'`](?:#[0-9a-fA-F]{{3,8}}|var\(--|rgb)"""
    assert _containing(table, JS_FILES) == []


def test_every_script_is_an_es_module_without_globals():
    for path in JS_FILES:
        text = _text(path)
        assert "(function () {" not in text and "window.IOC" not in text, _rel(path)
        assert "import " in text or path.parent == SHARED_DIR, _rel(path)


def test_every_import_resolves_to_a_file():
    for path in JS_FILES:
        for target in re.findall(r"""(?:^|\n)\s*import\s[^;]*?["'](\.{1,2}/[^"']+)["']""", _text(path)):
            assert (path.parent / target).resolve().is_file(), f"{_rel(path)} imports {target}"


def test_templates_hold_no_inline_script_nor_event_handler():
    for path in TEMPLATES:
        text = _text(path)
        for tag in re.findall(r"<script\b[^>]*>", text):
            assert "src=" in tag or 'type="application/json"' in tag, f"{path.name}: {tag}"
        assert not re.search(r"<[^>]*\son[a-z]+\s*=", text), path.name
        assert "javascript:" not in text, path.name


def test_templates_load_page_scripts_as_modules_that_exist():
    for path in TEMPLATES:
        for tag in re.findall(r"<script\b[^>]*src=\"\{\{ asset\('js/[^']+'\) \}\}\"[^>]*>", _text(path)):
            assert 'type="module"' in tag, f"{path.name}: {tag}"
            src = re.search(r"asset\('(js/[^']+)'\)", tag).group(1)
            assert (STATIC_DIR / src).is_file(), f"{path.name}: {src}"


def test_templates_link_static_files_through_asset():
    # asset() fingerprints the URL (cached for a year); a bare /static/ URL would be revalidated on every page.
    assert _containing(r"[\"']/static/", TEMPLATES) == []
    for path in TEMPLATES:
        for name in re.findall(r"asset\('([^']+)'\)", _text(path)):
            assert (STATIC_DIR / name).is_file() or name.startswith("vendor/"), f"{path.name}: {name}"


def test_no_htmx_left():
    assert _containing(r"hx-[a-z]+=|htmx", TEMPLATES) == []
