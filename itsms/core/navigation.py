"""The main navigation. Each app registers its entries when it loads, so only modules that exist appear."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.utils.functional import Promise

from .models import Membership


@dataclass(frozen=True)
class NavItem:
    key: str
    label: str | Promise
    url_name: str
    allowed: Callable[[Membership], bool]
    order: int = 100
    # The menu this entry sits in (a NavGroup key); empty for a top-level entry.
    group: str = ""


@dataclass(frozen=True)
class NavGroup:
    key: str
    label: str | Promise
    order: int


@dataclass
class MenuEntry:
    """What the navigation bar shows: one link, or a dropdown of the member's allowed links in a group."""

    key: str
    label: str | Promise
    order: int
    item: NavItem | None = None
    children: list[NavItem] | None = None


_items: dict[str, NavItem] = {}
_groups: dict[str, NavGroup] = {}


def register(item: NavItem) -> None:
    _items[item.key] = item


def register_group(group: NavGroup) -> None:
    _groups[group.key] = group


def items_for(membership: Membership) -> list[NavItem]:
    return [i for i in sorted(_items.values(), key=lambda i: i.order) if i.allowed(membership)]


def menu_for(membership: Membership) -> list[MenuEntry]:
    entries: dict[str, MenuEntry] = {}
    for item in items_for(membership):
        group = _groups.get(item.group)
        if group is None:
            entries[item.key] = MenuEntry(key=item.key, label=item.label, order=item.order, item=item)
            continue
        entry = entries.setdefault(
            group.key, MenuEntry(key=group.key, label=group.label, order=group.order, children=[])
        )
        assert entry.children is not None
        entry.children.append(item)
    return sorted(entries.values(), key=lambda e: e.order)
