"""Every icon a menu entry or a sector card names is drawn by the sprite (a missing one leaves a blank gap)."""

from __future__ import annotations

import re
from pathlib import Path

import ioc
from ioc.plugins import build_registry
from ioc.sectors.catalogue import SECTORS

SPRITE = Path(ioc.__file__).resolve().parent / "web" / "static" / "icons.svg"


def test_every_named_icon_is_in_the_sprite():
    symbols = set(re.findall(r'<symbol id="([^"]+)"', SPRITE.read_text(encoding="utf-8")))
    named = {item.icon for item in build_registry().nav} | {s.icon for s in SECTORS.values()}
    assert named - symbols == set()
