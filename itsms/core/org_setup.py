"""What a new organization can start with, registered by the areas (core imports none of them).

The "create organization" page offers each registered starter's choices (the programme registers its
templates) and calls the chosen starter inside the same transaction as the organization itself, so a
failed start leaves no half-made tenant behind.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from django.utils.functional import Promise

from .models import Organization, User


@dataclass(frozen=True)
class Starter:
    key: str
    label: str | Promise
    # (value, label) pairs the creator may choose from; the first is the default.
    choices: Callable[[User], list[tuple[str, str]]]
    # Starts the chosen value for the new organization (the creator is its admin by then).
    start: Callable[[User, Organization, str, dt.date], object]


_starters: dict[str, Starter] = {}


def register_starter(starter: Starter) -> None:
    _starters[starter.key] = starter


def starters() -> list[Starter]:
    return [_starters[k] for k in sorted(_starters)]
