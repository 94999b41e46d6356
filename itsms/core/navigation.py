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


_items: dict[str, NavItem] = {}


def register(item: NavItem) -> None:
    _items[item.key] = item


def items_for(membership: Membership) -> list[NavItem]:
    return [i for i in sorted(_items.values(), key=lambda i: i.order) if i.allowed(membership)]
