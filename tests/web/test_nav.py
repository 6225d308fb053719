"""The phone's bottom tab bar: at most five tabs, flagged entries first, the rest behind "Thêm"."""

from __future__ import annotations

from ioc.plugins import default_registry
from ioc.web.nav import NavItem, tab_bar


def _items(n: int, flagged: tuple[int, ...] = ()) -> list[NavItem]:
    return [NavItem(f"/p{i}", f"Trang {i}", "list", order=i * 10, tab=i in flagged) for i in range(n)]


def test_every_entry_is_a_tab_when_five_or_fewer():
    items = _items(5)
    assert tab_bar(items) == (items, [])
    assert tab_bar(_items(2)) == (_items(2), [])


def test_more_than_five_gives_four_tabs_flagged_first_and_the_rest_behind_more():
    items = _items(8, flagged=(1, 5, 6, 7))
    tabs, more = tab_bar(items)
    assert [t.path for t in tabs] == ["/p1", "/p5", "/p6", "/p7"]  # the flagged ones, in navigation order
    assert [m.path for m in more] == ["/p0", "/p2", "/p3", "/p4"]
    tabs, more = tab_bar(_items(7, flagged=(3,)))
    assert [t.path for t in tabs] == ["/p0", "/p1", "/p2", "/p3"] and len(more) == 3  # then by order


def nav_items(role: str) -> list[NavItem]:
    return default_registry().nav_items(role)


def test_every_role_reaches_every_page_from_the_tab_bar():
    for role in ("admin", "leader", "operator", "agency_officer"):
        items = nav_items(role)
        tabs, more = tab_bar(items)
        assert len(tabs) + (1 if more else 0) <= 5
        phone = [i for i in items if i.phone]
        assert tabs + more == phone or sorted(tabs + more, key=items.index) == phone
    assert "/wall" in [i.path for i in nav_items("leader")]
    assert "/wall" not in [i.path for i in nav_items("agency_officer")]


def test_the_wall_is_not_offered_on_a_phone():
    for role in ("admin", "leader", "operator"):
        items = nav_items(role)
        tabs, more = tab_bar(items)
        assert "/wall" in [i.path for i in items]  # the desktop menu keeps it
        assert "/wall" not in [i.path for i in tabs + more]
