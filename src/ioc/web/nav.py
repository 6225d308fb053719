"""The navigation frame: each domain declares its entries (`registry.nav`, of `NavItem`)."""

from __future__ import annotations

from ioc.registry import NavItem

MAX_TABS = 5
# The menu's sections, in order: what an IOC does (giám sát, điều hành), the citizens' side, administration.
GROUPS = {"monitor": "Giám sát", "operate": "Điều hành", "citizens": "Phản ánh, dịch vụ", "admin": "Quản trị hệ thống"}


def sections(items: list[NavItem]) -> list[tuple[str, list[NavItem]]]:
    """The entries by menu section (GROUPS order, an unknown group last), each in navigation order."""
    rank = {g: i for i, g in enumerate(GROUPS)}
    keys = sorted({i.group for i in items}, key=lambda g: (rank.get(g, len(rank)), g))
    return [(GROUPS.get(g, g), [i for i in items if i.group == g]) for g in keys]


def tab_bar(items: list[NavItem], limit: int = MAX_TABS) -> tuple[list[NavItem], list[NavItem]]:
    """The phone's bottom tabs and the entries behind its last tab, "Thêm" (more).

    At most `limit` tabs, so each stays wide enough for a thumb and a two-line label. When every
    entry fits, every entry is a tab. Otherwise the entries marked `tab=True` come first, then the
    others by order; the first `limit - 1` become tabs and a "Thêm" tab opens the rest, so no page
    is out of reach on a phone (the side navigation is hidden there). Tabs keep navigation order.
    Entries with `phone=False` (the wall, unreadable on a phone) are left out.
    """
    items = [i for i in items if i.phone]
    if len(items) <= limit:
        return list(items), []
    ranked = sorted(items, key=lambda i: (not i.tab, i.order, i.path))[: limit - 1]
    return [i for i in items if i in ranked], [i for i in items if i not in ranked]
