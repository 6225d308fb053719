"""The navigation frame: each domain declares its entries (`registry.nav`, of `NavItem`)."""

from __future__ import annotations

from ioc.registry import NavItem

MAX_TABS = 5


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
